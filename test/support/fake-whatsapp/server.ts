/**
 * A local WhatsApp Cloud API: a real HTTP server on 127.0.0.1 that validates sends the way Meta
 * does, answers in Meta's wire format, dedupes on Idempotency-Key and records every request.
 *
 *   const wa = await startFakeWhatsApp();
 *   const channel = createWhatsAppChannel({ apiBase: wa.baseUrl, phoneNumberId: wa.phoneNumberId,
 *     accessToken: wa.accessToken, appSecret: wa.appSecret, verifyToken: 'v' }, { fetch });
 *   …; expect(wa.sent()).toHaveLength(1); await wa.close();
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  buildInboundWebhook, buildStatusWebhook, newWamid, signRawWebhook, signWebhook,
  type InboundWebhookInput, type StatusWebhookInput, type WebhookPayload,
} from './webhooks.js';
import { createTemplateStore, type FakeTemplate, type TemplateStatusWebhookInput } from './templates.js';
import { createUploadStore, type UploadedFile } from './uploads.js';

export * from './webhooks.js';
export type { FakeTemplate } from './templates.js';

export interface FakeWhatsAppOptions {
  phoneNumberId?: string;
  accessToken?: string;
  appSecret?: string;
  wabaId?: string;
  /** The Meta app's id (the Resumable Upload API's `/{app-id}/uploads`). */
  appId?: string;
  displayPhoneNumber?: string;
}

/**
 * accepted: a new message (one real send); duplicate: same Idempotency-Key as an accepted one,
 * answered with the same wamid and not sent again; rejected: failed Meta's validation;
 * injected: answered by failNext; hung: never answered (hangNext).
 */
export type RequestOutcome = 'accepted' | 'duplicate' | 'rejected' | 'injected' | 'hung';

export interface RecordedRequest {
  method: string;
  path: string;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  rawBody: string;
  /** The body's bytes (uploads are binary). */
  bytes: Buffer;
  /** The query string as received, with its `?` (an upload session id carries `?sig=`). */
  search: string;
  /** The parsed JSON body, or null when it was not JSON. */
  body: Record<string, unknown> | null;
  outcome: RequestOutcome;
  /** The HTTP status answered (0 for hung). */
  status: number;
  /** The wamid answered, for accepted and duplicate requests. */
  wamid?: string;
  /** When the request arrived (ms since the epoch), for rate checks. */
  at: number;
}

export interface InjectedResponse {
  status: number;
  /** An object is sent as JSON; a string is sent as is. */
  body: unknown;
  headers?: Record<string, string>;
}

