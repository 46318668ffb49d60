// The WhatsApp account use cases against in-memory ports: masking, keeping secrets left empty,
// one number per workspace, the server's own number, roles, and a server without a secret key.
import { beforeEach, describe, expect, it } from 'vitest';
import type { WhatsAppCredentials } from '../contracts/channels.js';
import type { ChannelAccountRecord, ChannelAccountRepo } from './channel-account.port.js';
import { maskSecret, openWhatsAppAccount, readWhatsAppAccount, saveWhatsAppAccount, type ChannelAccountDeps } from './channel-accounts.js';
import { AppError } from './errors.js';
import { permissionsOfRole } from '../domain/permissions.js';
import type { Principal } from './ports.js';
import type { Role } from './records.js';
import type { SecretBox } from './secret-box.port.js';

/** A reversible stand-in for the AES box that still binds each value to its context. */
const fakeBox: SecretBox = {
  keyId: 'test-key',
  seal: (plain, context) => `sealed|${context}|${Buffer.from(plain).toString('base64')}`,
  open(sealed, context) {
    const [tag, ctx, data] = sealed.split('|');
    if (tag !== 'sealed' || ctx !== context) throw new Error('cannot open');
    return Buffer.from(data ?? '', 'base64').toString();
  },
};

function memoryAccounts(): ChannelAccountRepo & { rows: ChannelAccountRecord[] } {
  const rows: ChannelAccountRecord[] = [];
  return {
    rows,
    async get(workspaceId, channel) {
      return rows.find((r) => r.workspaceId === workspaceId && r.channel === channel) ?? null;
    },
    async upsert(workspaceId, account, now) {
      if (rows.some((r) => r.channel === account.channel && r.senderKey === account.senderKey && r.workspaceId !== workspaceId)) return 'sender_taken';
      const i = rows.findIndex((r) => r.workspaceId === workspaceId && r.channel === account.channel);
      const row: ChannelAccountRecord = { id: `acc-${workspaceId}`, workspaceId, ...account, createdAt: rows[i]?.createdAt ?? now, updatedAt: now };
      if (i >= 0) rows[i] = row;
      else rows.push(row);
      return row;
    },
    async findBySender(channel, senderKey) {
      return rows.find((r) => r.channel === channel && r.senderKey === senderKey) ?? null;
    },
    async listByChannel(channel, limit) {
      return rows.filter((r) => r.channel === channel).slice(0, limit);
    },
  };
}

const person = (workspaceId: string, role: Role): Principal => ({
  workspaceId, userId: `u-${workspaceId}`, role, scopes: null, via: 'session', permissions: permissionsOfRole(role), actor: `${role}@toko.test`, address: '10.0.0.1',
});
const A = person('ws-a', 'owner');
const B = person('ws-b', 'owner');
const full = { phoneNumberId: '111222333', wabaId: '444555', accessToken: 'EAAG-access-token-b-1234', appSecret: 'app-secret-b-abcdef', verifyToken: 'verify-b-token' };

let accounts: ReturnType<typeof memoryAccounts>;
let saved: string[];
let logged: unknown[];
let audited: { action: string; actor: string; targetType: string | null }[];
let env: WhatsAppCredentials | null;
let box: SecretBox | null;

const deps = (): ChannelAccountDeps => ({
  store: {
    channelAccounts: accounts,
    workspaces: { first: async () => ({ id: 'ws-a', name: 'A', timezone: 'Asia/Jakarta', attributionWindowHours: 72, createdAt: new Date(0) }) },
    audit: { append: async (_ws, entry) => void audited.push(entry) },
  },
  clock: { now: () => new Date('2026-11-25T00:00:00Z') },
  log: { debug: (o) => logged.push(o), info: (o) => logged.push(o), warn: (o) => logged.push(o), error: (o) => logged.push(o) },
  channelAccounts: { box, whatsappEnvironment: env, whatsappDefaultRate: 80, publicUrl: 'https://toko.example/', accountSaved: (ws) => saved.push(ws) },
});

async function codeOf(run: Promise<unknown>): Promise<{ code: string; errors: readonly { field: string; reason: string }[] }> {
  try {
    await run;
  } catch (err) {
    if (err instanceof AppError) return { code: err.code, errors: err.errors };
    throw err;
  }
  throw new Error('expected an AppError');
}

beforeEach(() => {
  accounts = memoryAccounts();
  saved = [];
  logged = [];
  audited = [];
  env = null;
  box = fakeBox;
});

describe('maskSecret', () => {
  it('shows the last 4 characters of long secrets only', () => {
    expect(maskSecret('EAAG-access-token-b-1234')).toBe('••••1234');
    expect(maskSecret('short-token')).toBe('••••');
  });
});

describe('readWhatsAppAccount', () => {
  it('answers sandbox for a workspace with nothing, with the webhook URL from SAPA_PUBLIC_URL', async () => {
    expect(await readWhatsAppAccount(deps(), B)).toEqual({
      configured: false, source: 'sandbox', phoneNumberId: null, wabaId: null, appId: null, accessToken: null, appSecret: null, verifyToken: null,
      ratePerSecond: null, webhookUrl: 'https://toko.example/webhooks/whatsapp',
    });
  });

  it("answers the environment's number, masked, to the first workspace only", async () => {
    env = { phoneNumberId: '999', accessToken: 'env-access-token-9999', appSecret: 'env-app-secret-8888', verifyToken: 'env-verify' };
    expect(await readWhatsAppAccount(deps(), A)).toMatchObject({
      configured: true, source: 'environment', phoneNumberId: '999', accessToken: '••••9999', appSecret: '••••8888', verifyToken: '••••', ratePerSecond: 80,
    });
    expect((await readWhatsAppAccount(deps(), B)).source).toBe('sandbox');
  });

  it('refuses agents', async () => {
    expect((await codeOf(readWhatsAppAccount(deps(), person('ws-b', 'agent')))).code).toBe('auth.forbidden');
  });
});

