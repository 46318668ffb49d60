// Role × endpoint and scope × endpoint: each principal gets 403 problem JSON exactly where it
// should, and never 401/403 where it is allowed. Bodies are empty and ids unknown, so an allowed
// call ends in 400/404 without changing anything; authorization comes before validation, so a
// refused call is 403 whatever the body.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { addMember, apiKeyClient } from '../../support/team.js';

const NO_ID = '00000000-0000-4000-8000-000000000000';
type Who = 'owner' | 'admin' | 'agent' | 'events:write' | 'contacts:write' | 'messages:read' | 'admin-key';
const PEOPLE: Who[] = ['owner', 'admin', 'agent'];
const ALL_PEOPLE = PEOPLE;
const MANAGERS: Who[] = ['owner', 'admin', 'admin-key'];

/** [method, path, who may] — written out by hand from the README's matrix, not derived from the code. */
const MATRIX: [string, string, Who[]][] = [
  ['GET', '/api/v1/triggers', ['owner', 'admin', 'agent', 'events:write', 'contacts:write', 'messages:read', 'admin-key']],
  ['GET', '/api/v1/templates', [...ALL_PEOPLE, 'admin-key']],
  ['GET', `/api/v1/templates/${NO_ID}`, [...ALL_PEOPLE, 'admin-key']],
  ['POST', '/api/v1/templates/preview', [...ALL_PEOPLE, 'admin-key']],
  ['POST', '/api/v1/templates', MANAGERS],
  ['PATCH', `/api/v1/templates/${NO_ID}`, MANAGERS],
  ['DELETE', `/api/v1/templates/${NO_ID}`, MANAGERS],
  // Submitting to Meta and importing Meta's templates: owners and admins, like editing templates.
  ['POST', `/api/v1/templates/${NO_ID}/whatsapp`, MANAGERS],
  ['POST', '/api/v1/templates/whatsapp/import', MANAGERS],
  ['GET', '/api/v1/automations', [...ALL_PEOPLE, 'admin-key']],
  ['GET', `/api/v1/automations/${NO_ID}`, [...ALL_PEOPLE, 'admin-key']],
  ['GET', '/api/v1/automations/demo', [...ALL_PEOPLE, 'admin-key']],
  ['POST', '/api/v1/automations', MANAGERS],
  ['PATCH', `/api/v1/automations/${NO_ID}`, MANAGERS],
  ['DELETE', `/api/v1/automations/${NO_ID}`, MANAGERS],
  // Journeys read and change like automations; their report reads like a broadcast's.
  ['GET', '/api/v1/journeys', [...ALL_PEOPLE, 'admin-key']],
  ['GET', '/api/v1/journeys/recipes', [...ALL_PEOPLE, 'admin-key']],
  ['GET', `/api/v1/journeys/${NO_ID}`, [...ALL_PEOPLE, 'admin-key']],
  ['POST', '/api/v1/journeys', MANAGERS],
  ['POST', '/api/v1/journeys/recipes', MANAGERS],
  ['PUT', `/api/v1/journeys/${NO_ID}`, MANAGERS],
  ['DELETE', `/api/v1/journeys/${NO_ID}`, MANAGERS],
  ['POST', `/api/v1/journeys/${NO_ID}/activate`, MANAGERS],
  ['POST', `/api/v1/journeys/${NO_ID}/pause`, MANAGERS],
  ['GET', `/api/v1/journeys/${NO_ID}/report`, [...ALL_PEOPLE, 'messages:read', 'admin-key']],
  ['GET', `/api/v1/journeys/${NO_ID}/ab-results`, [...ALL_PEOPLE, 'messages:read', 'admin-key']],
  ['GET', '/api/v1/contacts', [...ALL_PEOPLE, 'contacts:write', 'admin-key']],
  // Insights read like contacts; recomputing (a full RFM run and a model fit) is for owners and admins.
  ['GET', '/api/v1/insights/rfm', [...ALL_PEOPLE, 'contacts:write', 'admin-key']],
  ['GET', '/api/v1/insights/rfm/contacts', [...ALL_PEOPLE, 'contacts:write', 'admin-key']],
  ['GET', '/api/v1/insights/value', [...ALL_PEOPLE, 'contacts:write', 'admin-key']],
  ['POST', '/api/v1/insights/rfm/recompute', MANAGERS],
  ['POST', '/api/v1/insights/value/fit', MANAGERS],
  // Referrals read like contacts (a contact's code is made on first read); the programme changes like automations.
  ['GET', '/api/v1/referrals/program', [...ALL_PEOPLE, 'contacts:write', 'admin-key']],
  ['PUT', '/api/v1/referrals/program', MANAGERS],
  ['GET', '/api/v1/referrals', [...ALL_PEOPLE, 'contacts:write', 'admin-key']],
  ['GET', `/api/v1/contacts/${NO_ID}/referral`, [...ALL_PEOPLE, 'contacts:write', 'admin-key']],
  ['GET', `/api/v1/contacts/${NO_ID}`, [...ALL_PEOPLE, 'contacts:write', 'admin-key']],
  ['GET', `/api/v1/contacts/${NO_ID}/orders`, [...ALL_PEOPLE, 'contacts:write', 'admin-key']],
  ['POST', '/api/v1/contacts', [...MANAGERS, 'contacts:write']],
  ['POST', `/api/v1/contacts/${NO_ID}/token`, [...MANAGERS, 'contacts:write']],
  ['GET', '/api/v1/contacts/tags', [...ALL_PEOPLE, 'contacts:write', 'admin-key']],
  ['GET', `/api/v1/contacts/${NO_ID}/consent-history`, [...ALL_PEOPLE, 'contacts:write', 'admin-key']],
  // Agents may change tags (other fields are refused inside: consent-history.test.ts).
  ['PATCH', `/api/v1/contacts/${NO_ID}`, [...ALL_PEOPLE, 'contacts:write', 'admin-key']],
  // Personal data (UU PDP): owners and admins only.
  ['GET', `/api/v1/contacts/${NO_ID}/export`, MANAGERS],
  ['DELETE', `/api/v1/contacts/${NO_ID}`, MANAGERS],
  ['POST', '/api/v1/contacts/import', [...MANAGERS, 'contacts:write']],
  // Every contact at once is personal data too.
  ['GET', '/api/v1/contacts/export', MANAGERS],
  // Broadcasts: everyone who reads messages sees them; sending is for owners and admins.
  ['GET', '/api/v1/broadcasts', [...ALL_PEOPLE, 'messages:read', 'admin-key']],
  ['GET', `/api/v1/broadcasts/${NO_ID}`, [...ALL_PEOPLE, 'messages:read', 'admin-key']],
  ['GET', `/api/v1/broadcasts/${NO_ID}/progress`, [...ALL_PEOPLE, 'messages:read', 'admin-key']],
  ['POST', '/api/v1/broadcasts', MANAGERS],
  ['PATCH', `/api/v1/broadcasts/${NO_ID}`, MANAGERS],
  ['DELETE', `/api/v1/broadcasts/${NO_ID}`, MANAGERS],
  ['POST', `/api/v1/broadcasts/${NO_ID}/test`, MANAGERS],
  ['POST', `/api/v1/broadcasts/${NO_ID}/send`, MANAGERS],
  ['POST', `/api/v1/broadcasts/${NO_ID}/cancel`, MANAGERS],
  // The inbox: whoever reads messages reads conversations; people work them (assign, close, notes) and send quick messages.
  ['GET', '/api/v1/conversations', [...ALL_PEOPLE, 'messages:read', 'admin-key']],
  ['GET', '/api/v1/conversations/stream', [...ALL_PEOPLE, 'messages:read', 'admin-key']],
  ['GET', '/api/v1/conversations/assignees', [...ALL_PEOPLE, 'messages:read', 'admin-key']],
  ['GET', `/api/v1/conversations/${NO_ID}`, [...ALL_PEOPLE, 'messages:read', 'admin-key']],
  ['GET', `/api/v1/conversations/${NO_ID}/messages`, [...ALL_PEOPLE, 'messages:read', 'admin-key']],
  ['GET', `/api/v1/conversations/${NO_ID}/notes`, [...ALL_PEOPLE, 'messages:read', 'admin-key']],
  ['POST', `/api/v1/conversations/${NO_ID}/read`, [...ALL_PEOPLE, 'messages:read', 'admin-key']],
  ['PATCH', `/api/v1/conversations/${NO_ID}`, [...ALL_PEOPLE, 'admin-key']],
  ['POST', `/api/v1/conversations/${NO_ID}/notes`, [...ALL_PEOPLE, 'admin-key']],
  ['GET', `/api/v1/contacts/${NO_ID}/conversation`, [...ALL_PEOPLE, 'messages:read', 'admin-key']],
  ['POST', `/api/v1/contacts/${NO_ID}/messages`, [...ALL_PEOPLE, 'admin-key']],
  ['POST', `/api/v1/contacts/${NO_ID}/messages/preview`, [...ALL_PEOPLE, 'admin-key']],
  // Files to send: whoever may send a message may upload one and read its details.
  ['POST', '/api/v1/media', [...ALL_PEOPLE, 'admin-key']],
  ['GET', `/api/v1/media/${NO_ID}`, [...ALL_PEOPLE, 'messages:read', 'admin-key']],
  // Auto-replies and the away message: everyone reads, owners and admins change.
  ['GET', '/api/v1/auto-replies', ['owner', 'admin', 'agent', 'events:write', 'contacts:write', 'messages:read', 'admin-key']],
  ['POST', '/api/v1/auto-replies', MANAGERS],
  ['PATCH', `/api/v1/auto-replies/${NO_ID}`, MANAGERS],
  ['DELETE', `/api/v1/auto-replies/${NO_ID}`, MANAGERS],
  ['GET', '/api/v1/settings/away', ['owner', 'admin', 'agent', 'events:write', 'contacts:write', 'messages:read', 'admin-key']],
  ['PUT', '/api/v1/settings/away', MANAGERS],
  ['GET', '/api/v1/settings/messaging', ['owner', 'admin', 'agent', 'events:write', 'contacts:write', 'messages:read', 'admin-key']],
  ['PUT', '/api/v1/settings/messaging', MANAGERS],
  ['GET', '/api/v1/settings/attribution', ['owner', 'admin', 'agent', 'events:write', 'contacts:write', 'messages:read', 'admin-key']],
  ['PUT', '/api/v1/settings/attribution', MANAGERS],
  ['GET', `/api/v1/broadcasts/${NO_ID}/report`, [...ALL_PEOPLE, 'messages:read', 'admin-key']],
  ['GET', `/api/v1/broadcasts/${NO_ID}/ab-results`, [...ALL_PEOPLE, 'messages:read', 'admin-key']],
  ['GET', `/api/v1/automations/${NO_ID}/report`, [...ALL_PEOPLE, 'messages:read', 'admin-key']],
  // Insights: stage counts and flows for whoever reads contacts, the KPI dashboard for whoever reads messages.
  ['GET', '/api/v1/insights/lifecycle', [...ALL_PEOPLE, 'contacts:write', 'admin-key']],
  ['GET', '/api/v1/insights/lifecycle/flows', [...ALL_PEOPLE, 'contacts:write', 'admin-key']],
  ['GET', '/api/v1/insights/dashboard', [...ALL_PEOPLE, 'messages:read', 'admin-key']],
  ['GET', '/api/v1/settings/lifecycle', ['owner', 'admin', 'agent', 'events:write', 'contacts:write', 'messages:read', 'admin-key']],
  ['PUT', '/api/v1/settings/lifecycle', MANAGERS],
  ['GET', '/api/v1/segments', [...ALL_PEOPLE, 'contacts:write', 'admin-key']],
  ['GET', `/api/v1/segments/${NO_ID}`, [...ALL_PEOPLE, 'contacts:write', 'admin-key']],
  ['GET', `/api/v1/segments/${NO_ID}/count`, [...ALL_PEOPLE, 'contacts:write', 'admin-key']],
  ['GET', `/api/v1/segments/${NO_ID}/contacts`, [...ALL_PEOPLE, 'contacts:write', 'admin-key']],
  ['POST', '/api/v1/segments/preview', [...ALL_PEOPLE, 'contacts:write', 'admin-key']],
  ['POST', '/api/v1/segments', MANAGERS],
  ['PATCH', `/api/v1/segments/${NO_ID}`, MANAGERS],
  ['DELETE', `/api/v1/segments/${NO_ID}`, MANAGERS],
  ['POST', '/api/v1/events', ['owner', 'admin', 'events:write', 'admin-key']],
  ['GET', '/api/v1/messages', [...ALL_PEOPLE, 'messages:read', 'admin-key']],
  ['GET', `/api/v1/messages/${NO_ID}`, [...ALL_PEOPLE, 'messages:read', 'admin-key']],
  ['GET', '/api/v1/messages/today', [...ALL_PEOPLE, 'messages:read', 'admin-key']],
  ['POST', `/api/v1/messages/${NO_ID}/resend`, [...ALL_PEOPLE, 'admin-key']],
  ['GET', '/api/v1/sandbox/outbox', [...ALL_PEOPLE, 'messages:read', 'admin-key']],
  ['GET', '/api/v1/channels/whatsapp', MANAGERS],
  ['PUT', '/api/v1/channels/whatsapp', ['owner']],
  // Shop connections hold a webhook secret: owners change them, like a WhatsApp number; the list, mapping and tester read like channels.
  ['GET', '/api/v1/shop-connections', MANAGERS],
  ['GET', '/api/v1/shop-connections/mapping', MANAGERS],
  ['GET', `/api/v1/shop-connections/${NO_ID}`, MANAGERS],
  ['POST', '/api/v1/shop-connections/preview', MANAGERS],
  ['POST', '/api/v1/shop-connections', ['owner']],
  ['PATCH', `/api/v1/shop-connections/${NO_ID}`, ['owner']],
  ['DELETE', `/api/v1/shop-connections/${NO_ID}`, ['owner']],
  ['GET', '/api/v1/channels/email', MANAGERS],
  ['PUT', '/api/v1/channels/email', ['owner']],
  ['POST', '/api/v1/channels/email/test', ['owner']],
  ['GET', '/api/v1/channels/sms', MANAGERS],
  ['GET', '/api/v1/channels/push', MANAGERS],
  ['PUT', '/api/v1/channels/sms', ['owner']],
  ['GET', '/api/v1/api-keys', MANAGERS],
  ['POST', '/api/v1/api-keys', MANAGERS],
  ['DELETE', `/api/v1/api-keys/${NO_ID}`, MANAGERS],
  // Outbound webhooks send contacts' data out of Sapa: managed like API keys, by owners, admins and admin keys.
  ['GET', '/api/v1/webhooks', MANAGERS],
  ['POST', '/api/v1/webhooks', MANAGERS],
  ['GET', `/api/v1/webhooks/${NO_ID}`, MANAGERS],
  ['DELETE', `/api/v1/webhooks/${NO_ID}`, MANAGERS],
  ['POST', `/api/v1/webhooks/${NO_ID}/pause`, MANAGERS],
  ['POST', `/api/v1/webhooks/${NO_ID}/resume`, MANAGERS],
  ['GET', `/api/v1/webhooks/${NO_ID}/deliveries`, MANAGERS],
  ['POST', `/api/v1/webhooks/deliveries/${NO_ID}/redeliver`, MANAGERS],
  ['GET', '/api/v1/members', ['owner']],
  ['POST', '/api/v1/members', ['owner']],
  ['PATCH', `/api/v1/members/${NO_ID}`, ['owner']],
  ['DELETE', `/api/v1/members/${NO_ID}`, ['owner']],
  ['POST', '/api/v1/members/invite', ['owner']],
  ['DELETE', `/api/v1/members/invites/${NO_ID}`, ['owner']],
  ['GET', '/api/v1/audit', ['owner']],
  // Any person may manage their own password and sessions; a key has neither.
  ['GET', '/api/v1/auth/sessions', [...ALL_PEOPLE, 'events:write', 'contacts:write', 'messages:read', 'admin-key']],
];
/** Routes a key reaches but that answer 403 inside (they belong to a person): checked separately. */
const PERSON_ONLY = new Set(['GET /api/v1/auth/sessions']);

