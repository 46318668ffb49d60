// Where the key sealing channel secrets comes from. Embedded store: generated into the data folder
// on first start (0600) and the stored row holds only ciphertext. PostgreSQL without
// SAPA_SECRET_KEY: saving an account is refused naming the variable, and WHATSAPP_* keeps working.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelAccountContext } from '../../../src/app/channel-account.port.js';
import { createSecretBox } from '../../../src/adapters/security/secret-box.js';
import { readOrCreateKeyFile } from '../../../src/adapters/security/secret-key-file.js';
import { startFakeWhatsApp, type FakeWhatsApp } from '../../support/fake-whatsapp/server.js';
import { eventually, startTestApp, type TestApp } from '../../support/test-app.js';
import { storeKindUnderTest } from '../../support/test-store.js';

const ACCOUNT = { phoneNumberId: '301234567890123', wabaId: '3099', accessToken: 'EAAG-secret-key-test-9911', appSecret: 'app-secret-key-test-2233', verifyToken: 'verify-key-test-5544' };

let wa: FakeWhatsApp;
let t: TestApp;
beforeAll(async () => {
  wa = await startFakeWhatsApp();
  t = await startTestApp({ whatsapp: wa });
});
afterAll(async () => {
  await t?.close();
  await wa?.close();
});

describe.runIf(storeKindUnderTest() === 'pglite')('embedded store without SAPA_SECRET_KEY', () => {
  it('generates the key into the data folder, readable by the owner only, and stores only ciphertext', async () => {
    const file = path.join(t.rt.config.dataDir, 'secret.key');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const res = await t.api('/api/v1/channels/whatsapp', { method: 'PUT', json: ACCOUNT });
    expect(res.status, await res.clone().text()).toBe(200);
    const workspaceId = (await t.rt.deps.store.workspaces.first())!.id;
    const row = (await t.rt.deps.store.channelAccounts.get(workspaceId, 'whatsapp'))!;
    expect(row.secrets).toMatch(/^v1:/);
    for (const secret of [ACCOUNT.accessToken, ACCOUNT.appSecret, ACCOUNT.verifyToken]) expect(row.secrets).not.toContain(secret);
    const box = createSecretBox(readOrCreateKeyFile(t.rt.config.dataDir).key);
    expect(JSON.parse(box.open(row.secrets, channelAccountContext(workspaceId, 'whatsapp')))).toEqual({
      accessToken: ACCOUNT.accessToken, appSecret: ACCOUNT.appSecret, verifyToken: ACCOUNT.verifyToken,
    });
  });
});

describe.runIf(storeKindUnderTest() === 'postgres')('PostgreSQL without SAPA_SECRET_KEY', () => {
  it('refuses to save an account with a problem naming SAPA_SECRET_KEY, writes no key file, keeps WHATSAPP_* working', async () => {
    const res = await t.api('/api/v1/channels/whatsapp', { method: 'PUT', json: ACCOUNT });
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const body = await res.json();
    expect(body).toMatchObject({ code: 'channels.secret_key_missing', status: 409 });
    expect(body.detail).toContain('SAPA_SECRET_KEY');
    expect(fs.existsSync(path.join(t.rt.config.dataDir, 'secret.key'))).toBe(false);

    expect(await (await t.api('/api/v1/channels/whatsapp')).json()).toMatchObject({ source: 'environment', phoneNumberId: wa.phoneNumberId });
    const tpl = await (await t.api('/api/v1/templates', { method: 'POST', json: { code: 'Kunci', message: 'Halo {contactname}' } })).json();
    await t.api('/api/v1/automations', { method: 'POST', json: { name: 'k', trigger: 'order.created', templateId: tpl.id } });
    const ev = await (await t.api('/api/v1/events', { method: 'POST', json: { id: 'evt-key-1', type: 'order.created', contact: { name: 'Budi', phone: '0812-1111-2222' }, order: { number: 'SO-K1' } } })).json();
    await eventually(async () => ((await (await t.api(`/api/v1/messages/${ev.messages[0].id}`)).json()).status === 'sent' ? true : undefined), 15_000, 'sent via WHATSAPP_*');
    expect(wa.sent().some((r) => r.path === `/v21.0/${wa.phoneNumberId}/messages`)).toBe(true);
  });
});
