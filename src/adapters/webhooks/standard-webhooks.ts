/**
 * Signing per the Standard Webhooks specification (standardwebhooks.com): the secret is `whsec_`
 * followed by base64 key bytes; the signature is `v1,` + base64(HMAC-SHA256(key, `${id}.${timestamp}.${body}`))
 * with the timestamp in whole seconds since the epoch.
 */
import { createHmac } from 'node:crypto';

const PREFIX = 'whsec_';

/** The HMAC key of a `whsec_…` secret. */
export function secretKeyOf(secret: string): Buffer {
  if (!secret.startsWith(PREFIX)) throw new Error('a webhook secret starts with whsec_');
  return Buffer.from(secret.slice(PREFIX.length), 'base64');
}

/** A new secret from random key bytes (24 bytes: 192 bits, as the spec's reference libraries make). */
export function secretFromBytes(key: Uint8Array): string {
  return PREFIX + Buffer.from(key).toString('base64');
}

/** The three headers of one delivery. */
export function signedHeaders(key: Buffer, id: string, timestamp: number, body: string): Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string> {
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': `v1,${signature}` };
}
