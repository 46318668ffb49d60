/** The few Sapa API calls the events benchmark needs: set up a workspace, read messages back, wait for the worker. */

export interface BenchWorkspace {
  /** `Authorization` header value for the load: a fresh API key. */
  authorization: string;
}

interface MessageRow { id: string; status: string; createdAt: string; sentAt: string | null }
interface MessagePage { items: MessageRow[]; nextCursor: string | null }

async function call<T>(url: string, method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<{ status: number; json: T; headers: Headers }> {
  const send = () => fetch(url + path, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  let res: Response;
  try {
    res = await send();
  } catch (err) {
    // A read may meet a reused keep-alive socket the server just closed: say so, and try once more.
    if (method !== 'GET') throw err;
    console.warn(`warning: ${method} ${path} failed at the connection (${String((err as Error).cause ?? err)}); retrying once`);
    res = await send();
  }
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 500)}`);
  return { status: res.status, json: (text ? JSON.parse(text) : null) as T, headers: res.headers };
}

/** Logs in as the owner, creates an API key, a template and one enabled automation on order.created. */
export async function setUpWorkspace(url: string, owner: { email: string; password: string }): Promise<BenchWorkspace> {
  const login = await call<unknown>(url, 'POST', '/api/v1/auth/login', {}, owner);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  if (!cookie) throw new Error('login set no cookie');
  const asOwner = { cookie };
  const key = await call<{ key: string }>(url, 'POST', '/api/v1/api-keys', asOwner, { name: 'bench-events', scopes: ['events:write', 'messages:read'] });
  const template = await call<{ id: string }>(url, 'POST', '/api/v1/templates', asOwner, {
    code: 'Bench Konfirmasi Pesanan',
    message: 'Halo {contactname}, terima kasih telah membeli {productname}. Kode penjualan Anda {documentnumber}. — {username}',
  });
  await call(url, 'POST', '/api/v1/automations', asOwner, { name: 'Bench order.created', trigger: 'order.created', templateId: template.json.id });
  return { authorization: `Bearer ${key.json.key}` };
}

/** True while some message is still `queued` or `sending`. */
async function pending(url: string, ws: BenchWorkspace): Promise<boolean> {
  for (const status of ['queued', 'sending']) {
    const page = await call<MessagePage>(url, 'GET', `/api/v1/messages?status=${status}&limit=1`, { authorization: ws.authorization });
    if (page.json.items.length > 0) return true;
  }
  return false;
}

/**
 * Polls until no message has been queued or sending for `quietMs` in a row; returns the ms it took,
 * or null after timeoutMs. The quiet period is there because requests the load generator dropped at
 * stop time are still being handled by Sapa and may store their message after a first empty look.
 */
export async function waitDrained(url: string, ws: BenchWorkspace, timeoutMs: number, quietMs: number): Promise<number | null> {
  const start = performance.now();
  let emptySince: number | null = null;
  for (;;) {
    const now = performance.now();
    if (await pending(url, ws)) emptySince = null;
    else if (emptySince === null) emptySince = now;
    else if (now - emptySince >= quietMs) return emptySince - start;
    if (now - start > timeoutMs) return null;
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface StoredSince {
  /** Ids of messages created at or after `since`. */
  ids: Set<string>;
  byStatus: Map<string, number>;
  /** sentAt of each sent message (ms since epoch). */
  sentAt: number[];
}

/**
 * Every message created at or after `since`, newest first through the API's cursor pages.
 * Server and load generator share one clock, so a run's messages are exactly those created after it began.
 */
export async function messagesSince(url: string, ws: BenchWorkspace, since: Date): Promise<StoredSince> {
  const out: StoredSince = { ids: new Set(), byStatus: new Map(), sentAt: [] };
  let cursor: string | null = null;
  for (;;) {
    const q: string = `/api/v1/messages?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page: MessagePage = (await call<MessagePage>(url, 'GET', q, { authorization: ws.authorization })).json;
    for (const m of page.items) {
      if (Date.parse(m.createdAt) < since.getTime()) return out;
      out.ids.add(m.id);
      out.byStatus.set(m.status, (out.byStatus.get(m.status) ?? 0) + 1);
      if (m.sentAt) out.sentAt.push(Date.parse(m.sentAt));
    }
    if (!page.nextCursor) return out;
    cursor = page.nextCursor;
  }
}
