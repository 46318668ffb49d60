// Migration 0035 removes the orders the intake used to make from cart events, and nothing else:
// run its SQL on a migrated store holding a cart-only order, a cart later bought (an order event
// touched it), a paid one and an ordinary order.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsFolder } from '../../../src/adapters/db/migrate.js';
import { openTestStore, type TestStore } from '../../support/test-store.js';

let db: TestStore;
const q = async (text: string, values: unknown[] = []) => (await db.executeSql(text, values)).rows;

beforeAll(async () => { db = await openTestStore(); });
afterAll(async () => { await db?.close(); });

describe('migration 0035_carts_are_not_orders', () => {
  it('deletes orders only cart events made, keeps their events, and keeps every purchase', async () => {
    const [ws] = await q(`insert into workspaces (name) values ('Toko Migrasi') returning id`);
    const [c] = await q(`insert into contacts (workspace_id, name, phone) values ($1, 'Budi', '+6281200000999') returning id`, [ws!.id]);
    const order = async (number: string, status: string, paid: boolean) => (await q(
      `insert into orders (workspace_id, contact_id, number, total, currency, status, occurred_at, paid_at) values ($1, $2, $3, 100000, 'IDR', $4, now(), $5) returning id`,
      [ws!.id, c!.id, number, status, paid ? new Date() : null]))[0]!.id as string;
    const event = (key: string, type: string, orderId: string) =>
      q(`insert into events (workspace_id, key, type, occurred_at, payload, contact_id, order_id) values ($1, $2, $3, now(), '{}', $4, $5)`, [ws!.id, key, type, c!.id, orderId]);
    const cartOnly = await order('CART-1', 'cart.abandoned', false);
    await event('e-cart-1', 'cart.abandoned', cartOnly);
    const bought = await order('SO-2', 'cart.recovered', false);
    await event('e-created-2', 'order.created', bought);
    await event('e-recovered-2', 'cart.recovered', bought);
    const paid = await order('SO-3', 'cart.recovered', true);
    const ordinary = await order('SO-4', 'order.created', false);
    await q(`insert into order_items (workspace_id, order_id, position, name) values ($1, $2, 0, 'Kopi')`, [ws!.id, cartOnly]);

    const file = fs.readdirSync(migrationsFolder).find((f) => f.startsWith('0035_'))!;
    for (const statement of fs.readFileSync(path.join(migrationsFolder, file), 'utf8').split('--> statement-breakpoint')) await q(statement);

    expect((await q(`select number from orders where workspace_id = $1 order by number`, [ws!.id])).map((r) => r.number)).toEqual(['SO-2', 'SO-3', 'SO-4']);
    expect(new Set([bought, paid, ordinary]).size).toBe(3);
    expect(await q(`select key, order_id from events where workspace_id = $1 and key = 'e-cart-1'`, [ws!.id])).toEqual([{ key: 'e-cart-1', order_id: null }]);
    expect(await q(`select count(*)::int as n from order_items where order_id = $1`, [cartOnly])).toEqual([{ n: 0 }]);
  });
});