export interface FakeWhatsApp {
  /** e.g. http://127.0.0.1:41234 — use as the channel's apiBase. */
  baseUrl: string;
  phoneNumberId: string;
  accessToken: string;
  appSecret: string;
  wabaId: string;
  appId: string;
  /** Files received through Resumable Upload sessions, in order (with the handle answered for each). */
  uploaded: UploadedFile[];
  /** Serves bytes as a template's example file (Meta's CDN); returns the URL for `example.header_handle`. */
  addExample(name: string, bytes: Buffer, type: string): string;
  /** Every request received, in order, whatever its outcome. */
  requests: RecordedRequest[];
  /** The accepted requests only: what was actually sent, once each. */
  sent(): RecordedRequest[];
  /** The next `times` sends get this answer instead of being processed. */
  failNext(times: number, response: InjectedResponse): void;
  /** The next `times` sends are read but never answered (for client timeouts). */
  hangNext(times: number): void;
  /**
   * The next `times` valid sends are accepted — the message goes out and its Idempotency-Key is
   * remembered — but the answer never comes: the sender cannot know it was sent (a crash mid-send).
   */
  acceptThenHangNext(times: number): void;
  /** From now on each send is answered with one of `responses` (picked at random) with probability `rate`, like a flaky Meta. */
  failRandomly(rate: number, responses: readonly InjectedResponse[]): void;
  /**
   * As Meta does: each accepted send is followed by a signed `sent` status webhook posted to `url`,
   * retried every 300 ms until it is answered 200 (Meta retries for days), even across a change of
   * url (a restarted Sapa listens elsewhere); null stops posting (pending ones wait).
   */
  reportStatusesTo(url: string | null): void;
  /** Status webhooks accepted and not yet delivered. */
  pendingStatuses(): number;
  /** Signs a payload with appSecret, as Meta signs its webhooks. */
  signedWebhook(payload: unknown): { body: string; headers: Record<string, string> };
  /** A status webhook; recipientId and ourMessageId default to those of the recorded send with that wamid. */
  statusWebhook(input: Omit<StatusWebhookInput, 'recipientId'> & { recipientId?: string }): WebhookPayload;
  inboundWebhook(input: InboundWebhookInput): WebhookPayload;
  /** Signs a payload and POSTs it to a webhook URL (e.g. Sapa's), returning the response. */
  postWebhook(url: string, payload: unknown): Promise<Response>;
  /** The WABA's message templates (templates.ts), in creation order. */
  templates: FakeTemplate[];
  /** A template made by hand in WhatsApp Manager (default status APPROVED, language id, category UTILITY). */
  addTemplate(t: Parameters<ReturnType<typeof createTemplateStore>['add']>[0]): FakeTemplate;
  /** Meta's review decides, and no webhook tells anyone (a lost notification). */
  setTemplateStatus(id: string, status: string, reason?: string): FakeTemplate;
  /** Meta's review decides, and its signed `message_template_status_update` webhook is posted to `url`. */
  reviewTemplate(url: string, id: string, event: string, reason?: string): Promise<Response>;
  templateStatusWebhook(input: TemplateStatusWebhookInput): unknown;
  /** The same notification as Meta writes it: the id a bare JSON number of its exact digits (even beyond 2^53). */
  templateStatusWebhookText(input: TemplateStatusWebhookInput): string;
  /** Signs a body exactly as given, as Meta signs its webhooks. */
  signedRawWebhook(body: string): { body: string; headers: Record<string, string> };
  /** True for this server's ids: its phone number, its WABA and its templates (the Graph router's question). */
  owns(id: string): boolean;
  close(): Promise<void>;
}

/** Meta's error envelope. */
function metaError(code: number, message: string, extra: { type?: string; details?: string; subcode?: number } = {}): Record<string, unknown> {
  const error: Record<string, unknown> = { message, type: extra.type ?? 'OAuthException', code };
  if (extra.subcode !== undefined) error.error_subcode = extra.subcode;
  if (extra.details !== undefined) error.error_data = { messaging_product: 'whatsapp', details: extra.details };
  error.fbtrace_id = `Afake${Math.random().toString(36).slice(2, 12)}`;
  return { error };
}

const invalidParameter = (details: string) => ({ status: 400, body: metaError(100, '(#100) Invalid parameter', { details }) });

/** Validates a send body as the Cloud API does; null when it is acceptable. */
function validateSend(body: Record<string, unknown> | null): { status: number; body: unknown } | null {
  if (!body) return invalidParameter('Request body is not valid JSON');
  if (body.messaging_product !== 'whatsapp') {
    return invalidParameter("The parameter messaging_product is required and must be 'whatsapp'.");
  }
  if (typeof body.to !== 'string' || !/^\d{6,15}$/.test(body.to)) return invalidParameter("Parameter 'to' must be a phone number of digits only.");
  if (body.recipient_type !== undefined && body.recipient_type !== 'individual') return invalidParameter("Parameter 'recipient_type' must be 'individual'.");
  const type = body.type ?? 'text';
  if (type === 'text') {
    const text = body.text as { body?: unknown } | undefined;
    if (typeof text?.body !== 'string' || text.body.length === 0) return invalidParameter("Parameter 'text.body' is required.");
    if (text.body.length > 4096) return invalidParameter("Parameter 'text.body' must be at most 4096 characters.");
    return null;
  }
  if (type === 'template') {
    const template = body.template as { name?: unknown; language?: { code?: unknown }; components?: unknown } | undefined;
    if (typeof template?.name !== 'string' || template.name === '') return invalidParameter("Parameter 'template.name' is required.");
    if (typeof template.language?.code !== 'string') return invalidParameter("Parameter 'template.language.code' is required.");
    if (template.components !== undefined && !validComponents(template.components)) {
      return invalidParameter("Parameter 'template.components' must be a list of header, body and button components with valid parameters.");
    }
    return null;
  }
  if (type === 'image' || type === 'document') {
    // Meta takes a media object by `id` (uploaded to Meta) or by `link` (fetched over HTTPS); a caption at most 1024 characters.
    const media = body[type] as { link?: unknown; id?: unknown; caption?: unknown; filename?: unknown } | undefined;
    if (!validMedia(media)) return invalidParameter(`Parameter '${type}' needs exactly one of 'link' (an http(s) URL) or 'id'.`);
    if (media!.caption !== undefined && (typeof media!.caption !== 'string' || media!.caption.length > 1024)) return invalidParameter(`Parameter '${type}.caption' must be at most 1024 characters.`);
    if (type === 'image' && media!.filename !== undefined) return invalidParameter("Parameter 'image.filename' is not allowed.");
    return null;
  }
  return invalidParameter(`Unsupported message type '${String(type)}' (this fake speaks text, template, image and document).`);
}

