// Error logs carry no request values: a failed query's parameters, the clashing key's value in
// PostgreSQL's detail and values quoted in its message stay out of the log line (both stores).
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logOptions } from '../../../src/main/log-options.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

let t: TestApp;
let workspaceId: string;
beforeAll(async () => {
  t = await startTestApp();
  workspaceId = String((await t.rt.db.executeSql('select id from workspaces limit 1')).rows[0]!.id);
});
afterAll(async () => { await t?.close(); });

/** What a logger configured like Sapa's writes for `log.error({ err })`. */
function logged(err: unknown): string {
  const lines: string[] = [];
  const sink = new Writable({ write(chunk: Buffer, _enc, done) { lines.push(chunk.toString()); done(); } });
  pino(logOptions('info'), sink).error({ err }, 'unhandled error');
  return lines.join('');
}

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (err) {
    return err;
  }
  throw new Error('expected the store to refuse');
}

describe('error logs', () => {
  it('leave out the parameters of a failed query, keeping its SQLSTATE and SQL', async () => {
    const secret = 'budi-0812-3456-7890';
    const err = await failure(() => t.rt.deps.store.contacts.get(workspaceId, secret));
    const line = logged(err);
    expect(line).not.toContain(secret);
    expect(line).not.toContain(workspaceId);
    const parsed = JSON.parse(line) as { err: { message: string; cause?: { code?: string } } };
    expect(parsed.err.message).toMatch(/Failed query: select/);
    expect(parsed.err.cause?.code).toBe('22P02');
  });

  it("leave out PostgreSQL's detail naming the clashing value", async () => {
    const phone = '+6281299887766';
    const insert = () => t.rt.db.executeSql('insert into contacts (workspace_id, phone) values ($1, $2)', [workspaceId, phone]);
    await insert();
    const err = await failure(insert);
    expect(JSON.stringify({ detail: (err as { detail?: string }).detail })).toContain(phone.slice(3));
    const line = logged(err);
    expect(line).not.toContain(phone.slice(3));
    expect(JSON.parse(line)).toMatchObject({ err: { code: '23505' } });
  });
});