describe('saveWhatsAppAccount', () => {
  it('stores the secrets sealed for the row, answers them masked, and tells the routes', async () => {
    const view = await saveWhatsAppAccount(deps(), B, full);
    expect(audited).toEqual([expect.objectContaining({ action: 'channel_account.saved', actor: 'owner@toko.test', targetType: 'channel_account' })]);
    expect(view).toMatchObject({ configured: true, source: 'workspace', phoneNumberId: '111222333', wabaId: '444555', accessToken: '••••1234', appSecret: '••••cdef', verifyToken: '••••oken', ratePerSecond: 80 });
    const row = accounts.rows[0]!;
    expect(row).toMatchObject({ workspaceId: 'ws-b', channel: 'whatsapp', senderKey: '111222333', settings: { wabaId: '444555' }, ratePerSecond: null });
    expect(row.secrets).not.toContain('EAAG');
    expect(openWhatsAppAccount(fakeBox, row)).toEqual(full);
    expect(saved).toEqual(['ws-b']);
    expect(JSON.stringify(logged)).not.toMatch(/EAAG|app-secret|verify-b/);
  });

  it('keeps stored secrets that are left empty or absent, and replaces those given', async () => {
    await saveWhatsAppAccount(deps(), B, full);
    await saveWhatsAppAccount(deps(), B, { phoneNumberId: '111222333', wabaId: '', accessToken: '', appSecret: null, verifyToken: 'verify-b-new-token', ratePerSecond: 20 });
    expect(openWhatsAppAccount(fakeBox, accounts.rows[0]!)).toEqual({ ...full, wabaId: undefined, verifyToken: 'verify-b-new-token' });
    expect(accounts.rows[0]!.ratePerSecond).toBe(20);
    // ratePerSecond absent: unchanged; null: back to the server's default.
    await saveWhatsAppAccount(deps(), B, { phoneNumberId: '111222333' });
    expect(accounts.rows[0]!.ratePerSecond).toBe(20);
    await saveWhatsAppAccount(deps(), B, { phoneNumberId: '111222333', ratePerSecond: null });
    expect(accounts.rows[0]!.ratePerSecond).toBeNull();
  });

  it('names every missing secret on a first save', async () => {
    const e = await codeOf(saveWhatsAppAccount(deps(), B, { phoneNumberId: '111222333', accessToken: 'EAAG-x' }));
    expect(e.code).toBe('channels.incomplete');
    expect(e.errors.map((i) => [i.field, i.reason])).toEqual([['appSecret', 'required'], ['verifyToken', 'required']]);
    expect(accounts.rows).toHaveLength(0);
  });

  it("refuses another workspace's number, and the server's own number outside the first workspace", async () => {
    await saveWhatsAppAccount(deps(), B, full);
    const taken = await codeOf(saveWhatsAppAccount(deps(), A, full));
    expect(taken).toMatchObject({ code: 'channels.phone_number_in_use', errors: [{ field: 'phoneNumberId' }] });
    env = { phoneNumberId: '999', accessToken: 'env-access-token-9999', appSecret: 'env-app-secret-8888', verifyToken: 'env-verify' };
    expect((await codeOf(saveWhatsAppAccount(deps(), B, { ...full, phoneNumberId: '999' }))).code).toBe('channels.phone_number_in_use');
    // The first workspace may move its env number into an account of its own.
    expect((await saveWhatsAppAccount(deps(), A, { ...full, phoneNumberId: '999' })).source).toBe('workspace');
  });

  it('refuses agents', async () => {
    expect((await codeOf(saveWhatsAppAccount(deps(), person('ws-b', 'agent'), full))).code).toBe('auth.forbidden');
    // admins see the number (masked) but only owners change it
    expect((await readWhatsAppAccount(deps(), person('ws-b', 'admin'))).configured).toBe(false);
    expect((await codeOf(saveWhatsAppAccount(deps(), person('ws-b', 'admin'), full))).code).toBe('auth.forbidden');
  });

  it('refuses to save without a secret key, naming SAPA_SECRET_KEY', async () => {
    box = null;
    const e = saveWhatsAppAccount(deps(), B, full);
    await expect(e).rejects.toThrow(/SAPA_SECRET_KEY/);
    expect((await codeOf(saveWhatsAppAccount(deps(), B, full))).code).toBe('channels.secret_key_missing');
  });

  it('asks for secrets again when the stored ones can no longer be opened', async () => {
    await saveWhatsAppAccount(deps(), B, full);
    accounts.rows[0]!.secrets = 'sealed|another-row|AAAA';
    expect((await readWhatsAppAccount(deps(), B)).accessToken).toBe('••••');
    const e = await codeOf(saveWhatsAppAccount(deps(), B, { phoneNumberId: '111222333' }));
    expect(e.errors.map((i) => i.field)).toEqual(['accessToken', 'appSecret', 'verifyToken']);
  });
});
