/** Encryption of secrets at rest (adapters/security/secret-box.ts implements it). */
export interface SecretBox {
  /** Names the key this box seals with (for logs and rotation; not secret). */
  readonly keyId: string;
  /** Encrypts `plain`, bound to `context` (e.g. the row it is stored in): it opens only with the same context. */
  seal(plain: string, context: string): string;
  /** Decrypts a sealed value; throws when it was altered, sealed for another context, or with a key this box lacks. */
  open(sealed: string, context: string): string;
}
