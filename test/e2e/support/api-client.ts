/**
 * The API side of an e2e test's set-up, through @sapa/client as an integration calls Sapa: typed
 * by the OpenAPI document (a contract change that breaks the set-up fails tsc, not a test run) and
 * failing with the server's problem document.
 */
import { createSapaClient, type SapaClient } from '@sapa/client';
import { ADMIN, type SapaServer } from './sapa-server.js';

async function answerOf(res: Response, what: string): Promise<unknown> {
  if (!res.ok) throw new Error(`${what} answered ${res.status}: ${await res.text()}`);
  return res.json();
}

/**
 * A client with a fresh `admin`-scoped API key of the ADMIN's workspace. Keys are issued to a
 * signed-in person, so ADMIN logs in first (with plain fetch: the client only speaks with a key).
 */
export async function openApiClient(sapa: SapaServer): Promise<SapaClient> {
  const login = await fetch(`${sapa.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  await answerOf(login, 'login');
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const issued = await fetch(`${sapa.url}/api/v1/api-keys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ name: 'e2e set-up', scopes: ['admin'] }),
  });
  const { key } = (await answerOf(issued, 'POST /api/v1/api-keys')) as { key: string };
  return createSapaClient({ baseUrl: sapa.url, apiKey: key });
}
