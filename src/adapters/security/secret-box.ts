/**
 * Secrets at rest (channel credentials): AES-256-GCM with a 32-byte key from SAPA_SECRET_KEY or
 * the embedded store's generated key file.
 *
 * Sealed format, every part base64url:  v1:<key id>:<iv 12 B>:<tag 16 B>:<ciphertext>
 * - the version lets the format change later without guessing;
 * - the key id (first 6 bytes of a SHA-256 of the key) says which key sealed it, so a box can hold
 *   the current key and older ones while secrets are re-sealed (rotation), and a wrong key is told
 *   apart from a tampered value;
 * - the context (e.g. `channel_accounts:<workspace id>:whatsapp`) is authenticated data: a sealed
 *   value copied into another workspace's row does not open there.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, scryptSync } from 'node:crypto';
import type { SecretBox } from '../../app/secret-box.port.js';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const SECRET_KEY_BYTES = 32;
/** The shortest passphrase accepted for SAPA_SECRET_KEY (config/env.ts checks the same). */
export const MIN_PASSPHRASE_LENGTH = 16;

export type SecretBoxFailure = 'malformed' | 'unknown_key' | 'tampered';

/** A sealed value that cannot be opened: not ours, sealed with a key this box lacks, or altered. */
export class SecretBoxError extends Error {
  constructor(readonly reason: SecretBoxFailure, detail: string) {
    super(detail);
    this.name = 'SecretBoxError';
  }
}

/**
 * The 32-byte key a SAPA_SECRET_KEY value stands for: 64 hex characters or base64 (standard or
 * url-safe) of exactly 32 bytes are the key itself; anything else is a passphrase stretched with
 * scrypt (N=2^15, r=8, p=1). The salt is fixed because every process must derive the same key from
 * the same value; a passphrase should therefore be long and random, not a word.
 */
export function secretKeyFrom(value: string): Buffer {
  const v = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(v)) return Buffer.from(v, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(v)) {
    const bytes = Buffer.from(v, 'base64');
    if (bytes.length === SECRET_KEY_BYTES) return bytes;
  }
  if (v.length < MIN_PASSPHRASE_LENGTH) {
    throw new Error(`A secret key needs 32 bytes as 64 hex or base64 characters, or a passphrase of at least ${MIN_PASSPHRASE_LENGTH} characters`);
  }
  return scryptSync(v, 'sapa/secret-key/v1', SECRET_KEY_BYTES, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
}

/** The short public name of a key, written into every value it seals. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('sapa/secret-box/key-id\0').update(key).digest().subarray(0, 6).toString('base64url');
}

/**
 * A SecretBox sealing with `key`; it also opens values sealed with any of `previous` (keys being
 * rotated out). Throws SecretBoxError when a value cannot be opened.
 */
export function createSecretBox(key: Buffer, previous: readonly Buffer[] = []): SecretBox {
  for (const k of [key, ...previous]) {
    if (k.length !== SECRET_KEY_BYTES) throw new Error(`A secret key is ${SECRET_KEY_BYTES} bytes, got ${k.length}`);
  }
  const keyId = keyIdOf(key);
  const keys = new Map([key, ...previous].map((k) => [keyIdOf(k), Buffer.from(k)] as const).reverse());
  const aad = (id: string, context: string) => Buffer.from(`${VERSION}:${id}:${context}`, 'utf8');

  return {
    keyId,
    seal(plain, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', keys.get(keyId)!, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(aad(keyId, context));
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [VERSION, keyId, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join(':');
    },
    open(sealed, context) {
      const parts = sealed.split(':');
      if (parts.length !== 5 || parts[0] !== VERSION) throw new SecretBoxError('malformed', `Not a ${VERSION} sealed value`);
      const [, id, ivText, tagText, dataText] = parts as [string, string, string, string, string];
      const k = keys.get(id);
      if (!k) throw new SecretBoxError('unknown_key', `Sealed with key ${id}, which this server does not have (SAPA_SECRET_KEY changed?)`);
      const iv = Buffer.from(ivText, 'base64url');
      const tag = Buffer.from(tagText, 'base64url');
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new SecretBoxError('malformed', 'Bad IV or tag length');
      try {
        const decipher = createDecipheriv('aes-256-gcm', k, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(aad(id, context));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(Buffer.from(dataText, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretBoxError('tampered', 'The sealed value was altered or belongs to another record');
      }
    },
  };
}
