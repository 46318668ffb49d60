/**
 * The referral programme over HTTP (both stores): codes linked on contact.created and on an order
 * event, exactly one reward for two paid orders and for a redelivered event, none for
 * self-referral, below the minimum or before payment, {referrallink} rendered in a quick message,
 * an automation on referral.reward_earned sending its message, the ranking, the short link, and
 * hostile input answered 4xx.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, marketingAtAnyHour, startTestApp, type TestApp } from '../../support/test-app.js';

let t: TestApp;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const PUBLIC = 'https://sapa.toko.test';

async function ok(res: Response, status = 200): Promise<Json> {
  const body = await res.text();
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${body}`);
  return body ? JSON.parse(body) as Json : {};
}
const post = (path: string, json: unknown) => t.api(path, { method: 'POST', json });
const put = (path: string, json: unknown) => t.api(path, { method: 'PUT', json });
const sql = async (text: string, values: unknown[] = []) => (await t.rt.db.executeSql(text, values)).rows;
const order = (number: string, total: number) => ({ number, items: [{ name: 'Kopi Arabika', quantity: 1, price: total }], total, currency: 'IDR' });
const rewardsOf = async (referredExternalId: string) => sql(`
  select w.* from referral_rewards w join contacts c on c.id = w.referred_contact_id where c.external_id = $1`, [referredExternalId]);
const referrerOf = async (externalId: string) => (await sql(`
  select a.external_id from referrals r join contacts a on a.id = r.referrer_contact_id join contacts b on b.id = r.referred_contact_id
  where b.external_id = $1`, [externalId]))[0]?.external_id ?? null;

let ani: string;
let aniCode: string;

beforeAll(async () => {
  t = await startTestApp({ env: { SAPA_PUBLIC_URL: PUBLIC } });
  await marketingAtAnyHour(t);
  await ok(await put('/api/v1/referrals/program', {
    enabled: true, rewardKind: 'amount', rewardAmount: 50_000, minOrderTotal: 100_000, welcomeReward: 'Diskon 10% untuk teman', landingUrl: 'https://toko.test/daftar?utm_source=wa',
  }));
  ani = (await ok(await post('/api/v1/contacts', { externalId: 'R-ani', name: 'Ani Lestari', phone: '081200000001', email: 'ani@toko.test' }), 201)).id;
  const mine = await ok(await t.api(`/api/v1/contacts/${ani}/referral`));
  aniCode = mine.code;
}, 60_000);
afterAll(async () => {
  await t?.close();
});

describe('codes and links', () => {
  it('gives a contact a short code of the unambiguous alphabet, stable across requests, with its link', async () => {
    expect(aniCode).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
    const again = await ok(await t.api(`/api/v1/contacts/${ani}/referral`));
    expect(again).toMatchObject({ code: aniCode, link: `${PUBLIC}/r/${aniCode}`, referredBy: null });
  });

  it('sends the short link to the landing URL with the code, and answers 404 for an unknown code', async () => {
    const res = await fetch(`${t.url}/r/${aniCode.toLowerCase()}`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`https://toko.test/daftar?utm_source=wa&ref=${aniCode}`);
    for (const bad of ['ZZZZZZZZ', 'x'.repeat(70)]) expect((await fetch(`${t.url}/r/${bad}`, { redirect: 'manual' })).status).toBe(404);
    // NUL and a lone surrogate are refused before any route (400), never a 5xx or a redirect.
    for (const bad of ['%00', '%ED%A0%80']) expect([400, 404]).toContain((await fetch(`${t.url}/r/${bad}`, { redirect: 'manual' })).status);
  });
});

describe('linking and rewards', () => {
  it('links a contact whose contact.created carried the code, and rewards Ani once for two paid orders', async () => {
    // A webhook subscriber to referral.reward_earned (written directly: the webhook API has its own tests).
    await sql(`insert into webhook_subscriptions (workspace_id, url, events, secret) select id, 'https://hooks.toko.test/sapa', '{referral.reward_earned}', 'sealed' from workspaces`);
    await ok(await post('/api/v1/events', { id: 'r-budi-new', type: 'contact.created', contact: { externalId: 'R-budi', name: 'Budi', phone: '081200000002' }, referralCode: ` ${aniCode.toLowerCase()} ` }), 202);
    expect(await referrerOf('R-budi')).toBe('R-ani');
    // Not paid yet: no reward for an order that was only created.
    await ok(await post('/api/v1/events', { id: 'r-budi-o1-created', type: 'order.created', contact: { externalId: 'R-budi' }, order: order('SO-R-1', 150_000) }), 202);
    expect(await rewardsOf('R-budi')).toHaveLength(0);
    await ok(await post('/api/v1/events', { id: 'r-budi-o1-paid', type: 'order.paid', contact: { externalId: 'R-budi' }, order: order('SO-R-1', 150_000) }), 202);
    await ok(await post('/api/v1/events', { id: 'r-budi-o2-paid', type: 'order.paid', contact: { externalId: 'R-budi' }, order: order('SO-R-2', 300_000) }), 202);
    // The same event redelivered is one event.
    await ok(await post('/api/v1/events', { id: 'r-budi-o1-paid', type: 'order.paid', contact: { externalId: 'R-budi' }, order: order('SO-R-1', 150_000) }), 202);
    const rewards = await rewardsOf('R-budi');
    expect(rewards).toHaveLength(1);
    expect(Number(rewards[0]!.order_total)).toBe(150_000);
    expect(rewards[0]!.reward_text).toBe('Rp50.000');
    const events = await sql(`select key, payload from events where type = 'referral.reward_earned'`);
    expect(events).toHaveLength(1);
    expect(events[0]!.key).toBe(`referral.reward_earned:${rewards[0]!.id}`);
    // The outbound webhook: once, in the reward's transaction, naming the reward.
    const outbound = await sql(`select e.body from webhook_events e join webhook_deliveries d on d.event_id = e.id where e.type = 'referral.reward_earned'`);
    expect(outbound).toHaveLength(1);
    const body = JSON.parse(String(outbound[0]!.body)) as { type: string; data: Record<string, unknown> };
    expect(body.type).toBe('referral.reward_earned');
    expect(body.data).toMatchObject({ rewardId: rewards[0]!.id, referrerContactId: ani, reward: 'Rp50.000', rewardKind: 'amount' });
  });

  it('holds one reward per referred customer in the store itself (a unique index, not only a check)', async () => {
    const [w] = await rewardsOf('R-budi');
    await expect(t.rt.db.executeSql(`
      insert into referral_rewards (workspace_id, referral_id, referrer_contact_id, referred_contact_id, order_total, reward_kind, reward_text)
      values ($1, $2, $3, $4, 1, 'amount', 'x')`, [w!.workspace_id, w!.referral_id, w!.referrer_contact_id, w!.referred_contact_id])).rejects.toThrow();
  });

  it('links on an order event that carries the code (a customer who paid straight away) and rewards at once', async () => {
    await ok(await post('/api/v1/events', { id: 'r-citra-paid', type: 'order.paid', contact: { externalId: 'R-citra', name: 'Citra', email: 'citra@toko.test' }, order: order('SO-R-3', 100_000), referralCode: aniCode }), 202);
    expect(await referrerOf('R-citra')).toBe('R-ani');
    expect(await rewardsOf('R-citra')).toHaveLength(1);
  });

  it('keeps the first referrer: a later code does not move the referred customer', async () => {
    const dewi = (await ok(await post('/api/v1/contacts', { externalId: 'R-dewi', name: 'Dewi', phone: '081200000004' }), 201)).id;
    const dewiCode = (await ok(await t.api(`/api/v1/contacts/${dewi}/referral`))).code;
    await ok(await post('/api/v1/events', { id: 'r-citra-again', type: 'order.created', contact: { externalId: 'R-citra' }, order: order('SO-R-4', 10_000), referralCode: dewiCode }), 202);
    expect(await referrerOf('R-citra')).toBe('R-ani');
  });

  it('refuses self-referral: the referrer\'s own code, or a "new" customer with the referrer\'s email', async () => {
    await ok(await post('/api/v1/events', { id: 'r-self-1', type: 'order.paid', contact: { externalId: 'R-ani' }, order: order('SO-R-5', 500_000), referralCode: aniCode }), 202);
    // Another external id with Ani's email is Ani (contacts match by email too): still no link.
    await ok(await post('/api/v1/events', { id: 'r-self-2', type: 'order.paid', contact: { externalId: 'R-ani-2', email: 'ANI@toko.test' }, order: order('SO-R-6', 500_000), referralCode: aniCode }), 202);
    expect(await sql(`select 1 from referrals r join contacts c on c.id = r.referred_contact_id where c.id = $1 or c.email = 'ani@toko.test'`, [ani])).toHaveLength(0);
  });

  it('refuses below the minimum, for good: a bigger second paid order does not earn it', async () => {
    await ok(await post('/api/v1/events', { id: 'r-eko-new', type: 'contact.created', contact: { externalId: 'R-eko', name: 'Eko', phone: '081200000005' }, referralCode: aniCode }), 202);
    await ok(await post('/api/v1/events', { id: 'r-eko-paid-1', type: 'order.paid', contact: { externalId: 'R-eko' }, order: order('SO-R-7', 99_999) }), 202);
    await ok(await post('/api/v1/events', { id: 'r-eko-paid-2', type: 'order.paid', contact: { externalId: 'R-eko' }, order: order('SO-R-8', 999_999) }), 202);
    expect(await referrerOf('R-eko')).toBe('R-ani');
    expect(await rewardsOf('R-eko')).toHaveLength(0);
  });

  it('ignores an unknown or malformed code without refusing the event', async () => {
    for (const [i, code] of ['ZZZZZZZZ', 'O0I1L', ''].entries()) {
      await ok(await post('/api/v1/events', { id: `r-unknown-${i}`, type: 'contact.created', contact: { externalId: `R-unknown-${i}` }, referralCode: code }), 202);
      expect(await referrerOf(`R-unknown-${i}`)).toBeNull();
    }
  });
});

describe('messages on referral.reward_earned and {referrallink}', () => {
  it('sends the referrer a message from an automation on referral.reward_earned, with the friend\'s name, the reward and the link', async () => {
    const tpl = await ok(await post('/api/v1/templates', {
      code: 'REF-HADIAH', category: 'utility',
      message: 'Halo {contactname}, terima kasih sudah mengajak {referredname}! Hadiah Anda: {referralreward}. Ajak lagi: {referrallink}',
    }), 201);
    await ok(await post('/api/v1/automations', { name: 'Hadiah referral', trigger: 'referral.reward_earned', templateId: tpl.id }), 201);
    const fajar = (await ok(await post('/api/v1/contacts', { externalId: 'R-fajar', name: 'Fajar', phone: '081200000006' }), 201)).id;
    const fajarCode = (await ok(await t.api(`/api/v1/contacts/${fajar}/referral`))).code;
    await ok(await post('/api/v1/events', { id: 'r-gita-paid', type: 'order.paid', contact: { externalId: 'R-gita', name: 'Gita', phone: '081200000007' }, order: order('SO-R-9', 200_000), referralCode: fajarCode }), 202);
    const list = await ok(await t.api(`/api/v1/messages?contactId=${fajar}`));
    const bodies = list.items.map((m: Json) => m.body);
    expect(bodies).toEqual([`Halo Fajar, terima kasih sudah mengajak Gita! Hadiah Anda: Rp50.000. Ajak lagi: ${PUBLIC}/r/${fajarCode}`]);
  });

  it('refuses {productname} on referral.reward_earned, naming the variable and the trigger', async () => {
    const tpl = await ok(await post('/api/v1/templates', { code: 'REF-SALAH', message: 'Produk {productname}' }), 201);
    const res = await post('/api/v1/automations', { name: 'salah', trigger: 'referral.reward_earned', templateId: tpl.id });
    expect(res.status).toBe(422);
    expect(JSON.stringify(await res.json())).toContain('productname');
  });

  it('renders {referrallink} in a quick message, making the contact\'s code on first use', async () => {
    const hana = (await ok(await post('/api/v1/contacts', { externalId: 'R-hana', name: 'Hana', phone: '081200000008' }), 201)).id;
    const tpl = await ok(await post('/api/v1/templates', { code: 'REF-AJAK', message: 'Halo {contactname}, ajak teman lewat {referrallink} (kode {referralcode})' }), 201);
    const preview = await ok(await post(`/api/v1/contacts/${hana}/messages/preview`, { templateId: tpl.id, channel: 'whatsapp' }));
    const code = (await ok(await t.api(`/api/v1/contacts/${hana}/referral`))).code;
    expect(preview.text).toBe(`Halo Hana, ajak teman lewat ${PUBLIC}/r/${code} (kode ${code})`);
  });
});

describe('{referralcode} and {referrallink} in a broadcast', () => {
  it('renders each recipient\'s own code and link, making the codes of the batch at send time', async () => {
    const tpl = await ok(await post('/api/v1/templates', { code: 'REF-BC', category: 'marketing', message: 'Halo {contactname}, kode Anda {referralcode}: {referrallink}' }), 201);
    const ids: string[] = [];
    for (const [i, name] of ['Indah', 'Joko'].entries()) ids.push((await ok(await post('/api/v1/contacts', { externalId: `R-bc-${i}`, name, phone: `08120000009${i}` }), 201)).id);
    const b = await ok(await post('/api/v1/broadcasts', { name: 'Ajak teman', templateId: tpl.id, channel: 'whatsapp', contactIds: ids }), 201);
    await ok(await post(`/api/v1/broadcasts/${b.id}/send`, {}), 202);
    const bodies = await eventually(async () => {
      const list = await ok(await t.api(`/api/v1/messages?broadcastId=${b.id}`));
      const sent = list.items.filter((m: Json) => m.status === 'sent' || m.status === 'delivered');
      return sent.length === 2 ? new Map(sent.map((m: Json) => [m.contactId, m.body])) : undefined;
    }, 30_000, 'the broadcast to be sent');
    for (const [i, id] of ids.entries()) {
      const code = (await ok(await t.api(`/api/v1/contacts/${id}/referral`))).code;
      expect(bodies.get(id)).toBe(`Halo ${['Indah', 'Joko'][i]}, kode Anda ${code}: ${PUBLIC}/r/${code}`);
    }
  });
});

describe('the ranking and the programme', () => {
  it('ranks referrers by referred revenue with referred, paid and reward counts', async () => {
    const { items } = await ok(await t.api('/api/v1/referrals'));
    const top = items[0];
    // Ani referred Budi (150k + 300k paid), Citra (100k paid; 10k created, unpaid) and Eko (99,999 + 999,999 paid).
    expect(top).toMatchObject({ contactId: ani, name: 'Ani Lestari', code: aniCode, referred: 3, paid: 3, revenue: 150_000 + 300_000 + 100_000 + 99_999 + 999_999, rewards: 2 });
    expect(items[1]).toMatchObject({ name: 'Fajar', referred: 1, paid: 1, revenue: 200_000, rewards: 1 });
    const budi = String((await sql(`select id from contacts where external_id = 'R-budi'`))[0]!.id);
    expect(await ok(await t.api(`/api/v1/contacts/${budi}/referral`))).toMatchObject({ referredBy: { contactId: ani, name: 'Ani Lestari' }, referred: 0 });
  });

  it('answers the programme as saved, and refuses settings that cannot work by field', async () => {
    expect(await ok(await t.api('/api/v1/referrals/program'))).toMatchObject({
      enabled: true, rewardKind: 'amount', rewardAmount: 50_000, minOrderTotal: 100_000, welcomeReward: 'Diskon 10% untuk teman', linkBase: `${PUBLIC}/r/`,
    });
    const empty = await put('/api/v1/referrals/program', { enabled: true, rewardKind: 'voucher', rewardVoucher: '' });
    expect(empty.status).toBe(422);
    expect((await empty.json()).errors).toEqual([expect.objectContaining({ field: 'rewardVoucher' })]);
    const js = await put('/api/v1/referrals/program', { enabled: true, rewardKind: 'amount', rewardAmount: 1, landingUrl: 'javascript:alert(1)' });
    expect(js.status).toBe(422);
    expect((await js.json()).errors).toEqual([expect.objectContaining({ field: 'landingUrl' })]);
  });

  it('answers hostile input with 4xx naming the field, never a 5xx', async () => {
    const cases: [string, unknown][] = [
      ['rewardVoucher', { enabled: true, rewardKind: 'voucher', rewardVoucher: 'A\u0000B' }],
      ['rewardVoucher', { enabled: true, rewardKind: 'voucher', rewardVoucher: '\ud800' }],
      ['rewardAmount', { enabled: true, rewardKind: 'amount', rewardAmount: 1e300 }],
      ['minOrderTotal', { enabled: true, rewardKind: 'amount', rewardAmount: 5, minOrderTotal: -1 }],
      ['rewardKind', { enabled: true, rewardKind: 'cash' }],
      ['landingUrl', { enabled: true, rewardKind: 'amount', rewardAmount: 5, landingUrl: 'x'.repeat(3000) }],
    ];
    for (const [field, body] of cases) {
      const res = await put('/api/v1/referrals/program', body);
      expect(res.status, field).toBe(400);
      expect(JSON.stringify((await res.json()).errors), field).toContain(field);
    }
    const badEvent = await post('/api/v1/events', { id: 'r-hostile', type: 'contact.created', contact: { externalId: 'R-h' }, referralCode: 'A\u0000' });
    expect(badEvent.status).toBe(400);
    expect((await t.api('/api/v1/referrals?limit=1e300')).status).toBe(400);
    expect((await t.api('/api/v1/referrals?limit=0')).status).toBe(400);
    // A malformed id is an unknown one (the app answers 404 for both, as for every :id route).
    expect((await t.api('/api/v1/contacts/not-a-uuid/referral')).status).toBe(404);
    // Another workspace's contact (here: an id no contact has) answers 404.
    expect((await t.api('/api/v1/contacts/00000000-0000-4000-8000-000000000000/referral')).status).toBe(404);
  });
});

describe('another workspace', () => {
  it("sees none of this workspace's referrals, and this workspace's code links nobody there", async () => {
    const { store, passwords } = t.rt.deps;
    const ws = await store.workspaces.create({ name: 'Toko Lain' });
    await store.users.create({ workspaceId: ws.id, email: 'lain@toko.test', name: 'Lain', role: 'owner', passwordHash: await passwords.hash('password-lain-123') });
    const login = await t.client(null)('/api/v1/auth/login', { method: 'POST', json: { email: 'lain@toko.test', password: 'password-lain-123' } });
    const other = t.client((login.headers.get('set-cookie') ?? '').split(';')[0]!);
    expect((await other(`/api/v1/contacts/${ani}/referral`)).status).toBe(404);
    expect(await ok(await other('/api/v1/referrals'))).toEqual({ items: [] });
    expect(await ok(await other('/api/v1/referrals/program'))).toMatchObject({ enabled: false, rewardVoucher: null, landingUrl: null });
    await ok(await other('/api/v1/referrals/program', { method: 'PUT', json: { enabled: true, rewardKind: 'voucher', rewardVoucher: 'LAIN' } }));
    await ok(await other('/api/v1/events', { method: 'POST', json: { id: 'r-lain-1', type: 'order.paid', contact: { externalId: 'L-1', name: 'Lina' }, order: order('SO-L-1', 900_000), referralCode: aniCode } }), 202);
    expect(await sql(`select 1 from referrals where workspace_id = $1`, [ws.id])).toHaveLength(0);
    // This workspace's programme is untouched by the other's save.
    expect(await ok(await t.api('/api/v1/referrals/program'))).toMatchObject({ rewardKind: 'amount', rewardAmount: 50_000 });
  });
});
