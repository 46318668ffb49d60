// The audit log: each audited action writes its entry (who, what, target, from where), owners read
// it newest first in pages, nobody else reads it, and nothing in the API changes an entry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startTestApp, type TestApp } from '../../support/test-app.js';
import { storeKindUnderTest } from '../../support/test-store.js';
import { addMember, apiKeyClient, loginCookie } from '../../support/team.js';

interface Entry { id: number; at: string; actor: string; via: string; address: string | null; action: string; targetType: string | null; targetId: string | null; detail: Record<string, unknown> }

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: storeKindUnderTest() === 'postgres' ? { SAPA_SECRET_KEY: 'cGFzc3BocmFzZS1mb3ItdGhlLXNhcGEtdGVzdC1rZXk=' } : {} });
});
afterAll(async () => { await t?.close(); });

async function latest(action: string): Promise<Entry> {
  const res = await t.api(`/api/v1/audit?action=${action}&limit=1`);
  expect(res.status).toBe(200);
  const { items } = (await res.json()) as { items: Entry[] };
  expect(items, `no ${action} entry`).toHaveLength(1);
  return items[0]!;
}

describe('audit log', () => {
  it('records logins and failed logins with the client address', async () => {
    await t.client(null)('/api/v1/auth/login', { method: 'POST', json: { email: ADMIN.email, password: 'salah-sekali' } });
    expect(await latest('auth.login_failed')).toMatchObject({ actor: ADMIN.email, via: 'session', address: '127.0.0.1', detail: { reason: 'password' } });
    const cookie = await loginCookie(t, ADMIN.email, ADMIN.password);
    expect(await latest('auth.login')).toMatchObject({ actor: ADMIN.email, targetType: 'user', address: '127.0.0.1' });
    await t.client(cookie)('/api/v1/auth/logout', { method: 'POST' });
    expect(await latest('auth.logout')).toMatchObject({ actor: ADMIN.email, targetType: 'session' });
  });

  it('records member changes: invite, join, role, password reset, deactivation, own password', async () => {
    const inv = (await (await t.api('/api/v1/members/invite', { method: 'POST', json: { email: 'baru@toko.test', role: 'agent' } })).json()) as { id: string; link: string };
    expect(await latest('member.invited')).toMatchObject({ actor: ADMIN.email, targetId: inv.id, detail: { email: 'baru@toko.test', role: 'agent' } });
    const joined = (await (await t.client(null)('/api/v1/members/invite/accept', { method: 'POST', json: { token: inv.link.split('#')[1], name: 'Baru', password: 'baru-rahasia-1' } })).json()) as { id: string };
    expect(await latest('member.joined')).toMatchObject({ actor: 'baru@toko.test', targetId: joined.id });
    await t.api(`/api/v1/members/${joined.id}`, { method: 'PATCH', json: { role: 'admin' } });
    expect(await latest('member.role_changed')).toMatchObject({ targetId: joined.id, detail: { from: 'agent', to: 'admin' } });
    await t.api(`/api/v1/members/${joined.id}`, { method: 'PATCH', json: { password: 'direset-owner-1' } });
    expect(await latest('member.password_reset')).toMatchObject({ actor: ADMIN.email, targetId: joined.id });
    await t.api(`/api/v1/members/${joined.id}`, { method: 'DELETE' });
    expect(await latest('member.deactivated')).toMatchObject({ targetId: joined.id, detail: { email: 'baru@toko.test' } });
    await t.api(`/api/v1/members/${joined.id}`, { method: 'PATCH', json: { active: true, name: 'Baru Sekali' } });
    expect(await latest('member.reactivated')).toMatchObject({ targetId: joined.id });
    expect(await latest('member.renamed')).toMatchObject({ targetId: joined.id });
    const withdrawn = (await (await t.api('/api/v1/members/invite', { method: 'POST', json: { email: 'batal@toko.test', role: 'agent' } })).json()) as { id: string };
    await t.api(`/api/v1/members/invites/${withdrawn.id}`, { method: 'DELETE' });
    expect(await latest('member.invite_revoked')).toMatchObject({ targetType: 'invite', targetId: withdrawn.id });
    const m = await addMember(t, 'agent');
    expect(await latest('member.created')).toMatchObject({ targetId: m.id, detail: { role: 'agent' } });
    await m.api('/api/v1/auth/password', { method: 'POST', json: { currentPassword: m.password, newPassword: 'sandi-baru-123' } });
    expect(await latest('auth.password_changed')).toMatchObject({ actor: m.email, targetId: m.id });
    const other = (await (await t.api('/api/v1/auth/sessions')).json()) as { items: { id: string; current: boolean }[] };
    await loginCookie(t, ADMIN.email, ADMIN.password);
    const mine = (await (await t.api('/api/v1/auth/sessions')).json()) as { items: { id: string; current: boolean }[] };
    const extra = mine.items.find((x) => !x.current && !other.items.some((o) => o.id === x.id))!;
    await t.api(`/api/v1/auth/sessions/${extra.id}`, { method: 'DELETE' });
    expect(await latest('auth.session_revoked')).toMatchObject({ actor: ADMIN.email, targetType: 'session', targetId: extra.id });
  });

  it('records API keys created and revoked, and acts by a key name the key', async () => {
    const admin = await apiKeyClient(t, ['admin']);
    expect(await latest('api_key.created')).toMatchObject({ actor: ADMIN.email, targetId: admin.id, detail: { scopes: ['admin'] } });
    const made = (await (await admin.api('/api/v1/api-keys', { method: 'POST', json: { name: 'POS kasir' } })).json()) as { id: string; prefix: string };
    const byKey = await latest('api_key.created');
    expect(byKey).toMatchObject({ via: 'api_key', targetId: made.id, detail: { name: 'POS kasir', scopes: ['events:write'] } });
    expect(byKey.actor).toMatch(/^API key sapa_/);
    await t.api(`/api/v1/api-keys/${made.id}`, { method: 'DELETE' });
    expect(await latest('api_key.revoked')).toMatchObject({ targetId: made.id, detail: { name: 'POS kasir' } });
  });

  it('records templates and automations created, changed and deleted', async () => {
    const tpl = (await (await t.api('/api/v1/templates', { method: 'POST', json: { code: 'Audit Halo', message: 'Halo {contactname}' } })).json()) as { id: string };
    expect(await latest('template.created')).toMatchObject({ targetType: 'template', targetId: tpl.id, detail: { code: 'Audit Halo' } });
    await t.api(`/api/v1/templates/${tpl.id}`, { method: 'PATCH', json: { message: 'Halo lagi {contactname}' } });
    expect(await latest('template.updated')).toMatchObject({ targetId: tpl.id, detail: { changed: ['message'] } });
    const auto = (await (await t.api('/api/v1/automations', { method: 'POST', json: { name: 'Audit otomasi', trigger: 'contact.created', templateId: tpl.id } })).json()) as { id: string };
    expect(await latest('automation.created')).toMatchObject({ targetId: auto.id, detail: { name: 'Audit otomasi', trigger: 'contact.created' } });
    await t.api(`/api/v1/automations/${auto.id}`, { method: 'PATCH', json: { enabled: false } });
    expect(await latest('automation.updated')).toMatchObject({ targetId: auto.id, detail: { changed: ['enabled'], enabled: false } });
    await t.api(`/api/v1/automations/${auto.id}`, { method: 'DELETE' });
    expect(await latest('automation.deleted')).toMatchObject({ targetId: auto.id });
    await t.api(`/api/v1/templates/${tpl.id}`, { method: 'DELETE' });
    expect(await latest('template.deleted')).toMatchObject({ targetId: tpl.id, detail: { code: 'Audit Halo' } });
  });

  it('records a saved channel account without its secrets', async () => {
    const res = await t.api('/api/v1/channels/whatsapp', {
      method: 'PUT', json: { phoneNumberId: '777888999', wabaId: '123', accessToken: 'EAAG-audit-token-1234', appSecret: 'audit-app-secret', verifyToken: 'audit-verify' },
    });
    expect(res.status).toBe(200);
    const entry = await latest('channel_account.saved');
    expect(entry).toMatchObject({ targetType: 'channel_account', detail: { channel: 'whatsapp', phoneNumberId: '777888999' } });
    expect(JSON.stringify(entry)).not.toContain('EAAG-audit-token');
  });

  it('pages newest first, is for owners only, and offers no way to change an entry', async () => {
    const first = (await (await t.api('/api/v1/audit?limit=3')).json()) as { items: Entry[]; nextCursor: number };
    expect(first.items).toHaveLength(3);
    expect(first.items[0]!.id).toBeGreaterThan(first.items[2]!.id);
    const second = (await (await t.api(`/api/v1/audit?limit=3&cursor=${first.nextCursor}`)).json()) as { items: Entry[] };
    expect(second.items[0]!.id).toBeLessThan(first.items[2]!.id);
    const admin = await addMember(t, 'admin');
    expect((await admin.api('/api/v1/audit')).status).toBe(403);
    for (const method of ['PATCH', 'PUT', 'DELETE'] as const) {
      expect((await t.api(`/api/v1/audit/${first.items[0]!.id}`, { method, json: {} })).status).toBe(404);
    }
    expect((await t.api('/api/v1/audit?cursor=abc')).status).toBe(400);
  });
});
