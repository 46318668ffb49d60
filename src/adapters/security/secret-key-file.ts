/**
 * The embedded store's secret key: generated on first start into the data folder, so `npm start`
 * needs no configuration and the key travels with (and is backed up with) the data it protects.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SECRET_KEY_BYTES } from './secret-box.js';

export const SECRET_KEY_FILE = 'secret.key';

/**
 * Reads `<dataDir>/secret.key`, creating it (32 random bytes, base64, mode 0600) when absent.
 * Exclusive creation: two processes racing on a fresh folder end up with the same key.
 */
export function readOrCreateKeyFile(dataDir: string): { key: Buffer; created: boolean; file: string } {
  const file = path.join(dataDir, SECRET_KEY_FILE);
  fs.mkdirSync(dataDir, { recursive: true });
  let created = false;
  try {
    fs.writeFileSync(file, `${randomBytes(SECRET_KEY_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    created = true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  // Only the owner may read it, whatever a copy or an extraction left behind.
  if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
  const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== SECRET_KEY_BYTES) {
    throw new Error(`${file} does not hold a ${SECRET_KEY_BYTES}-byte base64 key; restore it from a backup (channel secrets cannot be read without it)`);
  }
  return { key, created, file };
}
