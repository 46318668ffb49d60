// The secret box: what goes in comes out, and nothing else does — a flipped bit, another record's
// context, another key or a foreign format each end in a SecretBoxError, never in wrong plaintext.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSecretBox, keyIdOf, SecretBoxError, secretKeyFrom } from './secret-box.js';
import { readOrCreateKeyFile } from './secret-key-file.js';

const key = () => randomBytes(32);
const CONTEXT = 'channel_accounts:ws-1:whatsapp';

function failure(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    if (err instanceof SecretBoxError) return err.reason;
    throw err;
  }
  throw new Error('expected a SecretBoxError');
}

describe('createSecretBox', () => {
  it('round-trips any text, including empty, non-ASCII and long values', () => {
    const box = createSecretBox(key());
    for (const plain of ['', 'EAAG-token', '{"accessToken":"x","appSecret":"y"}', 'Kopi ☕ dan teh 🍵', 'x'.repeat(100_000)]) {
      expect(box.open(box.seal(plain, CONTEXT), CONTEXT)).toBe(plain);
    }
  });

  it('writes the versioned format with the key id, a fresh IV each time, and no plaintext', () => {
    const k = key();
    const box = createSecretBox(k);
    const a = box.seal('rahasia-sekali', CONTEXT);
    const b = box.seal('rahasia-sekali', CONTEXT);
    expect(a).toMatch(/^v1:[A-Za-z0-9_-]{8}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]+$/);
    expect(a.split(':')[1]).toBe(keyIdOf(k));
    expect(box.keyId).toBe(keyIdOf(k));
    expect(a).not.toBe(b);
    expect(a).not.toContain('rahasia');
  });

  it('refuses a tampered ciphertext, tag or IV', () => {
    const box = createSecretBox(key());
    const sealed = box.seal('access-token-123', CONTEXT);
    const parts = sealed.split(':');
    for (const i of [2, 3, 4]) {
      const bytes = Buffer.from(parts[i]!, 'base64url');
      bytes[0] = bytes[0]! ^ 0x01;
      const altered = [...parts];
      altered[i] = bytes.toString('base64url');
      expect(failure(() => box.open(altered.join(':'), CONTEXT)), `part ${i}`).toBe('tampered');
    }
  });

  it("refuses a value moved to another record's context", () => {
    const box = createSecretBox(key());
    const sealed = box.seal('access-token-123', CONTEXT);
    expect(failure(() => box.open(sealed, 'channel_accounts:ws-2:whatsapp'))).toBe('tampered');
  });

  it('refuses a value sealed with another key, naming the reason', () => {
    const sealed = createSecretBox(key()).seal('access-token-123', CONTEXT);
    expect(failure(() => createSecretBox(key()).open(sealed, CONTEXT))).toBe('unknown_key');
  });

  it('refuses a forged key id over another key as tampered', () => {
    const mine = createSecretBox(key());
    const forged = createSecretBox(key()).seal('x', CONTEXT).split(':');
    forged[1] = mine.keyId;
    expect(failure(() => mine.open(forged.join(':'), CONTEXT))).toBe('tampered');
  });

  it('refuses values that are not in the format', () => {
    const box = createSecretBox(key());
    for (const bad of ['', 'plain text', 'v2:a:b:c:d', 'v1:a:b:c', `v1:${box.keyId}:AAAA:AAAA:AAAA`]) {
      expect(failure(() => box.open(bad, CONTEXT)), bad).toMatch(/malformed|unknown_key/);
    }
  });

  it('opens values sealed with a previous key while sealing with the new one (rotation)', () => {
    const oldKey = key();
    const sealedOld = createSecretBox(oldKey).seal('lama', CONTEXT);
    const rotated = createSecretBox(key(), [oldKey]);
    expect(rotated.open(sealedOld, CONTEXT)).toBe('lama');
    expect(rotated.seal('baru', CONTEXT).split(':')[1]).toBe(rotated.keyId);
    expect(rotated.keyId).not.toBe(keyIdOf(oldKey));
  });

  it('refuses keys that are not 32 bytes', () => {
    expect(() => createSecretBox(randomBytes(16))).toThrow(/32 bytes/);
  });
});

describe('secretKeyFrom', () => {
  it('takes 64 hex characters and base64 (standard or url-safe) of 32 bytes as the key itself', () => {
    const k = key();
    expect(secretKeyFrom(k.toString('hex'))).toEqual(k);
    expect(secretKeyFrom(k.toString('base64'))).toEqual(k);
    expect(secretKeyFrom(` ${k.toString('base64url')}\n`)).toEqual(k);
  });

  it('stretches any other value of 16+ characters as a passphrase, the same way every time', () => {
    const a = secretKeyFrom('kuda lumping menari di pasar malam');
    expect(a).toHaveLength(32);
    expect(secretKeyFrom('kuda lumping menari di pasar malam')).toEqual(a);
    expect(secretKeyFrom('kuda lumping menari di pasar siang')).not.toEqual(a);
  });

  it('refuses a short passphrase', () => {
    expect(() => secretKeyFrom('pendek')).toThrow(/at least 16/);
  });
});

describe('readOrCreateKeyFile', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
  const tempDir = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'sapa-key-'));
    dirs.push(d);
    return d;
  };

  it('creates a 0600 key file once and reads the same key afterwards', () => {
    const dir = tempDir();
    const first = readOrCreateKeyFile(dir);
    expect(first.created).toBe(true);
    expect(first.key).toHaveLength(32);
    expect(fs.statSync(first.file).mode & 0o777).toBe(0o600);
    const again = readOrCreateKeyFile(dir);
    expect(again.created).toBe(false);
    expect(again.key).toEqual(first.key);
  });

  it('tightens a key file readable by others', () => {
    const dir = tempDir();
    const { file } = readOrCreateKeyFile(dir);
    fs.chmodSync(file, 0o644);
    readOrCreateKeyFile(dir);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('refuses a damaged key file instead of making a new key', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'secret.key'), 'kosong\n', { mode: 0o600 });
    expect(() => readOrCreateKeyFile(dir)).toThrow(/restore it from a backup/);
  });
});