let t: TestApp;
const clients = new Map<Who, TestApp['api']>();

beforeAll(async () => {
  t = await startTestApp();
  clients.set('owner', t.api);
  clients.set('admin', (await addMember(t, 'admin')).api);
  clients.set('agent', (await addMember(t, 'agent')).api);
  for (const scope of ['events:write', 'contacts:write', 'messages:read'] as const) clients.set(scope, (await apiKeyClient(t, [scope])).api);
  clients.set('admin-key', (await apiKeyClient(t, ['admin'])).api);
});
afterAll(async () => { await t?.close(); });

/** Streams stay open: their answer is judged on the status and headers, then the stream is closed. */
const STREAMS = new Set(['/api/v1/conversations/stream']);

async function call(who: Who, method: string, path: string): Promise<Response> {
  if (STREAMS.has(path)) {
    const controller = new AbortController();
    const res = await clients.get(who)!(path, { method, signal: controller.signal });
    const head = { status: res.status, headers: res.headers };
    const body = res.status === 200 ? '' : await res.text();
    controller.abort();
    return new Response(body, { status: head.status, headers: head.headers });
  }
  const withBody = method !== 'GET' && method !== 'DELETE';
  return clients.get(who)!(path, { method, ...(withBody ? { json: {} } : {}) });
}

