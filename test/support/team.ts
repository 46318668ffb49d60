/** Team helpers for integration tests: members of each role with their own session, API keys with scopes. */
import type { TestApp } from './test-app.js';

export interface TestMember { id: string; email: string; password: string; cookie: string; api: TestApp['api'] }

/** Logs in and returns the session cookie (throws on anything but 200). */
export async function loginCookie(t: TestApp, email: string, password: string): Promise<string> {
  const res = await t.client(null)('/api/v1/auth/login', { method: 'POST', json: { email, password } });
  if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${await res.text()}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

/** The owner adds a member with this role; the member logs in. */
export async function addMember(t: TestApp, role: 'owner' | 'admin' | 'agent', email = `${role}-${Math.random().toString(36).slice(2, 8)}@toko.test`): Promise<TestMember> {
  const password = `sandi-${role}-12345`;
  const res = await t.api('/api/v1/members', { method: 'POST', json: { email, name: `Anggota ${role}`, role, password } });
  if (res.status !== 201) throw new Error(`adding ${role} failed: ${res.status} ${await res.text()}`);
  const { id } = (await res.json()) as { id: string };
  const cookie = await loginCookie(t, email, password);
  return { id, email, password, cookie, api: t.client(cookie) };
}

/** The owner creates an API key with these scopes (none: the default); returns a client that sends it. */
export async function apiKeyClient(t: TestApp, scopes?: string[]): Promise<{ key: string; id: string; api: TestApp['api'] }> {
  const res = await t.api('/api/v1/api-keys', { method: 'POST', json: { name: `kunci ${scopes?.join('+') ?? 'default'}`, ...(scopes ? { scopes } : {}) } });
  if (res.status !== 201) throw new Error(`API key failed: ${res.status} ${await res.text()}`);
  const { key, id } = (await res.json()) as { key: string; id: string };
  const base = t.client(null);
  const api: TestApp['api'] = (path, init = {}) => base(path, { ...init, headers: { ...Object.fromEntries(new Headers(init.headers)), authorization: `Bearer ${key}` } });
  return { key, id, api };
}
