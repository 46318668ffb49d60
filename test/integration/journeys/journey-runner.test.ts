/**
 * The durable journey runner on the store under test (SAPA_TEST_STORE), on a simulated clock:
 * the cart-abandonment recipe sends exactly its two reminders and none after a purchase or a
 * recovered cart, also when the worker process is restarted between steps (the store closed and
 * opened again on the same data) and when a move crashes before it commits; re-entry rules; exit
 * on opt-out; an internal event (lifecycle.*) enters a journey.
 */
import fs from 'node:fs';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Database } from '../../../src/adapters/db/client.js';
import { createRepoStore } from '../../../src/adapters/db/store.js';
import { createAutomationCache } from '../../../src/app/automation-cache.js';
import { ingestEvents, prepareEvent, type EventInput } from '../../../src/app/ingest-events.js';
import { advanceDueRuns, decideMoves } from '../../../src/app/journey-runner.js';
import { createFromRecipe, createJourney, journeyEvent, setJourneyStatus, stageChangesToJourneys } from '../../../src/app/journeys.js';
import { restageContacts } from '../../../src/app/lifecycle.js';
import { createTemplate } from '../../../src/app/templates.js';
import type { Principal, Store } from '../../../src/app/ports.js';
import { permissionsOfRole } from '../../../src/domain/permissions.js';
import { freshPgliteDataDir, openTestStore, storeKindUnderTest, type TestStore } from '../../support/test-store.js';

const HOUR = 3_600_000;
const noQueue = { insert: async () => undefined, committed: () => undefined };
let db: Database;
let testStore: TestStore | null = null;
let dataDir: string | null = null;
let store: Store;
let ws: string;
let principal: Principal;
let now = new Date('2026-03-02T03:00:00Z');
const clock = { now: () => now };
const random = { token: (n: number) => randomBytes(n).toString('base64url'), unit: () => randomInt(0, 2 ** 32) / 2 ** 32, uuid: () => randomUUID() };
const automations = createAutomationCache();
/** Intake logs a failed incremental RFM update as a warning; none is expected here. */
const warnings: object[] = [];
const log = { debug: () => undefined, info: () => undefined, warn: (o: object) => { warnings.push(o); }, error: (o: object) => { warnings.push(o); } };

/** Opens the same data again, as a restarted (or another) worker would. */
async function reopen(): Promise<void> {
  if (dataDir) {
    await db.close();
    db = await openStore({ dataDir });
  } else {
    const other = await openStore({ databaseUrl: testStore!.config.databaseUrl!, dataDir: testStore!.config.dataDir, poolSize: 2 });
    if (db !== testStore) await db.close();
    db = other;
  }
  store = createRepoStore(db.db, db.sql, noQueue);
}

let seq = 0;
/** A cart event carries its cart (the reminders name the products); an order is given where a test needs one. */
const CART = { number: 'CART-1', items: [{ name: 'Kopi Arabika', quantity: 1 }, { name: 'Teh Melati', quantity: 2 }], currency: 'IDR' };
async function event(type: string, externalId: string, extra: Partial<EventInput> = {}): Promise<void> {
  const input: EventInput = {
    id: `jr-${++seq}`, type, contact: { externalId, name: `Pelanggan ${externalId}`, phone: `+62812${String(1_000_000 + seq).padStart(7, '0')}` },
    ...(type === 'cart.abandoned' ? { order: CART } : {}), ...extra,
  };
  await ingestEvents({ store, clock, random, automations, log }, ws, [prepareEvent(input, null, now)]);
}
const move = () => advanceDueRuns({ store, clock }, 50);
const later = (ms: number) => { now = new Date(now.getTime() + ms); };
async function rows(text: string, values: unknown[] = []) { return (await db.executeSql(text, values)).rows; }
/** A template any trigger can fill ({contactname} only), for journeys not started by a cart. */
async function nameOnlyTemplate(): Promise<string> {
  const [found] = await rows(`select id from templates where workspace_id = $1 and code = 'JR_NAME_ONLY'`, [ws]);
  if (found) return String(found.id);
  return (await createTemplate({ store, clock }, principal, { code: 'JR_NAME_ONLY', message: 'Halo {contactname}, ada kabar untukmu.', category: 'marketing', whatsappLanguage: 'id' })).id;
}
async function contactId(externalId: string): Promise<string> {
  return String((await rows(`select id from contacts where workspace_id = $1 and external_id = $2`, [ws, externalId]))[0]!.id);
}
async function sent(journeyId: string): Promise<string[]> {
  const r = await rows(`select c.external_id, m.journey_step_id from messages m join contacts c on c.id = m.contact_id where m.journey_id = $1 order by c.external_id, m.created_at, m.journey_step_id`, [journeyId]);
  return r.map((x) => `${String(x.external_id)}:${String(x.journey_step_id)}`);
}

