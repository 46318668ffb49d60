// GET/PUT /api/v1/settings/messaging: the workspace's frequency cap, quiet hours and time zone
// (product.md §4 defaults), checked strictly, per workspace, owners and admins write, everyone reads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, apiKeyClient, type TestMember } from '../../support/team.js';
import { ADMIN, startTestApp, type TestApp } from '../../support/test-app.js';

let t: TestApp;
let agent: TestMember;
let admin: TestMember;
let other: TestApp['api'];

beforeAll(async () => {
  t = await startTestApp();
  agent = await addMember(t, 'agent');
  admin = await addMember(t, 'admin');
  const { store, passwords } = t.rt.deps;
  const ws = await store.workspaces.create({ name: 'Toko Sebelah' });
  await store.users.create({ workspaceId: ws.id, email: 'sebelah@toko.test', name: 'Sebelah', role: 'owner', passwordHash: await passwords.hash('password-sebelah-1') });
  const login = await t.client(null)('/api/v1/auth/login', { method: 'POST', json: { email: 'sebelah@toko.test', password: 'password-sebelah-1' } });
  other = t.client((login.headers.get('set-cookie') ?? '').split(';')[0]!);
});
afterAll(async () => { await t?.close(); });

const DEFAULTS = { timezone: 'Asia/Jakarta', frequencyCap: { count: 2, days: 7 }, quietHours: { start: '21:00', end: '08:00' } };
const put = (json: unknown, api: TestApp['api'] = t.api) => api('/api/v1/settings/messaging', { method: 'PUT', json });
const current = async () => (await t.api('/api/v1/settings/messaging')).json();

