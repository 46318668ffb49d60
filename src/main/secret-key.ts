/**
 * The key that seals channel secrets: SAPA_SECRET_KEY when set; on the embedded store without it,
 * a key generated into the data folder on first start; on PostgreSQL without it, none (channel
 * accounts cannot be saved, and the API says so; WHATSAPP_* keeps working).
 */
import { contactTokenKey } from '../app/contact-token.js';
import type { LinkTokens } from '../app/link-tokens.port.js';
import type { SecretBox } from '../app/secret-box.port.js';
import { createLinkTokens } from '../adapters/security/link-tokens.js';
import { createSecretBox, secretKeyFrom } from '../adapters/security/secret-box.js';
import { readOrCreateKeyFile } from '../adapters/security/secret-key-file.js';
import type { Config } from '../config/env.js';

export interface LoadedSecretBox {
  box: SecretBox | null;
  /** Signs unsubscribe links, Message-IDs and tracking links with a key derived from the same secret; null without one. */
  links: LinkTokens | null;
  /** Where the key came from, for the start-up log (never the key). */
  source: 'SAPA_SECRET_KEY' | 'generated' | 'data folder' | 'none';
  /** Signs contact tokens (app/contact-token.ts): derived from the same key, null without one. */
  contactTokenKey: Buffer | null;
}

/** The secret box for this process; the store kind decides whether a key file may be used. */
export function loadSecretBox(config: Config, storeKind: 'pglite' | 'postgres'): LoadedSecretBox {
  if (config.secretKey) {
    const key = secretKeyFrom(config.secretKey);
    return { box: createSecretBox(key), links: createLinkTokens(key), source: 'SAPA_SECRET_KEY', contactTokenKey: contactTokenKey(key) };
  }
  // On PostgreSQL several processes on several machines share the data: only a configured key is the same everywhere.
  if (storeKind !== 'pglite') return { box: null, links: null, source: 'none', contactTokenKey: null };
  const file = readOrCreateKeyFile(config.dataDir);
  return { box: createSecretBox(file.key), links: createLinkTokens(file.key), source: file.created ? 'generated' : 'data folder', contactTokenKey: contactTokenKey(file.key) };
}