beforeAll(async () => {
  if (storeKindUnderTest() === 'pglite') {
    dataDir = await freshPgliteDataDir();
    db = await openStore({ dataDir });
  } else {
    testStore = await openTestStore();
    db = testStore;
  }
  store = createRepoStore(db.db, db.sql, noQueue);
  ws = String((await rows(`insert into workspaces (name) values ('Toko Journeys') returning id`))[0]!.id);
  principal = { workspaceId: ws, userId: null, role: 'owner', scopes: null, via: 'cli', permissions: permissionsOfRole('owner'), actor: 'test', address: null };
});
afterAll(async () => {
  expect(warnings).toEqual([]);
  if (db !== testStore) await db?.close();
  await testStore?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('cart abandonment on a simulated clock', () => {
  let journeyId: string;
  beforeAll(async () => {
    const j = await createFromRecipe({ store, clock }, principal, { recipe: 'cart_abandonment' });
    journeyId = (await setJourneyStatus({ store, clock }, principal, j.id, 'active')).id;
  });

  it('sends two reminders to who never buys, one to who buys in between, none after a recovered cart — across restarts and a crash', async () => {
    await event('cart.abandoned', 'idle');
    await event('cart.abandoned', 'buyer');
    await event('cart.abandoned', 'back');
    expect(await rows(`select count(*)::int as n from journey_runs where journey_id = $1 and status = 'active'`, [journeyId])).toEqual([{ n: 3 }]);
    expect(await move()).toBe(3); // all three now wait an hour
    expect(await move()).toBe(0);
    await event('cart.recovered', 'back');

    later(HOUR - 1000);
    expect(await move()).toBe(0); // not yet an hour
    later(1000);
    // A worker crashes mid-move: its decisions are made, then it dies before the commit.
    await expect(store.journeyRunner.advance(50, now, (runs, data) => {
      expect(decideMoves(runs, data, now).messages).toHaveLength(2);
      throw new Error('killed');
    })).rejects.toThrow('killed');
    expect(await sent(journeyId)).toEqual([]);
    await reopen();
    expect(await move()).toBe(2);
    expect(await sent(journeyId)).toEqual(['buyer:reminder-1', 'idle:reminder-1']);
    // A second worker finds nothing more to do for this due time.
    expect(await move()).toBe(0);

    await event('order.created', 'buyer', { order: { number: 'SO-JR-1', items: [{ name: 'Sepatu', quantity: 1, price: 250_000 }], total: 250_000, currency: 'IDR' } });
    await reopen();
    later(24 * HOUR);
    expect(await move()).toBe(1);
    later(7 * 24 * HOUR);
    expect(await move()).toBe(0);
    expect(await sent(journeyId)).toEqual(['buyer:reminder-1', 'idle:reminder-1', 'idle:reminder-2']);
    const ends = await rows(`select c.external_id, r.status, r.end_reason from journey_runs r join contacts c on c.id = r.contact_id where r.journey_id = $1 order by 1`, [journeyId]);
    expect(ends).toEqual([
      { external_id: 'back', status: 'exited', end_reason: 'event:cart.recovered' },
      { external_id: 'buyer', status: 'exited', end_reason: 'event:order.created' },
      { external_id: 'idle', status: 'finished', end_reason: 'completed' },
    ]);
    // Keys per run and move: the same step never sends twice for one run.
    const keys = await rows(`select idempotency_key from messages where journey_id = $1`, [journeyId]);
    expect(new Set(keys.map((k) => k.idempotency_key)).size).toBe(3);
    const [msg] = await rows(`select body, status from messages where journey_id = $1 and journey_step_id = 'reminder-2'`, [journeyId]);
    expect(msg).toEqual({ body: 'Hai Pelanggan idle, Kopi Arabika dan Teh Melati masih tersimpan di keranjangmu. Khusus untukmu: diskon 10% dengan kode BALIK10, berlaku 24 jam.', status: 'queued' });
  });

  it('keeps one run per contact without re-entry: a second abandoned cart while in the journey is ignored; after it ends the contact enters again', async () => {
    await event('cart.abandoned', 'twice');
    await event('cart.abandoned', 'twice');
    const count = async () => Number((await rows(`select count(*)::int as n from journey_runs where journey_id = $1 and contact_id = $2`, [journeyId, await contactId('twice')]))[0]!.n);
    expect(await count()).toBe(1);
    await event('cart.recovered', 'twice');
    await event('cart.abandoned', 'twice');
    expect(await count()).toBe(2);
  });

  it('exits at a send step when the contact opted out of every channel of it', async () => {
    await event('cart.abandoned', 'quiet');
    await move();
    const id = await contactId('quiet');
    for (const channel of ['whatsapp', 'email']) {
      await rows(`insert into contact_consents (workspace_id, contact_id, channel, status, source, at) values ($1, $2, $3, 'opted_out', 'test', now())`, [ws, id, channel]);
    }
    later(HOUR);
    await move();
    expect((await sent(journeyId)).filter((s) => s.startsWith('quiet'))).toEqual([]);
    expect(await rows(`select status, end_reason from journey_runs where journey_id = $1 and contact_id = $2`, [journeyId, id])).toEqual([{ status: 'exited', end_reason: 'opted_out' }]);
  });

  it('moves each run once when a worker takes several batches at once (lanes)', async () => {
    for (let i = 0; i < 24; i++) await event('cart.abandoned', `lane-${String(i).padStart(2, '0')}`);
    await advanceDueRuns({ store, clock }, 5, 3); // each arrives and waits an hour
    later(HOUR);
    await advanceDueRuns({ store, clock }, 5, 3); // each sends its first reminder
    const perContact = await rows(`select c.external_id, count(*)::int as n from messages m join contacts c on c.id = m.contact_id
      where m.journey_id = $1 and c.external_id like 'lane-%' group by 1 order by 1`, [journeyId]);
    expect(perContact).toEqual(Array.from({ length: 24 }, (_, i) => ({ external_id: `lane-${String(i).padStart(2, '0')}`, n: 1 })));
  });
});

describe('re-entry allowed, internal events, wait for an event', () => {
  it('starts a run per event when re-entry is allowed, and lifecycle events enter and wake runs', async () => {
    const tpl = { id: await nameOnlyTemplate() };
    const j = await createJourney({ store, clock }, principal, {
      name: 'Risiko', definition: {
        trigger: { kind: 'event', eventType: 'lifecycle.at_risk' },
        steps: [
          { id: 'ask', kind: 'send', templateId: tpl.id, channels: ['whatsapp'], next: 'wait' },
          { id: 'wait', kind: 'wait_for_event', eventTypes: ['order.paid'], timeoutMinutes: 60, onEvent: 'thanks', onTimeout: null },
          { id: 'thanks', kind: 'exit' },
        ],
        exit: { eventTypes: [], onOptOut: true }, allowReentry: true,
      },
    });
    await setJourneyStatus({ store, clock }, principal, j.id, 'active');
    await event('contact.created', 'risky');
    const id = await contactId('risky');
    expect(await journeyEvent({ store, clock }, { workspaceId: ws, contactId: id, type: 'lifecycle.at_risk', at: now, key: 'k1' })).toMatchObject({ entered: 1 });
    expect(await journeyEvent({ store, clock }, { workspaceId: ws, contactId: id, type: 'lifecycle.at_risk', at: now, key: 'k1' })).toMatchObject({ entered: 0 });
    expect(await journeyEvent({ store, clock }, { workspaceId: ws, contactId: id, type: 'lifecycle.at_risk', at: now, key: 'k2' })).toMatchObject({ entered: 1 });
    await move();
    expect((await sent(j.id))).toEqual(['risky:ask', 'risky:ask']);
    // Both runs wait for order.paid; it arrives: both take the event exit at once (not the timeout).
    await event('order.paid', 'risky', { order: { number: 'SO-JR-2', items: [], currency: 'IDR' } });
    await move();
    expect(await rows(`select status, end_reason, position from journey_runs where journey_id = $1`, [j.id])).toEqual([
      { status: 'finished', end_reason: 'exit_step', position: 'thanks' }, { status: 'finished', end_reason: 'exit_step', position: 'thanks' },
    ]);
  });
});

describe('the lifecycle drives journeys', () => {
  it('a contact who turns dormant enters the journey started on lifecycle.dormant, once, however often it is restaged', async () => {
    const tpl = { id: await nameOnlyTemplate() };
    const j = await createJourney({ store, clock }, principal, {
      name: 'Dorman', definition: {
        trigger: { kind: 'event', eventType: 'lifecycle.dormant' },
        steps: [
          { id: 'hello', kind: 'send', templateId: tpl.id, channels: ['whatsapp'], next: 'done' },
          { id: 'done', kind: 'exit' },
        ],
        exit: { eventTypes: [], onOptOut: true }, allowReentry: false,
      },
    });
    await setJourneyStatus({ store, clock }, principal, j.id, 'active');
    await event('contact.created', 'sleepy');
    const id = await contactId('sleepy');
    const lifecycle = { store, clock, onStageChanged: [stageChangesToJourneys({ store, clock })] };
    const runsOf = async () => rows(`select status from journey_runs where journey_id = $1 and contact_id = $2`, [j.id, id]);
    await restageContacts(lifecycle, { kind: 'contacts', workspaceId: ws, contactIds: [id] });
    expect(await runsOf()).toEqual([]);
    later(31 * 24 * HOUR); // past the default 30 days without an order
    const { changes } = await restageContacts(lifecycle, { kind: 'contacts', workspaceId: ws, contactIds: [id] });
    expect(changes.map((c) => c.to)).toEqual(['dormant']);
    await restageContacts(lifecycle, { kind: 'contacts', workspaceId: ws, contactIds: [id] });
    // The same change heard again (a listener retried by hand) enters nobody a second time.
    await stageChangesToJourneys({ store, clock })(changes[0]!);
    expect(await runsOf()).toHaveLength(1);
    await move();
    expect(await sent(j.id)).toEqual(['sleepy:hello']);
  });
});

describe('winback survey from a segment (playbook question 24)', () => {
  it('enters inactive one-time buyers and regulars from their 10th order — not recent sign-ups, not regulars before it — once, and surveys at 10:00 WIB', async () => {
    now = new Date('2026-03-20T02:30:00Z'); // 09:30 WIB
    const mk = async (name: string, createdDaysAgo: number, orders: number, lastOrderDaysAgo: number) => {
      const [c] = await rows(`insert into contacts (workspace_id, name, phone, created_at, updated_at) values ($1, $2, $3, $4, $4) returning id`,
        [ws, name, `+62813${String(1_000_000 + ++seq).padStart(7, '0')}`, new Date(now.getTime() - createdDaysAgo * 24 * HOUR)]);
      for (let i = 0; i < orders; i++) {
        const at = new Date(now.getTime() - (lastOrderDaysAgo + i) * 24 * HOUR);
        await rows(`insert into orders (workspace_id, contact_id, number, status, occurred_at, paid_at) values ($1, $2, $3, 'order.paid', $4, $4)`, [ws, c!.id, `SO-WB-${name}-${i}`, at]);
      }
      return String(c!.id);
    };
    const once = await mk('wb-once', 400, 1, 120);
    const regular3 = await mk('wb-regular3', 400, 3, 120);
    const regular12 = await mk('wb-regular12', 400, 12, 120);
    await mk('wb-recent-signup', 30, 1, 100); // signed up 30 days ago: too soon
    await mk('wb-active', 400, 1, 10);

    const j = await createFromRecipe({ store, clock }, principal, { recipe: 'winback_survey', inactiveDays: 90 });
    await setJourneyStatus({ store, clock }, principal, j.id, 'active');
    expect(await store.journeyRunner.sweepSegments(now, 1000)).toBe(2);
    expect(await store.journeyRunner.sweepSegments(now, 1000)).toBe(0);
    const entered = await rows(`select contact_id from journey_runs where journey_id = $1 order by contact_id`, [j.id]);
    expect(entered.map((r) => String(r.contact_id)).sort()).toEqual([once, regular12].sort());
    expect(entered.map((r) => String(r.contact_id))).not.toContain(regular3);

    // 09:30 WIB: the survey waits for 10:00 WIB (03:00 UTC).
    await move();
    expect((await rows(`select count(*)::int as n from messages where journey_id = $1`, [j.id]))[0]!.n).toBe(0);
    const [due] = await rows(`select min(due_at) as due from journey_runs where journey_id = $1`, [j.id]);
    expect(new Date(String(due!.due)).toISOString()).toBe('2026-03-20T03:00:00.000Z');
    later(HOUR / 2);
    await move();
    const surveyed = await rows(`select contact_id from messages where journey_id = $1 and journey_step_id = 'survey'`, [j.id]);
    expect(surveyed.map((r) => String(r.contact_id)).sort()).toEqual([once, regular12].sort());
    // Finished runs do not enter again (no re-entry for this recipe).
    expect(await store.journeyRunner.sweepSegments(now, 1000)).toBe(0);
  });
});
