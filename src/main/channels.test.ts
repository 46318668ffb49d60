// The channel registry's choice per workspace (own account, then WHATSAPP_* for the first
// workspace, then the sandbox), its cache (forgotten on a save here, expired for saves elsewhere),
// and an account whose secrets cannot be opened: its sends wait, they never go to the sandbox.
import { createHmac, randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ChannelAccountRecord, ChannelAccountRepo } from '../app/channel-account.port.js';
import { channelAccountContext } from '../app/channel-account.port.js';
import type { SecretBox } from '../app/secret-box.port.js';
import { createSecretBox } from '../adapters/security/secret-box.js';
import { loadConfig } from '../config/env.js';
import { createChannels } from './channels.js';
import type { HttpPost } from '../adapters/channels/keep-alive-http.js';

const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const ENV = { WHATSAPP_PHONE_NUMBER_ID: '100', WHATSAPP_ACCESS_TOKEN: 'env-token', WHATSAPP_APP_SECRET: 'env-secret', WHATSAPP_VERIFY_TOKEN: 'env-verify', WHATSAPP_API_BASE: 'http://graph.test' };

let rows: ChannelAccountRecord[];
const accounts: ChannelAccountRepo = {
  get: async (ws, channel) => rows.find((r) => r.workspaceId === ws && r.channel === channel) ?? null,
  upsert: async () => 'sender_taken',
  findBySender: async (channel, key) => rows.find((r) => r.channel === channel && r.senderKey === key) ?? null,
  listByChannel: async (channel) => rows.filter((r) => r.channel === channel),
};
let box: SecretBox;

function account(workspaceId: string, phoneNumberId: string, secrets: Record<string, string>, ratePerSecond: number | null = null): ChannelAccountRecord {
  return {
    id: `acc-${workspaceId}`, workspaceId, channel: 'whatsapp', senderKey: phoneNumberId, settings: {}, ratePerSecond,
    secrets: box.seal(JSON.stringify(secrets), channelAccountContext(workspaceId, 'whatsapp')), createdAt: new Date(0), updatedAt: new Date(0),
  };
}

const notUsed = (): never => {
  throw new Error('web push is not configured in these tests');
};

function channels(ttlMs = 60_000, env: Record<string, string> = ENV, sent: string[] = []) {
  const httpStub: HttpPost = async (url, request) => {
    sent.push(`${url} ${request.headers.authorization}`);
    return { status: 200, statusText: 'OK', header: () => null, body: JSON.stringify({ messages: [{ id: 'wamid.X' }] }) };
  };
  return createChannels(loadConfig(env), {
    sandbox: { record: async () => undefined, list: async () => [] },
    workspaces: { first: async () => ({ id: 'ws-first', name: 'A', timezone: 'Asia/Jakarta', attributionWindowHours: 72, createdAt: new Date(0) }) },
    channelAccounts: accounts,
    // Web push is not configured here (no VAPID_SUBJECT): these are never reached.
    pushSubscriptions: { save: notUsed, forContact: notUsed, remove: notUsed, touch: notUsed },
    workspaceKeys: { get: notUsed, keep: notUsed },
  }, { box, log: silent, http: httpStub, ttlMs });
}

const message = { id: 'm1', workspaceId: 'ws-b', channel: 'whatsapp' as const, to: '+628123', body: 'Halo', content: { channel: 'whatsapp' as const, template: null, params: [] }, windowOpen: true };

beforeEach(() => {
  rows = [];
  box = createSecretBox(randomBytes(32));
});

