// Property: no request answers 5xx. Every operation of the app's own OpenAPI document is sent
// requests generated from its schemas — mostly well-formed, with hostile leaves anywhere (NUL, lone
// surrogates, huge and tiny numbers, forged cursors, ids of another workspace, wrong types) — and so
// is the WhatsApp webhook, with correctly signed hostile notifications. Runs on the store under test.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWhatsApp, type FakeWhatsApp } from '../../support/fake-whatsapp/server.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

/** The part of JSON Schema (OpenAPI 3.0 flavour) that the zod contracts produce. */
interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  nullable?: boolean;
}
interface Parameter { name: string; in: 'query' | 'path' | 'header' | 'cookie'; schema?: Schema }
interface Operation { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }
interface Route { method: string; path: string; op: Operation }

/** Runs per operation without a body: its path and query parameters. */
const RUNS = 40;
/** Operations with a body get more: the bad value must land on each field of a body that is otherwise valid. */
const BODY_RUNS = 150;
/** Operations that would end the session the other requests use; they take no input worth generating. */
// The inbox's live stream takes no input and stays open: its access is in access-matrix.test.ts.
const SKIP = new Set(['POST /api/v1/auth/logout', 'GET /api/v1/conversations/stream']);

let wa: FakeWhatsApp;
let t: TestApp;
let routes: Route[];
/** Real ids: this workspace's and another workspace's (which must answer as if they did not exist). */
const knownIds: string[] = [];
const knownMessageIds: string[] = [];

beforeAll(async () => {
  wa = await startFakeWhatsApp();
  t = await startTestApp({ whatsapp: wa });
  const { store, passwords } = t.rt.deps;
  const ws = await store.workspaces.create({ name: 'Toko Lain' });
  await store.users.create({ workspaceId: ws.id, email: 'lain@toko.test', name: 'Lain', role: 'owner', passwordHash: await passwords.hash('password-lain-123') });
  const login = await t.client(null)('/api/v1/auth/login', { method: 'POST', json: { email: 'lain@toko.test', password: 'password-lain-123' } });
  const other = t.client((login.headers.get('set-cookie') ?? '').split(';')[0]!);
  for (const api of [t.api, other]) {
    const tpl = await (await api('/api/v1/templates', { method: 'POST', json: { code: 'Pesanan', message: 'Halo {contactname}, pesanan {documentnumber} diterima.' } })).json();
    const auto = await (await api('/api/v1/automations', { method: 'POST', json: { name: 'Pesanan', trigger: 'order.created', templateId: tpl.id } })).json();
    const ev = await (await api('/api/v1/events', {
      method: 'POST',
      json: { id: 'seed-1', type: 'order.created', contact: { externalId: 'C-1', name: 'Budi', phone: '0812-3456-7890' }, order: { number: 'SO-1', items: [{ name: 'Kopi', quantity: 1, price: 1000 }], total: 1000 } },
    })).json();
    knownIds.push(tpl.id, auto.id, ev.contactId, ev.eventId, ...ev.messages.map((m: { id: string }) => m.id));
    knownMessageIds.push(...ev.messages.map((m: { id: string }) => m.id));
  }
  const doc = await (await fetch(`${t.url}/api/openapi.json`)).json() as { paths: Record<string, Record<string, Operation>> };
  routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, op })))
    .filter((r) => !SKIP.has(`${r.method} ${r.path}`));
}, 60_000);
afterAll(async () => {
  await t?.close();
  await wa?.close();
});

// ---- hostile values ----

