/**
 * @sapa/client against a running Sapa: its committed OpenAPI document and types are what the
 * current contracts produce (CI fails on drift: run `npm run client:generate`), it authenticates
 * with an API key, and every refusal comes back as a typed SapaProblem.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSapaClient, isSapaProblem, SapaProblem, type SapaClient } from '@sapa/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_FILES, clientTypesOf } from '../../../scripts/client/client-types.js';
import { buildOpenApiDocument } from '../../../scripts/client/openapi-document.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

const REGENERATE = 'out of date with the contracts: run `npm run client:generate` and commit packages/client';

let t: TestApp;
let served: Record<string, unknown>;

async function apiKey(scopes: string[]): Promise<string> {
  const res = await t.api('/api/v1/api-keys', { method: 'POST', json: { name: `client ${scopes.join(' ')}`, scopes } });
  expect(res.status).toBe(201);
  return ((await res.json()) as { key: string }).key;
}

/** What the call threw, which must be a SapaProblem. */
async function problemOf(call: Promise<unknown>): Promise<SapaProblem> {
  const outcome = await call.then(() => 'resolved', (e: unknown) => e);
  if (!isSapaProblem(outcome)) throw new Error(`expected a SapaProblem, got ${String(outcome)}`);
  return outcome;
}

beforeAll(async () => {
  t = await startTestApp();
  const res = await fetch(`${t.url}/api/openapi.json`);
  expect(res.status).toBe(200);
  served = (await res.json()) as Record<string, unknown>;
});
afterAll(async () => {
  await t?.close();
});

describe('the generated files', () => {
  it('packages/client/openapi.json is the document the server answers at /api/openapi.json', async () => {
    const committed: unknown = JSON.parse(await readFile(CLIENT_FILES.document, 'utf8'));
    expect(committed, `packages/client/openapi.json is ${REGENERATE}`).toEqual(served);
  });

  it('packages/client/src/openapi.gen.ts is what openapi-typescript makes of that document', async () => {
    const committed = await readFile(CLIENT_FILES.types, 'utf8');
    expect(committed === (await clientTypesOf(served)), `packages/client/src/openapi.gen.ts is ${REGENERATE}`).toBe(true);
  });

  it('the generator builds the same document without a store or a server', async () => {
    expect(await buildOpenApiDocument()).toEqual(served);
  });
});

describe('createSapaClient', () => {
  let pos: SapaClient;
  beforeAll(async () => {
    pos = createSapaClient({ baseUrl: `${t.url}/`, apiKey: await apiKey(['events:write']) });
  });

  it('posts an order event with the API key, once per event id', async () => {
    const event = {
      id: 'client-evt-1',
      type: 'order.created',
      occurredAt: '2026-11-23T09:00:00+07:00',
      contact: { externalId: 'C-1', name: 'Budi', phone: '0812-3456-7890', email: 'budi@example.com' },
      order: { number: 'SO-1001', invoiceNumber: 'INV-1001', items: [{ name: 'Kopi Arabika', quantity: 2, price: 50000 }], total: 100000, currency: 'IDR' },
      user: { name: 'Sari' },
    };
    const first = await pos.post('/api/v1/events', { body: event });
    expect(first.created).toBe(true);
    expect(first.contactId).toMatch(/^[0-9a-f-]{36}$/);
    const again = await pos.post('/api/v1/events', { body: event });
    expect(again).toMatchObject({ eventId: first.eventId, created: false });

    const contact = await t.api(`/api/v1/contacts/${first.contactId!}`);
    expect(await contact.json()).toMatchObject({ name: 'Budi', phone: '+6281234567890', externalId: 'C-1' });
  });

  it('throws a validation problem naming the field, also for hostile text', async () => {
    const missing = await problemOf(pos.post('/api/v1/events', { body: { id: 'client-evt-2', contact: { name: 'Budi' } } as never }));
    expect(missing).toBeInstanceOf(SapaProblem);
    expect(missing).toMatchObject({ status: 400, code: 'validation', title: 'Bad Request', instance: '/api/v1/events' });
    expect(missing.field('type')).toBeDefined();
    expect(missing.response.headers.get('content-type')).toMatch(/^application\/problem\+json/);

    const badPhone = await problemOf(pos.post('/api/v1/events', { body: { id: 'client-evt-3', type: 'order.created', contact: { phone: '12345' } } }));
    expect(badPhone).toMatchObject({ status: 422, code: 'contact.invalid_phone' });
    expect(badPhone.errors.map((e) => e.field).join()).toMatch(/phone/);

    const nul = await problemOf(pos.post('/api/v1/events', { body: { id: 'client\u0000evt', type: 'order.created', contact: { name: 'Budi' } } }));
    expect(nul.status).toBe(400);
    expect(nul.field('id')?.reason).toBeTruthy();
  });

  it('throws the refusal of the key’s scope, of a wrong key, and of a missing resource', async () => {
    const forbidden = await problemOf(pos.get('/api/v1/contacts'));
    expect(forbidden).toMatchObject({ status: 403, code: 'auth.forbidden' });

    const stranger = createSapaClient({ baseUrl: t.url, apiKey: 'sapa_not-a-real-key' });
    expect(await problemOf(stranger.post('/api/v1/events', { body: { id: 'x', type: 'order.created', contact: { name: 'X' } } }))).toMatchObject({ status: 401 });

    const admin = createSapaClient({ baseUrl: t.url, apiKey: await apiKey(['admin']) });
    const missing = await problemOf(admin.get('/api/v1/contacts/{id}', { params: { path: { id: '00000000-0000-4000-8000-000000000000' } } }));
    expect(missing).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('refuses to be made without an API key', () => {
    expect(() => createSapaClient({ baseUrl: t.url, apiKey: '' })).toThrow(/apiKey/);
  });
});

describe('an answer that is not a problem document', () => {
  let proxy: Server;
  beforeAll(async () => {
    // A proxy in front of Sapa failing with its own HTML page.
    proxy = createServer((_req, res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>502 Bad Gateway</h1>'));
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => proxy.close(() => resolve())));

  it('still throws a SapaProblem with the status and the text', async () => {
    const { port } = proxy.address() as AddressInfo;
    const behindProxy = createSapaClient({ baseUrl: `http://127.0.0.1:${port}`, apiKey: 'k' });
    const problem = await problemOf(behindProxy.get('/api/v1/triggers'));
    expect(problem).toMatchObject({ status: 502, code: 'http.502', title: 'Bad Gateway', errors: [] });
    expect(problem.detail).toContain('502 Bad Gateway');
  });
});
