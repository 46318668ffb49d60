/**
 * Lifecycle stages in the store on a simulated clock (both stores): a buyer walks new → active →
 * at_risk → lost → won_back, a contact who never orders becomes dormant after N days, each
 * transition stored at its exact instant and heard once by the listener; new thresholds restage;
 * two workers sweeping the same due contacts at once record each transition once; a change whose
 * listener threw (or whose process died before telling) is told again by the sweep after a minute.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Database } from '../../../src/adapters/db/client.js';
import { createRepoStore } from '../../../src/adapters/db/store.js';
import { renotifyStageChanges, restageContacts, saveLifecycleSettings, sweepLifecycle, type StageChange } from '../../../src/app/lifecycle.js';
import type { Principal, Store } from '../../../src/app/ports.js';
import { PERMISSIONS } from '../../../src/domain/permissions.js';
import { openTestStore, type TestStore } from '../../support/test-store.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 5, 3, 0, 0);
const day = (d: number) => new Date(T0 + d * DAY);
const noQueue = { insert: async () => undefined, committed: () => undefined };

let db: TestStore;
let store: Store;
let now = day(0);
const clock = { now: () => now };
const heard: StageChange[] = [];
const deps = () => ({ store, clock, onStageChanged: [(c: StageChange) => { heard.push(c); }] });

beforeAll(async () => {
  db = await openTestStore();
  store = createRepoStore(db.db, db.sql, noQueue);
}, 60_000);
afterAll(async () => {
  await db?.close();
});

async function workspace(name: string) {
  return (await store.workspaces.create({ name })).id;
}
async function contact(ws: string, name: string, at: Date) {
  const c = await store.contacts.create(ws, { name, tags: [], customFields: {} }, at);
  if ('conflict' in c) throw new Error('conflict');
  return c.id;
}
async function paid(ws: string, contactId: string, number: string, at: Date) {
  await store.orders.upsert(ws, contactId, { number, currency: 'IDR', status: 'order.paid', occurredAt: at, total: 100_000, items: [] });
}
async function transitionsOf(contactId: string) {
  const rows = (await db.executeSql(`select from_stage, to_stage, at from lifecycle_transitions where contact_id = $1 order by at, id`, [contactId])).rows;
  return rows.map((r) => [r.from_stage, r.to_stage, new Date(String(r.at instanceof Date ? r.at.toISOString() : r.at)).toISOString()]);
}

describe('lifecycle on a simulated clock', () => {
  it('walks a buyer new → active → at_risk → lost → won_back and a non-buyer to dormant', async () => {
    const ws = await workspace('Toko Siklus');
    heard.length = 0;
    now = day(0);
    const buyer = await contact(ws, 'Bu Ani', day(0));
    const idle = await contact(ws, 'Pak Budi', day(0));
    await restageContacts(deps(), { kind: 'contacts', workspaceId: ws, contactIds: [buyer, idle] });
    expect(await store.lifecycle.stageOf(ws, buyer)).toEqual({ stage: 'new', since: day(0) });

    now = day(5);
    await paid(ws, buyer, 'SO-1', day(5));
    await restageContacts(deps(), { kind: 'contacts', workspaceId: ws, contactIds: [buyer] });
    expect(await store.lifecycle.stageOf(ws, buyer)).toEqual({ stage: 'active', since: day(5) });

    // The clock alone: nothing is due before day 30 (the idle one's dormant threshold).
    now = day(29);
    expect(await sweepLifecycle(deps(), { batch: 100, workspaceId: ws })).toBe(0);
    now = day(31);
    expect(await sweepLifecycle(deps(), { batch: 100, workspaceId: ws })).toBe(1);
    expect(await store.lifecycle.stageOf(ws, idle)).toEqual({ stage: 'dormant', since: day(30) });
    now = day(96);
    await sweepLifecycle(deps(), { batch: 100, workspaceId: ws });
    expect(await store.lifecycle.stageOf(ws, buyer)).toEqual({ stage: 'at_risk', since: day(95) });
    now = day(200);
    await sweepLifecycle(deps(), { batch: 100, workspaceId: ws });
    expect(await store.lifecycle.stageOf(ws, buyer)).toEqual({ stage: 'lost', since: day(185) });
    now = day(250);
    await paid(ws, buyer, 'SO-2', day(250));
    await restageContacts(deps(), { kind: 'contacts', workspaceId: ws, contactIds: [buyer] });
    expect(await store.lifecycle.stageOf(ws, buyer)).toEqual({ stage: 'won_back', since: day(250) });
    // Nothing more is due until day 340; a sweep now changes nothing.
    expect(await sweepLifecycle(deps(), { batch: 100, workspaceId: ws })).toBe(0);

    expect(await transitionsOf(buyer)).toEqual([
      [null, 'new', day(0).toISOString()],
      ['new', 'active', day(5).toISOString()],
      ['active', 'at_risk', day(95).toISOString()],
      ['at_risk', 'lost', day(185).toISOString()],
      ['lost', 'won_back', day(250).toISOString()],
    ]);
    expect(await transitionsOf(idle)).toEqual([[null, 'new', day(0).toISOString()], ['new', 'dormant', day(30).toISOString()]]);
    // The listener heard each transition once, in order.
    expect(heard.filter((c) => c.contactId === buyer).map((c) => `${c.from}>${c.to}`)).toEqual(['null>new', 'new>active', 'active>at_risk', 'at_risk>lost', 'lost>won_back']);
    expect(heard.filter((c) => c.contactId === idle).map((c) => `${c.from}>${c.to}`)).toEqual(['null>new', 'new>dormant']);
    expect(await store.lifecycle.counts(ws)).toEqual(expect.arrayContaining([{ stage: 'won_back', count: 1 }, { stage: 'dormant', count: 1 }]));
  });

  it('restages every contact when the thresholds change', async () => {
    const ws = await workspace('Toko Ambang');
    const principal: Principal = { workspaceId: ws, userId: null, role: null, scopes: null, via: 'cli', actor: 'command line', address: null, permissions: new Set(PERMISSIONS) };
    now = day(0);
    const a = await contact(ws, 'Citra', day(0));
    now = day(10);
    await paid(ws, a, 'SO-A', day(10));
    now = day(120);
    await sweepLifecycle(deps(), { batch: 100, workspaceId: ws });
    expect((await store.lifecycle.stageOf(ws, a))?.stage).toBe('at_risk');
    heard.length = 0;
    await saveLifecycleSettings(deps(), principal, { dormantAfterDays: 30, atRiskAfterDays: 200, lostAfterDays: 300 });
    expect(await store.lifecycle.thresholds(ws)).toEqual({ dormantAfterDays: 30, atRiskAfterDays: 200, lostAfterDays: 300 });
    expect(await store.lifecycle.stageOf(ws, a)).toEqual({ stage: 'active', since: day(10) });
    expect(heard.map((c) => [c.from, c.to, c.at.toISOString()])).toEqual([['at_risk', 'active', day(120).toISOString()]]);
    // And back: shorter thresholds make it lost at once, passing through at_risk at its instant.
    await saveLifecycleSettings(deps(), principal, { dormantAfterDays: 30, atRiskAfterDays: 20, lostAfterDays: 60 });
    expect(await store.lifecycle.stageOf(ws, a)).toEqual({ stage: 'lost', since: day(70) });
  });
});

describe('a change the listeners did not hear', () => {
  it('is told again by the sweep after the grace minute, once it is heard no more', async () => {
    const ws = await workspace('Toko Gagal Dengar');
    now = day(0);
    const a = await contact(ws, 'Dewi', day(0));
    const b = await contact(ws, 'Eko', day(0));
    // The listener fails for Dewi only: Eko's change is heard and marked, Dewi's stays owed.
    const told: string[] = [];
    let failFor: string | null = a;
    const flaky = { store, clock, onStageChanged: [(c: StageChange) => {
      if (c.contactId === failFor) throw new Error('journeys unreachable');
      told.push(`${c.contactId}:${c.to}`);
    }] };
    await restageContacts(flaky, { kind: 'contacts', workspaceId: ws, contactIds: [a, b] });
    expect(told).toEqual([`${b}:new`]);
    const owed = async () => (await db.executeSql(`select contact_id from lifecycle_transitions where workspace_id = $1 and notify_after is not null`, [ws])).rows.map((r) => String(r.contact_id));
    expect(await owed()).toEqual([a]);

    // Within the grace minute the making process may still tell it: the sweep leaves it.
    now = new Date(day(0).getTime() + 30_000);
    expect(await renotifyStageChanges(flaky, { batch: 10 })).toBe(0);
    // After it, the sweep tells it; the listener fails again, so it stays owed (leased 5 minutes).
    now = new Date(day(0).getTime() + 61_000);
    expect(await renotifyStageChanges(flaky, { batch: 10 })).toBe(0);
    expect(await owed()).toEqual([a]);
    failFor = null;
    expect(await renotifyStageChanges(flaky, { batch: 10 })).toBe(0); // still leased
    now = new Date(day(0).getTime() + 61_000 + 5 * 60_000);
    expect(await renotifyStageChanges(flaky, { batch: 10 })).toBe(1);
    expect(told).toEqual([`${b}:new`, `${a}:new`]);
    expect(await owed()).toEqual([]);
    // Heard: never again.
    now = day(1);
    expect(await renotifyStageChanges(flaky, { batch: 10 })).toBe(0);
    expect(told).toHaveLength(2);
  });
});

describe('two workers sweeping at once', () => {
  // PostgreSQL: a second pool, as another worker process has. PGlite is one process's single connection.
  let second: Database | undefined;
  let otherStore: Store;
  beforeAll(async () => {
    second = db.kind === 'postgres' ? await openStore(db.config) : undefined;
    otherStore = second ? createRepoStore(second.db, second.sql, noQueue) : store;
  }, 60_000);
  afterAll(async () => {
    await second?.close();
  });

  it('records each due contact once (SKIP LOCKED)', async () => {
    const ws = await workspace('Toko Dua Pekerja');
    now = day(0);
    await db.executeSql(`insert into contacts (workspace_id, name, created_at) select $1, 'K' || g, $2 from generate_series(1, 400) g`, [ws, day(0)]);
    now = day(40);
    const a: StageChange[] = [];
    const b: StageChange[] = [];
    const [ta, tb] = await Promise.all([
      sweepLifecycle({ store, clock, onStageChanged: [(c) => { a.push(c); }] }, { batch: 25, workspaceId: ws }),
      sweepLifecycle({ store: otherStore, clock, onStageChanged: [(c) => { b.push(c); }] }, { batch: 25, workspaceId: ws }),
    ]);
    expect(ta + tb).toBe(400);
    const all = [...a, ...b];
    // Each contact: null → new at sign-up and new → dormant at day 30, heard once, by one worker.
    expect(all).toHaveLength(800);
    expect(new Set(all.map((c) => `${c.contactId}:${c.to}`)).size).toBe(800);
    const stored = (await db.executeSql(`select count(*)::int as n, count(distinct (contact_id, to_stage))::int as d from lifecycle_transitions where workspace_id = $1`, [ws])).rows[0]!;
    expect(stored).toEqual({ n: 800, d: 800 });
    if (db.kind === 'postgres') expect(Math.min(ta, tb)).toBeGreaterThan(0);
  }, 60_000);
});