const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('\u0000', 'a\u0000b', '\uD800', '\uDFFF', 'Kopi \uD83D', '\uDE00 Teh', '', ' ', '%00', '\\u0000', "'; drop table contacts; --",
    '{contactname', '😀'.repeat(40), 'x'.repeat(5000), '0'.repeat(400), 'null', '-1', '1e400', '../../etc/passwd'),
  fc.string({ unit: anyCodeUnit, maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
);
/** What a text column or jsonb cannot hold, inside otherwise ordinary text. */
const unstorable: fc.Arbitrary<string> = fc.tuple(fc.string({ maxLength: 8 }), fc.constantFrom('\u0000', '\uD800', '\uDBFF', '\uDC00', '\uDFFF'), fc.string({ maxLength: 8 }))
  .map(([a, bad, b]) => a + bad + b);
const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(1e16, 1e20, 1e300, -1e300, 2 ** 31, 2 ** 31 - 1, 2 ** 53, -1, -0, 0.5, 1e-300, Number.MAX_VALUE, Number.MIN_SAFE_INTEGER),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString, hostileNumber, fc.constant(null), fc.boolean(), fc.constant({}), fc.constant([]), fc.jsonValue({ maxDepth: 2 }),
);
const base64url = (s: string) => Buffer.from(s).toString('base64url');
/** Cursors Sapa never issued: the shape of a real one with hostile parts, or anything at all. */
const hostileCursor: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(
    fc.oneof(fc.date().map((d) => (Number.isNaN(d.getTime()) ? 'Invalid Date' : d.toISOString())), fc.constantFrom('0000-01-01T00:00:00.000Z', '+275760-09-13T00:00:00.000Z'), hostileString),
    fc.oneof(fc.uuid(), fc.constantFrom(...['-'.repeat(36), 'not-a-uuid']), hostileString),
  ).map(([at, id]) => base64url(`${at}|${id}`)),
  hostileString,
);

// ---- values from a schema, hostile anywhere ----

/**
 * Realistic values where the schema alone says too little (a phone number is a string to the
 * schema, but a random string stops at the phone check before the store is ever reached).
 */
const HINTS: Record<string, fc.Arbitrary<string>> = {
  phone: fc.constantFrom('0812-3456-7890', '+6281234567890', '081299887766', '62 857 1111 2222'),
  currency: fc.constantFrom('IDR', 'USD'),
  // fc.emailAddress() follows RFC 5322, which allows far more than any form (or zod) accepts.
  email: fc.constantFrom('budi@toko.id', 'sari.w@gmail.com', 'OWNER@Toko.test'),
};
/** Keys of records whose keys the JSON schema does not name. */
const KEY_HINTS: Record<string, fc.Arbitrary<string>> = { consent: fc.constantFrom('whatsapp', 'email', 'sms', 'push') };

function plausible(schema: Schema, key = ''): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((s) => plausible(s, key)));
  if (schema.allOf?.[0]) return plausible(schema.allOf[0], key);
  const type = Array.isArray(schema.type) ? schema.type.find((x) => x !== 'null') : schema.type;
  const base = ((): fc.Arbitrary<unknown> => {
    switch (type) {
      case 'string': return stringOf(schema, key);
      case 'integer': return fc.integer({ min: Math.max(schema.minimum ?? -1000, -(2 ** 31)), max: Math.min(schema.maximum ?? 1_000_000, 2 ** 31 - 1) });
      case 'number': return fc.double({ min: schema.minimum ?? -1e6, max: Math.min(schema.maximum ?? 1e9, 1e15), noNaN: true });
      case 'boolean': return fc.boolean();
      case 'array': return fc.array(schema.items ? plausible(schema.items, key) : hostileValue, { maxLength: 3 });
      case 'object': return objectOf(schema, key);
      default: return hostileValue;
    }
  })();
  return schema.nullable ? fc.oneof(base, fc.constant(null)) : base;
}

function stringOf(schema: Schema, key: string): fc.Arbitrary<string> {
  if (schema.format === 'uuid') return fc.oneof(fc.uuid(), fc.constantFrom(...knownIds));
  if (schema.format === 'date-time') return fc.date({ min: new Date('1971-01-01'), max: new Date('2150-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
  if (key === 'cursor') return hostileCursor;
  const hint = HINTS[key];
  if (hint) return hint;
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern), { maxLength: schema.maxLength ?? 40 });
  return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 40) });
}

function objectOf(schema: Schema, key: string): fc.Arbitrary<unknown> {
  const props = Object.entries(schema.properties ?? {});
  const known = props.length > 0
    ? fc.record(Object.fromEntries(props.map(([k, s]) => [k, plausible(s, k)])), { requiredKeys: (schema.required ?? []).filter((k) => schema.properties?.[k]) })
    : fc.constant({});
  const extra = typeof schema.additionalProperties === 'object'
    ? fc.dictionary(KEY_HINTS[key] ?? fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/), plausible(schema.additionalProperties), { maxKeys: 3 })
    : fc.constant({});
  return fc.tuple(known, extra).map(([k, e]) => ({ ...e, ...(k as object) }));
}