describe('messaging settings', () => {
  it('start with the spec defaults; everyone reads them', async () => {
    expect(await current()).toEqual(DEFAULTS);
    const agentRead = await agent.api('/api/v1/settings/messaging');
    expect(agentRead.status).toBe(200);
    expect(await agentRead.json()).toEqual(DEFAULTS);
    expect((await (await apiKeyClient(t)).api('/api/v1/settings/messaging')).status).toBe(200);
  });

  it('are saved by owners and admins, the zone in its canonical spelling, and audited', async () => {
    const saved = await put({ timezone: 'asia/makassar', frequencyCap: { count: 0, days: 1 }, quietHours: { start: '22:30', end: '06:00' } }, admin.api);
    expect(saved.status, await saved.clone().text()).toBe(200);
    const expected = { timezone: 'Asia/Makassar', frequencyCap: { count: 0, days: 1 }, quietHours: { start: '22:30', end: '06:00' } };
    expect(await saved.json()).toEqual(expected);
    expect(await current()).toEqual(expected);
    const { items } = await (await t.api('/api/v1/audit?action=settings.messaging_changed&limit=1')).json();
    expect(items[0]).toMatchObject({ actor: admin.email, targetType: 'workspace', detail: { before: DEFAULTS, after: expected } });

    const none = await put({ ...DEFAULTS, quietHours: null, frequencyCap: { count: 100, days: 90 } });
    expect(none.status).toBe(200);
    expect(await current()).toEqual({ ...DEFAULTS, quietHours: null, frequencyCap: { count: 100, days: 90 } });
    // The workspace's time zone is the one the message log's days use.
    expect((await (await t.api('/api/v1/messages/today')).json()).timezone).toBe('Asia/Jakarta');
    await put({ ...DEFAULTS, timezone: 'Asia/Jayapura' });
    expect((await (await t.api('/api/v1/messages/today')).json()).timezone).toBe('Asia/Jayapura');
    expect((await put(DEFAULTS)).status).toBe(200);
  });

  it('are refused to agents and to keys without admin', async () => {
    expect((await put(DEFAULTS, agent.api)).status).toBe(403);
    expect((await put(DEFAULTS, (await apiKeyClient(t, ['contacts:write'])).api)).status).toBe(403);
    expect((await put(DEFAULTS, (await apiKeyClient(t, ['admin'])).api)).status).toBe(200);
  });

  it('refuse hostile and invalid input with a 4xx problem naming the field, and change nothing', async () => {
    await put(DEFAULTS);
    const cases: [unknown, string | null][] = [
      [{ ...DEFAULTS, quietHours: { start: '25:00', end: '08:00' } }, 'quietHours.start'],
      [{ ...DEFAULTS, quietHours: { start: '21:00', end: '24:00' } }, 'quietHours.end'],
      [{ ...DEFAULTS, quietHours: { start: '9:00', end: '08:00' } }, 'quietHours.start'],
      [{ ...DEFAULTS, quietHours: { start: '21:00', end: '21:00' } }, 'quietHours.end'],
      [{ ...DEFAULTS, quietHours: { start: '21:00\u0000', end: '08:00' } }, 'quietHours.start'],
      [{ ...DEFAULTS, quietHours: { start: '\uD800', end: '08:00' } }, 'quietHours.start'],
      [{ ...DEFAULTS, quietHours: { start: '21:00' } }, 'quietHours.end'],
      [{ ...DEFAULTS, timezone: 'Mars/Olympus' }, 'timezone'],
      [{ ...DEFAULTS, timezone: 'Asia/Bandung' }, 'timezone'],
      [{ ...DEFAULTS, timezone: '+07:00' }, 'timezone'],
      [{ ...DEFAULTS, timezone: '' }, 'timezone'],
      [{ ...DEFAULTS, timezone: 'Asia/Jakarta\u0000' }, 'timezone'],
      [{ ...DEFAULTS, timezone: '\uDFFFAsia/Jakarta' }, 'timezone'],
      [{ ...DEFAULTS, timezone: 'A'.repeat(10_000) }, 'timezone'],
      [{ ...DEFAULTS, frequencyCap: { count: 101, days: 7 } }, 'frequencyCap.count'],
      [{ ...DEFAULTS, frequencyCap: { count: -1, days: 7 } }, 'frequencyCap.count'],
      [{ ...DEFAULTS, frequencyCap: { count: 1.5, days: 7 } }, 'frequencyCap.count'],
      [{ ...DEFAULTS, frequencyCap: { count: 1e308, days: 7 } }, 'frequencyCap.count'],
      [{ ...DEFAULTS, frequencyCap: { count: 2 ** 53 + 1, days: 7 } }, 'frequencyCap.count'],
      [{ ...DEFAULTS, frequencyCap: { count: '2', days: 7 } }, 'frequencyCap.count'],
      [{ ...DEFAULTS, frequencyCap: { count: 2, days: 0 } }, 'frequencyCap.days'],
      [{ ...DEFAULTS, frequencyCap: { count: 2, days: 91 } }, 'frequencyCap.days'],
      [{ ...DEFAULTS, extra: true }, null],
      [{ timezone: 'Asia/Jakarta' }, null],
      [[], null],
      [null, null],
    ];
    for (const [body, field] of cases) {
      const res = await put(body);
      const text = JSON.stringify(body).slice(0, 120);
      expect(res.status, text).toBeGreaterThanOrEqual(400);
      expect(res.status, text).toBeLessThan(500);
      expect(res.headers.get('content-type'), text).toContain('application/problem+json');
      const problem = await res.json();
      if (field) expect(problem.errors.map((e: { field: string }) => e.field), text).toContain(field);
    }
    const raw = await t.client(null)('/api/v1/settings/messaging', { method: 'PUT', headers: { cookie: t.cookie, 'content-type': 'application/json' }, body: '{"timezone": "Asia/Jakarta", "frequencyCap": {"count": 1' });
    expect(raw.status).toBe(400);
    expect(await current()).toEqual(DEFAULTS);
  });

  it("are per workspace: another workspace's change is not ours", async () => {
    const theirs = await put({ ...DEFAULTS, timezone: 'Europe/Amsterdam', quietHours: null }, other);
    expect(theirs.status).toBe(200);
    expect(await current()).toEqual(DEFAULTS);
    expect(await (await other('/api/v1/settings/messaging')).json()).toEqual({ ...DEFAULTS, timezone: 'Europe/Amsterdam', quietHours: null });
    expect(ADMIN.email).not.toBe('sebelah@toko.test');
  });
});