describe('role × endpoint and scope × endpoint', () => {
  const everyone: Who[] = ['owner', 'admin', 'agent', 'events:write', 'contacts:write', 'messages:read', 'admin-key'];
  for (const [method, path, allowed] of MATRIX) {
    it(`${method} ${path.replace(NO_ID, ':id')}`, async () => {
      for (const who of everyone) {
        const res = await call(who, method, path);
        // An allowed export answers CSV; every refusal is problem JSON.
        const text = await res.text();
        const body = (res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : {}) as { code?: string; status?: number };
        const personOnly = PERSON_ONLY.has(`${method} ${path}`) && !PEOPLE.includes(who);
        if (allowed.includes(who) && !personOnly) {
          expect([401, 403], `${who} ${method} ${path}: ${JSON.stringify(body)}`).not.toContain(res.status);
        } else {
          expect(res.status, `${who} ${method} ${path}`).toBe(403);
          expect(res.headers.get('content-type')).toContain('application/problem+json');
          expect(body).toMatchObject({ status: 403, code: 'auth.forbidden' });
        }
      }
    });
  }

  it('every /api/v1 route of the OpenAPI document is in the matrix or public', async () => {
    const doc = (await (await fetch(`${t.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const PUBLIC = ['POST /api/v1/auth/login', 'POST /api/v1/auth/logout', 'GET /api/v1/auth/session', 'POST /api/v1/members/invite/info', 'POST /api/v1/members/invite/accept'];
    const PERSONAL = ['POST /api/v1/auth/password', 'DELETE /api/v1/auth/sessions/{id}'];
    const covered = new Set([...MATRIX.map(([m, p]) => `${m} ${p.replace(NO_ID, '{id}')}`), ...PUBLIC, ...PERSONAL]);
    const routes = Object.entries(doc.paths).filter(([p]) => p.startsWith('/api/v1/'))
      .flatMap(([p, ops]) => Object.keys(ops).filter((m) => m !== 'head').map((m) => `${m.toUpperCase()} ${p}`));
    expect(routes.filter((r) => !covered.has(r))).toEqual([]);
  });

  it('no key but an admin key manages keys: a default key cannot mint a key or revoke the owner\'s', async () => {
    const owners = await apiKeyClient(t, ['admin']);
    const plain = await apiKeyClient(t);
    expect((await plain.api('/api/v1/api-keys', { method: 'POST', json: { name: 'x', scopes: ['admin'] } })).status).toBe(403);
    expect((await plain.api(`/api/v1/api-keys/${owners.id}`, { method: 'DELETE' })).status).toBe(403);
    const list = (await (await t.api('/api/v1/api-keys')).json()) as { items: { id: string; scopes: string[] }[] };
    expect(list.items.find((k) => k.id === plain.id)?.scopes).toEqual(['events:write']);
    expect(list.items.find((k) => k.id === owners.id)?.scopes).toEqual(['admin']);
  });

  it('a person-only route answers an API key with 403 (no password or sessions of its own)', async () => {
    for (const who of ['events:write', 'admin-key'] as const) {
      expect((await call(who, 'GET', '/api/v1/auth/sessions')).status).toBe(403);
      expect((await clients.get(who)!('/api/v1/auth/password', { method: 'POST', json: { currentPassword: 'x', newPassword: 'yyyyyyyy' } })).status).toBe(403);
    }
  });
});