/** A plausible value or a hostile one (query parameters: each is checked on its own). */
function valueOf(schema: Schema, key = ''): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 2, arbitrary: plausible(schema, key) }, { weight: 1, arbitrary: key === 'cursor' ? hostileCursor : hostileValue });
}

/** Where a value can be swapped: every property and array element, at any depth, and a new key in every object. */
function slots(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => [[...at, i], ...slots(v, [...at, i])]);
  if (value !== null && typeof value === 'object') {
    return [[...at, '\u0000key'], ...Object.entries(value).flatMap(([k, v]) => [[...at, k], ...slots(v, [...at, k])])];
  }
  return [];
}

/** The value with the slot at `pick` (modulo their number) replaced by `hostile`: one bad leaf in an otherwise good request. */
function withOneHostile(value: unknown, pick: number, hostile: unknown): unknown {
  const all = slots(value);
  if (all.length === 0) return hostile;
  const path = all[pick % all.length]!;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy;
  for (const step of path.slice(0, -1)) node = node[step] as Record<string | number, unknown>;
  node[path.at(-1)!] = hostile;
  return copy;
}

/** encodeURIComponent, except that a lone surrogate goes as its (invalid) UTF-8 bytes instead of throwing. */
function encode(value: string): string {
  let out = '';
  for (const ch of value) {
    const code = ch.charCodeAt(0);
    if (ch.length === 1 && code >= 0xd800 && code <= 0xdfff) out += `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`.toUpperCase();
    else out += encodeURIComponent(ch);
  }
  return out;
}

const asText = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v) ?? '');

interface Sample { path: string; query: [string, string][]; body: unknown; rawBody: string | null }

function requests(route: Route): fc.Arbitrary<Sample> {
  const params = route.op.parameters ?? [];
  const pathParams = params.filter((p) => p.in === 'path');
  const queryParams = params.filter((p) => p.in === 'query');
  const pathArb = fc.tuple(...pathParams.map(() => fc.oneof(fc.uuid(), fc.constantFrom(...knownIds), hostileString)))
    .map((values) => pathParams.reduce((p, param, i) => p.replace(`{${param.name}}`, encode(values[i]!) || '%20'), route.path));
  const queryArb = fc.tuple(
    ...queryParams.map((p) => fc.option(valueOf(p.schema ?? {}, p.name).map((v): [string, string] => [p.name, asText(v)]), { nil: undefined })),
    fc.option(fc.tuple(hostileString, hostileString), { nil: undefined }),
  ).map((pairs) => pairs.filter((x): x is [string, string] => x !== undefined));
  const bodySchema = route.op.requestBody?.content?.['application/json']?.schema;
  const bodyArb = bodySchema
    ? fc.oneof(
      { weight: 4, arbitrary: fc.tuple(plausible(bodySchema), fc.nat(), fc.oneof({ weight: 3, arbitrary: unstorable }, { weight: 1, arbitrary: hostileNumber }, { weight: 1, arbitrary: hostileValue })).map(([b, n, h]) => withOneHostile(b, n, h)) },
      { weight: 1, arbitrary: plausible(bodySchema) },
      { weight: 1, arbitrary: hostileValue },
    )
    : fc.constant(undefined);
  // Now and then not JSON at all.
  const rawArb = fc.oneof({ weight: 12, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.oneof(hostileString, fc.constantFrom('{', '{"a":', '[1,', '\u0000')) });
  return fc.record({ path: pathArb, query: queryArb, body: bodyArb, rawBody: rawArb });
}

async function send(route: Route, s: Sample): Promise<Response> {
  const qs = s.query.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
  const url = s.path + (qs ? `?${qs}` : '');
  const hasBody = route.method !== 'GET' && route.method !== 'DELETE' && (s.body !== undefined || s.rawBody !== null);
  if (!hasBody) return t.api(url, { method: route.method });
  if (s.rawBody !== null) return t.api(url, { method: route.method, body: s.rawBody, headers: { 'content-type': 'application/json' } });
  return t.api(url, { method: route.method, json: s.body });
}

