/**
 * The frequency cap under concurrent claims (PostgreSQL: PGlite is one connection, claims there
 * never overlap). Two marketing messages for one contact and channel, a cap of 1, claimed by two
 * workers at the same instant: at most one of them may pass the cap. The race is made certain, not
 * hoped for: a third connection holds the row of the second message, so the second claim is
 * already running (its statement's snapshot taken) when the first claims and commits.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverySql } from '../../../src/adapters/db/delivery.sql.js';
import { eventually } from '../../support/test-app.js';
import { openTestStore, storeKindUnderTest, type TestStore } from '../../support/test-store.js';

const onPostgres = storeKindUnderTest() === 'postgres';

describe.skipIf(!onPostgres)('frequency cap, two workers claiming at once', () => {
  let store: TestStore;
  let blocker: pg.Client;
  let ids: { first: string; second: string };

  beforeAll(async () => {
    store = await openTestStore();
    blocker = new pg.Client({ connectionString: store.config.databaseUrl! });
    await blocker.connect();
    const one = async (text: string, values: unknown[] = []) => (await store.executeSql(text, values)).rows[0]!;
    const ws = await one(`insert into workspaces (name, frequency_cap_count, frequency_cap_days, quiet_hours_start, quiet_hours_end)
      values ('race', 1, 7, null, null) returning id`);
    const contact = await one(`insert into contacts (workspace_id, name, phone) values ($1, 'Bu Ani', '+6281370009999') returning id`, [ws.id]);
    const message = async (key: string) => (await one(`
      insert into messages (workspace_id, contact_id, channel, recipient, idempotency_key, category, body, content, status, scheduled_at)
      values ($1, $2, 'whatsapp', '+6281370009999', $3, 'marketing', 'Promo', '{"channel":"whatsapp","params":[],"template":null}', 'queued', now() - interval '1 minute')
      returning id`, [ws.id, contact.id, key])).id as string;
    ids = { first: await message('race:1'), second: await message('race:2') };
  }, 60_000);
  afterAll(async () => {
    await blocker?.end();
    await store?.close();
  });

  it('lets at most one of them pass the cap', async () => {
    const delivery = deliverySql(store.sql, { insert: async () => {}, committed: () => {} });
    // Backends of this database waiting for a lock (the activity view is read afresh: inside the
    // blocker's transaction it would otherwise stay as first read).
    const waiting = async () => {
      await blocker.query('select pg_stat_clear_snapshot()');
      return Number((await blocker.query(`select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`)).rows[0].n);
    };

    await blocker.query('begin');
    await blocker.query('select 1 from messages where id = $1 for update', [ids.second]);
    const second = delivery.claim([ids.second], new Date());
    await eventually(async () => ((await waiting()) >= 1 ? true : undefined), 10_000, 'the second claim to wait for its row');
    let firstDone = false;
    const first = delivery.claim([ids.first], new Date()).finally(() => { firstDone = true; });
    // The first claim either finishes (it saw nothing) or waits for the second's contact: either way it has started.
    await eventually(async () => (firstDone || (await waiting()) >= 2 ? true : undefined), 10_000, 'the first claim');
    await blocker.query('commit');

    const claimed = [...await first, ...await second];
    expect(claimed.map((m) => m.id).sort()).toEqual([ids.first, ids.second].sort());
    // Each message's view of the contact's marketing messages on the channel besides itself: under a
    // cap of 1 a message passes only when it sees none, so one of them must see the other.
    const passing = claimed.filter((m) => m.recentMarketing < m.rules.cap.count);
    expect(passing).toHaveLength(1);
  }, 30_000);
});
