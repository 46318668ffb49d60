// The team over HTTP: invite → accept → login → deactivate → session gone; roles, owner resets,
// the last owner, own password and sessions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startTestApp, type TestApp } from '../../support/test-app.js';
import { addMember, loginCookie } from '../../support/team.js';

let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t?.close(); });

const tokenOf = (link: string) => link.split('#')[1]!;

describe('team', () => {
  it('invite → accept → login → deactivate: the member\'s session is gone at once and login is refused', async () => {
    const inv = await t.api('/api/v1/members/invite', { method: 'POST', json: { email: 'Sari@Toko.test', role: 'agent' } });
    expect(inv.status).toBe(201);
    const invite = (await inv.json()) as { id: string; email: string; role: string; link: string };
    expect(invite).toMatchObject({ email: 'sari@toko.test', role: 'agent' });
    expect(invite.link).toMatch(new RegExp(`^${t.url}/undangan#[A-Za-z0-9_-]{40,}$`));
    const listed = (await (await t.api('/api/v1/members')).json()) as { items: { email: string }[]; invites: { id: string }[] };
    expect(listed.invites.map((i) => i.id)).toContain(invite.id);

    const anon = t.client(null);
    const info = await anon('/api/v1/members/invite/info', { method: 'POST', json: { token: tokenOf(invite.link) } });
    expect(await info.json()).toMatchObject({ email: 'sari@toko.test', role: 'agent', workspaceName: expect.any(String) });
    const accepted = await anon('/api/v1/members/invite/accept', { method: 'POST', json: { token: tokenOf(invite.link), name: 'Sari', password: 'sari-rahasia-1' } });
    expect(accepted.status).toBe(201);
    const member = (await accepted.json()) as { id: string; role: string; status: string };
    expect(member).toMatchObject({ role: 'agent', status: 'active' });
    // a link works once
    const again = await anon('/api/v1/members/invite/accept', { method: 'POST', json: { token: tokenOf(invite.link), name: 'Maling', password: 'maling-rahasia-1' } });
    expect(again.status).toBe(404);
    expect((await again.json()).code).toBe('members.invite_invalid');

    const cookie = await loginCookie(t, 'sari@toko.test', 'sari-rahasia-1');
    const sari = t.client(cookie);
    expect((await sari('/api/v1/auth/session')).status).toBe(200);
    expect((await sari('/api/v1/contacts')).status).toBe(200);

    const off = await t.api(`/api/v1/members/${member.id}`, { method: 'DELETE' });
    expect(off.status).toBe(200);
    expect((await off.json()).status).toBe('deactivated');
    expect((await sari('/api/v1/contacts')).status).toBe(401);
    expect((await sari('/api/v1/auth/session')).status).toBe(401);
    const relogin = await anon('/api/v1/auth/login', { method: 'POST', json: { email: 'sari@toko.test', password: 'sari-rahasia-1' } });
    expect(relogin.status).toBe(401);

    // reactivated, the same password works again
    expect((await t.api(`/api/v1/members/${member.id}`, { method: 'PATCH', json: { active: true } })).status).toBe(200);
    await loginCookie(t, 'sari@toko.test', 'sari-rahasia-1');
  });

  it('refuses an invite for an email that has an account, and a withdrawn invite link', async () => {
    const taken = await t.api('/api/v1/members/invite', { method: 'POST', json: { email: ADMIN.email, role: 'admin' } });
    expect(taken.status).toBe(409);
    expect((await taken.json()).errors[0]).toMatchObject({ field: 'email', reason: 'members.email_taken' });
    const inv = (await (await t.api('/api/v1/members/invite', { method: 'POST', json: { email: 'batal@toko.test', role: 'admin' } })).json()) as { id: string; link: string };
    expect((await t.api(`/api/v1/members/invites/${inv.id}`, { method: 'DELETE' })).status).toBe(204);
    const res = await t.client(null)('/api/v1/members/invite/accept', { method: 'POST', json: { token: tokenOf(inv.link), name: 'Batal', password: 'batal-rahasia-1' } });
    expect(res.status).toBe(404);
  });

  it('changes a member\'s role, and the new role applies to their open session', async () => {
    const m = await addMember(t, 'agent');
    expect((await m.api('/api/v1/templates', { method: 'POST', json: { code: 'Coba', message: 'Halo' } })).status).toBe(403);
    const res = await t.api(`/api/v1/members/${m.id}`, { method: 'PATCH', json: { role: 'admin' } });
    expect(await res.json()).toMatchObject({ role: 'admin' });
    expect((await m.api('/api/v1/templates', { method: 'POST', json: { code: 'Coba Admin', message: 'Halo' } })).status).toBe(201);
  });

  it('an owner resets a member\'s password: their sessions end, the old password stops working', async () => {
    const m = await addMember(t, 'admin');
    const res = await t.api(`/api/v1/members/${m.id}`, { method: 'PATCH', json: { password: 'baru-dari-owner-1' } });
    expect(res.status).toBe(200);
    expect((await m.api('/api/v1/auth/session')).status).toBe(401);
    expect((await t.client(null)('/api/v1/auth/login', { method: 'POST', json: { email: m.email, password: m.password } })).status).toBe(401);
    await loginCookie(t, m.email, 'baru-dari-owner-1');
  });

  it('keeps one active owner: the last owner cannot be demoted or deactivated', async () => {
    const me = (await (await t.api('/api/v1/auth/session')).json()) as { user: { id: string } };
    for (const patch of [{ role: 'admin' }, { active: false }]) {
      const res = await t.api(`/api/v1/members/${me.user.id}`, { method: 'PATCH', json: patch });
      expect(res.status).toBe(409);
      expect((await res.json()).code).toBe('members.last_owner');
    }
    const second = await addMember(t, 'owner');
    const demote = await second.api(`/api/v1/members/${me.user.id}`, { method: 'PATCH', json: { role: 'admin' } });
    expect(demote.status).toBe(200);
    // restore for the other tests
    expect((await second.api(`/api/v1/members/${me.user.id}`, { method: 'PATCH', json: { role: 'owner' } })).status).toBe(200);
  });

  it('changes your own password: the current one is checked, other sessions end, this one stays', async () => {
    const m = await addMember(t, 'agent');
    const otherDevice = t.client(await loginCookie(t, m.email, m.password));
    const wrong = await m.api('/api/v1/auth/password', { method: 'POST', json: { currentPassword: 'salah-sekali', newPassword: 'sandi-baru-123' } });
    expect(wrong.status).toBe(422);
    expect((await wrong.json()).errors[0]).toMatchObject({ field: 'currentPassword', reason: 'auth.wrong_password' });
    const short = await m.api('/api/v1/auth/password', { method: 'POST', json: { currentPassword: m.password, newPassword: 'pendek' } });
    expect(short.status).toBe(400);
    const ok = await m.api('/api/v1/auth/password', { method: 'POST', json: { currentPassword: m.password, newPassword: 'sandi-baru-123' } });
    expect(ok.status).toBe(204);
    expect((await m.api('/api/v1/auth/session')).status).toBe(200);
    expect((await otherDevice('/api/v1/auth/session')).status).toBe(401);
    await loginCookie(t, m.email, 'sandi-baru-123');
  });

  it('lists your sessions with the current one marked, and ends another', async () => {
    const m = await addMember(t, 'agent');
    const phone = t.client(await loginCookie(t, m.email, m.password));
    const list = (await (await m.api('/api/v1/auth/sessions')).json()) as { items: { id: string; current: boolean; address: string | null; userAgent: string | null }[] };
    expect(list.items).toHaveLength(2);
    expect(list.items.filter((s) => s.current)).toHaveLength(1);
    expect(list.items[0]!.address).toBe('127.0.0.1');
    const other = list.items.find((s) => !s.current)!;
    expect((await m.api(`/api/v1/auth/sessions/${other.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await phone('/api/v1/auth/session')).status).toBe(401);
    // another member's session id is not yours to end
    const owners = (await (await t.api('/api/v1/auth/sessions')).json()) as { items: { id: string }[] };
    expect((await m.api(`/api/v1/auth/sessions/${owners.items[0]!.id}`, { method: 'DELETE' })).status).toBe(404);
  });
});