describe('generated hostile requests', () => {
  it('reach every operation of the OpenAPI document', () => {
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining([
      'POST /api/v1/events', 'POST /api/v1/contacts', 'GET /api/v1/contacts', 'GET /api/v1/messages', 'PATCH /api/v1/templates/{id}', 'PUT /api/v1/channels/whatsapp',
    ]));
  });

  it('never answer 5xx, on any operation', async () => {
    for (const route of routes) {
      await fc.assert(fc.asyncProperty(requests(route), async (sample) => {
        const res = await send(route, sample);
        const text = await res.text();
        if (res.status >= 500) throw new Error(`${route.method} ${route.path} answered ${res.status}: ${text.slice(0, 300)}`);
        if (res.status >= 400) expect(res.headers.get('content-type') ?? '', `${route.method} ${route.path}`).toContain('application/problem+json');
        // Accepted means stored as sent: a lone surrogate must not come back as U+FFFD.
        if (res.status < 300 && text.includes('\uFFFD') && !JSON.stringify(sample).includes('\uFFFD')) {
          throw new Error(`${route.method} ${route.path} stored U+FFFD for text it was not sent: ${text.slice(0, 300)}`);
        }
      }), { numRuns: route.op.requestBody ? BODY_RUNS : RUNS });
    }
    // The session the requests used still works: nothing generated broke the app for the next caller.
    expect((await t.api('/api/v1/templates')).status).toBe(200);
  }, 600_000);
});

describe('generated hostile WhatsApp notifications', () => {
  // Built when the test runs: the message ids exist only once beforeAll has run.
  const notifications = () => {
  const timestamp = fc.oneof(fc.integer({ min: 0, max: 4_000_000_000 }).map(String), hostileNumber, hostileString);
  const text = fc.oneof(fc.string({ maxLength: 30 }), hostileString);
  const status = fc.record({
    id: fc.oneof(fc.constant('wamid.x'), text),
    status: fc.oneof(fc.constantFrom('sent', 'delivered', 'read', 'failed'), hostileString),
    timestamp,
    recipient_id: fc.oneof(fc.constant('6281234567890'), hostileString),
    biz_opaque_callback_data: fc.oneof(fc.uuid(), fc.constantFrom(...knownMessageIds), hostileString),
    errors: fc.array(fc.record({ code: fc.oneof(fc.integer(), hostileString), title: text, error_data: fc.record({ details: text }) }), { maxLength: 1 }),
  }, { requiredKeys: ['id', 'status', 'timestamp'] });
  const message = fc.record({
    from: fc.oneof(fc.stringMatching(/^\+?\d{8,15}$/), hostileString),
    id: fc.oneof(fc.uuid().map((u) => `wamid.${u}`), hostileString),
    timestamp,
    type: fc.oneof(fc.constantFrom('text', 'button', 'interactive', 'image'), hostileString),
    text: fc.record({ body: text }),
    button: fc.record({ text, payload: text }),
    interactive: fc.record({ button_reply: fc.record({ title: text }) }),
  }, { requiredKeys: ['from', 'id', 'timestamp', 'type'] });
  const notification = fc.record({
    statuses: fc.array(fc.oneof(status, hostileValue), { maxLength: 3 }),
    messages: fc.array(fc.oneof(message, hostileValue), { maxLength: 3 }),
    contacts: fc.array(fc.record({ wa_id: fc.oneof(fc.stringMatching(/^\d{8,15}$/), hostileString), profile: fc.record({ name: text }) }), { maxLength: 2 }),
  });
  return notification;
  };

  it('never answer 5xx', async () => {
    await fc.assert(fc.asyncProperty(notifications(), async (value) => {
      const payload = {
        object: 'whatsapp_business_account',
        entry: [{ id: wa.wabaId, changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '628000', phone_number_id: wa.phoneNumberId }, ...value } }] }],
      };
      const res = await wa.postWebhook(`${t.url}/webhooks/whatsapp`, payload);
      if (res.status >= 500) throw new Error(`webhook answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
      expect(res.status).toBe(200);
    }), { numRuns: 150 });
  }, 300_000);
});