function validMedia(media: { link?: unknown; id?: unknown } | undefined): boolean {
  if (!media || typeof media !== 'object') return false;
  const byLink = typeof media.link === 'string' && /^https?:\/\/[^\s]+$/.test(media.link);
  const byId = typeof media.id === 'string' && media.id !== '';
  return byLink !== byId;
}

type Parameter = { type?: unknown; text?: unknown; payload?: unknown; image?: { link?: unknown; id?: unknown }; document?: { link?: unknown; id?: unknown } };

/** Components as Meta's send accepts them: header (text or one media), body (text), button (quick_reply payload at index "0"…"9"). */
function validComponents(components: unknown): boolean {
  if (!Array.isArray(components)) return false;
  const text = (p: Parameter) => p?.type === 'text' && typeof p.text === 'string' && p.text !== '';
  return components.every((c: { type?: unknown; sub_type?: unknown; index?: unknown; parameters?: unknown }) => {
    if (typeof c?.type !== 'string') return false;
    if (c.parameters !== undefined && !Array.isArray(c.parameters)) return false;
    const params = (c.parameters ?? []) as Parameter[];
    switch (c.type) {
      case 'header':
        return params.length === 1 && (text(params[0]!) || (params[0]!.type === 'image' && validMedia(params[0]!.image)) || (params[0]!.type === 'document' && validMedia(params[0]!.document)));
      case 'body':
        return params.every(text);
      case 'button':
        return c.sub_type === 'quick_reply' && typeof c.index === 'string' && /^\d$/.test(c.index)
          && params.length === 1 && params[0]!.type === 'payload' && typeof params[0]!.payload === 'string' && params[0]!.payload !== '';
      default:
        return false;
    }
  });
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseObject(raw: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(raw);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Starts the fake Cloud API on 127.0.0.1 with a free port. */
export async function startFakeWhatsApp(options: FakeWhatsAppOptions = {}): Promise<FakeWhatsApp> {
  const phoneNumberId = options.phoneNumberId ?? '106540352242922';
  const accessToken = options.accessToken ?? 'EAAG-fake-access-token';
  const appSecret = options.appSecret ?? 'fake-app-secret';
  const wabaId = options.wabaId ?? '102290129340398';
  const target = { phoneNumberId, wabaId, displayPhoneNumber: options.displayPhoneNumber ?? '6281100000000' };

  const requests: RecordedRequest[] = [];
  const templateStore = createTemplateStore(wabaId);
  const appId = options.appId ?? '584544743160774';
  let baseUrl = '';
  const uploadStore = createUploadStore({ appId, accessToken, baseUrl: () => baseUrl });
  const byKey = new Map<string, string>();
  const injected: InjectedResponse[] = [];
  let hangs = 0;
  let acceptHangs = 0;
  let failRate = 0;
  let failWith: readonly InjectedResponse[] = [];
  let statusUrl: string | null = null;
  const statusQueue: { wamid: string; to: string; opaque: string | undefined }[] = [];
  let closed = false;
  let delivering = false;
  const deliverStatuses = async () => {
    while (!closed) {
      if (statusQueue.length === 0 || statusUrl === null) {
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      try {
        // Meta groups statuses that pile up into one notification: up to 50 per post here.
        const batch = statusQueue.slice(0, 50);
        const payloads = batch.map((x) => buildStatusWebhook(target, { wamid: x.wamid, status: 'sent', recipientId: x.to, ...(x.opaque !== undefined ? { ourMessageId: x.opaque } : {}) }));
        const payload = payloads[0]!;
        const statuses = (p: WebhookPayload) => (p as unknown as { entry: { changes: { value: { statuses: unknown[] } }[] }[] }).entry[0]!.changes[0]!.value.statuses;
        statuses(payload).push(...payloads.slice(1).flatMap(statuses));
        const signed = signWebhook(appSecret, payload);
        const res = await fetch(statusUrl, { method: 'POST', headers: signed.headers, body: signed.body, signal: AbortSignal.timeout(10_000) });
        if (res.status === 200) statusQueue.splice(0, batch.length);
        else await new Promise((r) => setTimeout(r, 300));
      } catch {
        await new Promise((r) => setTimeout(r, 300));
      }
    }
  };

  function respond(res: ServerResponse, record: RecordedRequest, status: number, body: unknown, headers: Record<string, string> = {}): void {
    record.status = status;
    requests.push(record);
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const contentType = typeof body === 'string' ? 'text/plain' : 'application/json';
    res.writeHead(status, { 'content-type': contentType, ...headers });
    res.end(text);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrivedAt = Date.now();
    const bytes = await readBody(req);
    const rawBody = bytes.toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    const record: RecordedRequest = {
      method: req.method ?? 'GET', path: url.pathname, search: url.search, headers, rawBody, bytes, body: parseObject(rawBody), outcome: 'rejected', status: 0, at: arrivedAt,
    };
    const file = uploadStore.handle(record.method, url.pathname, url.search, headers, bytes);
    if (file) {
      record.outcome = file.status === 200 ? 'accepted' : 'rejected';
      record.status = file.status;
      requests.push(record);
      res.writeHead(file.status, { 'content-type': file.contentType ?? 'application/json' });
      res.end(Buffer.isBuffer(file.body) ? file.body : typeof file.body === 'string' ? file.body : JSON.stringify(file.body));
      return;
    }

    const path = /^\/(v\d+\.\d+)\/([^/]+)\/messages$/.exec(url.pathname);
    const templateRequest = !path && (/\/message_templates$/.test(url.pathname) || /^\/v\d+\.\d+\/\d+$/.test(url.pathname));
    if (templateRequest) {
      const injection = injected.shift();
      if (injection) {
        record.outcome = 'injected';
        respond(res, record, injection.status, injection.body, injection.headers);
        return;
      }
      if (headers.authorization !== `Bearer ${accessToken}`) {
        respond(res, record, 401, metaError(190, 'Invalid OAuth access token - Cannot parse access token'));
        return;
      }
      const answer = templateStore.handle(req.method ?? 'GET', url, record.body);
      if (answer) {
        record.outcome = answer.status === 200 ? 'accepted' : 'rejected';
        respond(res, record, answer.status, answer.body);
        return;
      }
    }
    if (!path || req.method !== 'POST') {
      respond(res, record, 400, metaError(100, `Unknown path components: ${url.pathname}`));
      return;
    }
    if (hangs > 0) {
      hangs -= 1;
      record.outcome = 'hung';
      requests.push(record);
      return; // never answered; close() drops the socket
    }
    const injection = injected.shift() ?? (failRate > 0 && Math.random() < failRate ? failWith[Math.floor(Math.random() * failWith.length)] : undefined);
    if (injection) {
      record.outcome = 'injected';
      respond(res, record, injection.status, injection.body, injection.headers);
      return;
    }
    if (headers.authorization !== `Bearer ${accessToken}`) {
      respond(res, record, 401, metaError(190, 'Invalid OAuth access token - Cannot parse access token'), { 'www-authenticate': 'OAuth "Facebook Platform" "invalid_token"' });
      return;
    }
    if (path[2] !== phoneNumberId) {
      respond(res, record, 400, metaError(100, `Unsupported post request. Object with ID '${path[2]}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, { type: 'GraphMethodException', subcode: 33 }));
      return;
    }
    const invalid = validateSend(record.body);
    if (invalid) {
      respond(res, record, invalid.status, invalid.body);
      return;
    }
    const key = headers['idempotency-key'];
    const previous = key === undefined ? undefined : byKey.get(key);
    const wamid = previous ?? newWamid();
    if (key !== undefined && previous === undefined) byKey.set(key, wamid);
    record.outcome = previous === undefined ? 'accepted' : 'duplicate';
    record.wamid = wamid;
    if (acceptHangs > 0 && record.outcome === 'accepted') {
      acceptHangs -= 1;
      requests.push(record);
      return;
    }
    const to = String(record.body?.to);
    if (record.outcome === 'accepted') {
      const opaque = record.body?.biz_opaque_callback_data;
      statusQueue.push({ wamid, to, opaque: typeof opaque === 'string' ? opaque : undefined });
    }
    respond(res, record, 200, { messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: to }], messages: [{ id: wamid }] });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;

  const api: FakeWhatsApp = {
    baseUrl,
    phoneNumberId, accessToken, appSecret, wabaId, appId,
    uploaded: uploadStore.uploaded,
    addExample: (name, bytes, type) => uploadStore.addExample(name, bytes, type),
    requests,
    // Messages sent (not uploads or example files, which are recorded too).
    sent: () => requests.filter((r) => r.outcome === 'accepted' && /\/messages$/.test(r.path)),
    failNext(times, response) {
      for (let i = 0; i < times; i++) injected.push(response);
    },
    hangNext(times) {
      hangs += times;
    },
    acceptThenHangNext(times) {
      acceptHangs += times;
    },
    failRandomly(rate, responses) {
      failRate = rate;
      failWith = responses;
    },
    reportStatusesTo(url) {
      if (statusUrl === null && url !== null && !delivering) {
        delivering = true;
        void deliverStatuses();
      }
      statusUrl = url;
    },
    pendingStatuses: () => statusQueue.length,
    signedWebhook: (payload) => signWebhook(appSecret, payload),
    statusWebhook(input) {
      const send = requests.find((r) => r.wamid === input.wamid && r.outcome === 'accepted');
      const recipientId = input.recipientId ?? (typeof send?.body?.to === 'string' ? send.body.to : undefined);
      if (recipientId === undefined) throw new Error(`statusWebhook: no send recorded for ${input.wamid}; pass recipientId`);
      const opaque = input.ourMessageId ?? (typeof send?.body?.biz_opaque_callback_data === 'string' ? send.body.biz_opaque_callback_data : undefined);
      return buildStatusWebhook(target, { ...input, recipientId, ...(opaque !== undefined ? { ourMessageId: opaque } : {}) });
    },
    inboundWebhook: (input) => buildInboundWebhook(target, input),
    templates: templateStore.templates,
    addTemplate: (t) => templateStore.add(t),
    setTemplateStatus: (id, status, reason) => templateStore.setStatus(id, status, reason),
    async reviewTemplate(url, id, event, reason) {
      templateStore.setStatus(id, event, reason ?? 'NONE');
      const signed = signRawWebhook(appSecret, templateStore.statusWebhookText({ id, event, ...(reason !== undefined ? { reason } : {}) }));
      return fetch(url, { method: 'POST', headers: signed.headers, body: signed.body });
    },
    templateStatusWebhook: (input) => templateStore.statusWebhook(input),
    templateStatusWebhookText: (input) => templateStore.statusWebhookText(input),
    signedRawWebhook: (body) => signRawWebhook(appSecret, body),
    owns: (id) => id === phoneNumberId || templateStore.owns(id),
    async postWebhook(url, payload) {
      const signed = signWebhook(appSecret, payload);
      return fetch(url, { method: 'POST', headers: signed.headers, body: signed.body });
    },
    close() {
      closed = true;
      return new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
  return api;
}
