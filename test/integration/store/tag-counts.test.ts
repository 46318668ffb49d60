/**
 * contact_tag_counts (migration 0007) against the count it replaces, `unnest(tags)` over every
 * contact: equal after inserts, tag changes, other changes, deletes and concurrent writers (on
 * PostgreSQL they overlap; PGlite runs them one after another), with no row left at zero.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from '../../support/test-store.js';

let store: TestStore;
let ws: string;
const q = async (text: string, values: unknown[] = []) => (await store.executeSql(text, values)).rows;

/** The kept counts and the counted ones, each as sorted `tag=n` strings. */
async function both(workspaceId = ws) {
  const kept = await q(`select tag, count from contact_tag_counts where workspace_id = $1`, [workspaceId]);
  const counted = await q(`select t.tag, count(*)::int as count from contacts c, unnest(c.tags) t(tag) where c.workspace_id = $1 group by 1`, [workspaceId]);
  const show = (rows: Record<string, unknown>[]) => rows.map((r) => `${String(r.tag)}=${Number(r.count)}`).sort();
  return { kept: show(kept), counted: show(counted) };
}

beforeAll(async () => {
  store = await openTestStore();
  ws = (await q(`insert into workspaces (name) values ('tags') returning id`))[0]!.id as string;
}, 60_000);
afterAll(async () => {
  await store?.close();
});

describe('tag counts kept by the contacts triggers', () => {
  it('follow inserts, tag changes, other changes and deletes, a tag listed twice counted twice', async () => {
    await q(`insert into contacts (workspace_id, name, tags) select $1, 'K' || i, case when i % 3 = 0 then array['vip', 'grosir'] else array['vip'] end
      from generate_series(1, 30) i`, [ws]);
    await q(`insert into contacts (workspace_id, name, tags) values ($1, 'Dobel', array['dobel', 'dobel']), ($1, 'Tanpa', '{}')`, [ws]);
    expect(await both()).toEqual({ kept: ['dobel=2', 'grosir=10', 'vip=30'], counted: ['dobel=2', 'grosir=10', 'vip=30'] });

    await q(`update contacts set tags = array['baru'] where workspace_id = $1 and name in ('K3', 'K4', 'Tanpa')`, [ws]);
    await q(`update contacts set name = name || '!' where workspace_id = $1`, [ws]);
    await q(`update contacts set tags = '{}' where workspace_id = $1 and name = 'Dobel!'`, [ws]);
    await q(`delete from contacts where workspace_id = $1 and name in ('K6!', 'K7!')`, [ws]);
    const after = await both();
    expect(after.kept).toEqual(after.counted);
    expect(after.kept).toEqual(['baru=3', 'grosir=8', 'vip=26']);
  });

  it('stay exact under concurrent writers adding and removing the same tags', async () => {
    const other = (await q(`insert into workspaces (name) values ('tags 2') returning id`))[0]!.id as string;
    await q(`insert into contacts (workspace_id, name, tags) select $1, 'P' || i, array['umum', 't' || (i % 5)] from generate_series(1, 200) i`, [other]);
    const writers = Array.from({ length: 8 }, (_, w) => store.sql.transaction(async (tx) => {
      await tx(`insert into contacts (workspace_id, name, tags) select $1, 'W${w}-' || i, array['umum', 't' || ((i + ${w}) % 5), 'w${w % 2}']
        from generate_series(1, 25) i`, [other]);
      await tx(`update contacts set tags = array_remove(tags, 'umum') || array['t9'] where workspace_id = $1 and name like 'P%' and (substr(name, 2)::int) % 8 = ${w}`, [other]);
      await tx(`delete from contacts where workspace_id = $1 and name like 'P%' and (substr(name, 2)::int) % 40 = ${w}`, [other]);
    }));
    await Promise.all(writers);
    const after = await both(other);
    expect(after.kept).toEqual(after.counted);
    expect(after.kept).toContain('t9=160'); // every P contact, less the 40 deleted
    expect(await q(`select * from contact_tag_counts where count <= 0`)).toEqual([]);
  });

  it('go with their workspace', async () => {
    await q(`delete from workspaces where id = $1`, [ws]);
    expect(await q(`select * from contact_tag_counts where workspace_id = $1`, [ws])).toEqual([]);
  });
});