describe('createChannels: routes', () => {
  it("uses the workspace's own account, else WHATSAPP_* for the first workspace, else the sandbox", async () => {
    const sent: string[] = [];
    rows.push(account('ws-b', '200', { accessToken: 'token-b', appSecret: 'secret-b', verifyToken: 'verify-b' }, 25));
    const c = channels(60_000, ENV, sent);
    const b = (await c.registry.resolve('ws-b', 'whatsapp'))!;
    expect(b).toMatchObject({ senderKey: 'whatsapp:200', ratePerSecond: 25 });
    expect(b.channel.transport).toBe('whatsapp-cloud');
    expect(await b.channel.send(message)).toEqual({ ok: true, providerMessageId: 'wamid.X' });
    expect(sent).toEqual(['http://graph.test/v21.0/200/messages Bearer token-b']);
    expect(await c.registry.resolve('ws-first', 'whatsapp')).toMatchObject({ senderKey: 'whatsapp:100', ratePerSecond: 80 });
    const other = (await c.registry.resolve('ws-c', 'whatsapp'))!;
    expect(other).toMatchObject({ senderKey: 'sandbox:ws-c', ratePerSecond: null });
    expect(other.channel.transport).toBe('sandbox');
  });

  it('forgets a saved workspace at once in this process, and sees saves elsewhere after the TTL', async () => {
    const here = channels(60_000);
    const elsewhere = channels(80);
    expect((await here.registry.resolve('ws-b', 'whatsapp'))!.channel.transport).toBe('sandbox');
    expect((await elsewhere.registry.resolve('ws-b', 'whatsapp'))!.channel.transport).toBe('sandbox');
    rows.push(account('ws-b', '200', { accessToken: 'token-b', appSecret: 'secret-b', verifyToken: 'verify-b' }));
    here.accounts.accountSaved('ws-b');
    expect((await here.registry.resolve('ws-b', 'whatsapp'))!.senderKey).toBe('whatsapp:200');
    expect((await elsewhere.registry.resolve('ws-b', 'whatsapp'))!.channel.transport).toBe('sandbox');
    await new Promise((r) => setTimeout(r, 100));
    expect((await elsewhere.registry.resolve('ws-b', 'whatsapp'))!.senderKey).toBe('whatsapp:200');
  });

  it('keeps the messages of an account it cannot open waiting, with the reason, instead of using the sandbox', async () => {
    const sealedElsewhere = account('ws-b', '200', { accessToken: 'token-b', appSecret: 'secret-b', verifyToken: 'verify-b' });
    box = createSecretBox(randomBytes(32));
    rows.push(sealedElsewhere);
    const route = (await channels().registry.resolve('ws-b', 'whatsapp'))!;
    expect(route.senderKey).toBe('whatsapp:200');
    expect(await route.channel.send(message)).toMatchObject({ ok: false, reason: 'channel_account_unreadable', failureClass: 'transient' });
  });
});

describe('createChannels: webhooks', () => {
  const payload = (phoneNumberId: string) => ({
    object: 'whatsapp_business_account',
    entry: [{ id: '1', changes: [{ field: 'messages', value: { metadata: { phone_number_id: phoneNumberId }, messages: [{ from: '628123', id: 'wamid.in', timestamp: '1700000000', type: 'text', text: { body: 'STOP' } }] } }] }],
  });
  /** Signed as Meta signs: X-Hub-Signature-256 = HMAC-SHA256(app secret, body). */
  const routed = (c: ReturnType<typeof channels>, secret: string, phoneNumberId: string) => {
    const body = JSON.stringify(payload(phoneNumberId));
    const headers = { 'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}` };
    return c.whatsappWebhooks.route({ rawBody: Buffer.from(body), headers });
  };

  it("sends each number's notification to its workspace, checked with its own app secret", async () => {
    rows.push(account('ws-b', '200', { accessToken: 'token-b', appSecret: 'secret-b', verifyToken: 'verify-b' }));
    const c = channels();
    expect(await routed(c, 'secret-b', '200')).toMatchObject({ ok: true, parts: [{ workspaceId: 'ws-b' }], ignoredNumbers: [] });
    expect(await routed(c, 'env-secret', '100')).toMatchObject({ ok: true, parts: [{ workspaceId: 'ws-first' }] });
    expect(await routed(c, 'env-secret', '200')).toEqual({ ok: false, reason: 'bad_signature' });
    expect(await routed(c, 'secret-b', '100')).toEqual({ ok: false, reason: 'bad_signature' });
    expect(await routed(c, 'anything', '999')).toEqual({ ok: true, parts: [], ignoredNumbers: ['999'] });
  });

  it("answers the handshake for the environment's verify token and every account's", async () => {
    rows.push(account('ws-b', '200', { accessToken: 'token-b', appSecret: 'secret-b', verifyToken: 'verify-b' }));
    const c = channels();
    const hs = (token: string) => c.whatsappWebhooks.verifySubscription({ 'hub.mode': 'subscribe', 'hub.verify_token': token, 'hub.challenge': '42' });
    expect(await hs('verify-b')).toBe('42');
    expect(await hs('env-verify')).toBe('42');
    expect(await hs('verify-c')).toBeNull();
    expect(await channels(60_000, {}).whatsappWebhooks.verifySubscription({ 'hub.mode': 'subscribe', 'hub.verify_token': 'env-verify', 'hub.challenge': '1' })).toBeNull();
  });
});
