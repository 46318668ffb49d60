/**
 * A local SMS provider speaking Twilio's Messages API, for the SMS channel's tests: a real HTTP
 * server on 127.0.0.1 that authenticates, validates and answers as Twilio does, records every
 * request, and posts signed delivery receipts (status callbacks) when a test asks for them.
 *
 *   const sms = await startFakeSms();
 *   // SMS_API_BASE = sms.baseUrl, account sid/token = sms.accountSid / sms.authToken
 *   …; const [msg] = sms.messages(); await sms.sendStatus(msg.sid, 'delivered');
 *
 * Wire format followed (Twilio docs: "Messages resource" of the Programmable Messaging REST API,
 * "Track the Message Status of Outbound Messages", "Webhooks security" and the error dictionary):
 * - `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`, `application/x-www-form-urlencoded`
 *   with `To`, `From` or `MessagingServiceSid`, `Body`, optional `StatusCallback`; HTTP basic
 *   auth with the account sid as user and the auth token as password.
 * - 201 with the Message resource JSON (snake_case: `sid` "SM" + 32 hex, `status` "queued", or
 *   "accepted" through a Messaging Service, `num_segments` as a string, dates in RFC 2822, …).
 * - Errors as `{ code, message, more_info, status }`: 401/20003 "Authenticate", 400/21604 To
 *   missing, 400/21211 invalid To, 400/21603 From/MessagingServiceSid missing, 400/21602 Body
 *   missing, 400/21617 Body over 1600 characters, 404/20404 unknown resource.
 * - Status callback: form-encoded POST to `StatusCallback` with `MessageSid`, `MessageStatus`
 *   (sent, delivered, undelivered, failed, …), `SmsSid`, `SmsStatus`, `AccountSid`, `From`,
 *   `To`, `ApiVersion` and, on failure, `ErrorCode`; header `X-Twilio-Signature` = base64 of
 *   HMAC-SHA1(auth token, full URL + each POST parameter's name and value, sorted by name).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { smsSegments } from '../../src/domain/sms-segments.js';

export type TwilioStatus = 'queued' | 'accepted' | 'sending' | 'sent' | 'delivered' | 'undelivered' | 'failed' | 'read' | 'canceled';

/** The Message resource as Twilio's API returns it. */
export interface TwilioMessage {
  account_sid: string;
  api_version: '2010-04-01';
  body: string;
  date_created: string;
  date_sent: string | null;
  date_updated: string;
  direction: 'outbound-api';
  error_code: number | null;
  error_message: string | null;
  from: string | null;
  messaging_service_sid: string | null;
  num_media: string;
  num_segments: string;
  price: string | null;
  price_unit: string;
  sid: string;
  status: TwilioStatus;
  subresource_uris: { media: string };
  to: string;
  uri: string;
}

export interface RecordedSmsRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  /** The form fields (the last value when a name repeats). */
  readonly form: Readonly<Record<string, string>>;
  readonly status: number;
  /** When the request arrived (Date.now(), before its body was read): a provider's view of a send's time. */
  readonly at: number;
}

export interface FakeSmsOptions {
  readonly accountSid?: string;
  readonly authToken?: string;
  readonly now?: () => Date;
}

export interface FakeSms {
  readonly baseUrl: string;
  readonly accountSid: string;
  readonly authToken: string;
  /** Every request, accepted or not, in arrival order. */
  requests(): readonly RecordedSmsRequest[];
  /** The messages created (201), with their current status. */
  messages(): readonly (TwilioMessage & { readonly statusCallback: string | undefined })[];
  /** The next create request is answered with this status and Twilio error (e.g. 429/20429, 500/20500). */
  failNext(status: number, code: number, message: string): void;
  /**
   * Moves a message to `status` and, when it was created with a StatusCallback, posts the signed
   * receipt there. Returns the callback's HTTP status (undefined when there is no callback).
   */
  sendStatus(sid: string, status: TwilioStatus, opts?: { errorCode?: number }): Promise<number | undefined>;
  close(): Promise<void>;
}

/** Twilio's request signature: base64 HMAC-SHA1 over the URL plus sorted name+value pairs. */
export function twilioSignature(url: string, params: Readonly<Record<string, string>>, authToken: string): string {
  const data = Object.keys(params).sort().reduce((acc, k) => acc + k + params[k], url);
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const rfc2822 = (d: Date) => d.toUTCString().replace('GMT', '+0000');
const E164 = /^\+[1-9]\d{6,14}$/;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function twilioError(res: ServerResponse, status: number, code: number, message: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...extra });
  res.end(JSON.stringify({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }));
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function startFakeSms(options: FakeSmsOptions = {}): Promise<FakeSms> {
  const accountSid = options.accountSid ?? `AC${hex(16)}`;
  const authToken = options.authToken ?? hex(16);
  const now = options.now ?? (() => new Date());
  const recorded: RecordedSmsRequest[] = [];
  const store = new Map<string, TwilioMessage & { statusCallback: string | undefined }>();
  let nextFailure: { status: number; code: number; message: string } | undefined;

  const authorised = (req: IncomingMessage, pathSid: string): boolean => {
    const m = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!m) return false;
    const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return false;
    const user = decoded.slice(0, colon);
    const pass = decoded.slice(colon + 1);
    return user === accountSid && pathSid === accountSid && sameSecret(pass, authToken);
  };

  const handle = (req: IncomingMessage, res: ServerResponse, form: Record<string, string>): number => {
    const url = new URL(req.url ?? '/', 'http://fake-sms');
    const create = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(url.pathname);
    const fetchOne = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\/([^/]+)\.json$/.exec(url.pathname);
    const pathSid = decodeURIComponent((create ?? fetchOne)?.[1] ?? '');
    if ((create && req.method === 'POST') || (fetchOne && req.method === 'GET')) {
      if (!authorised(req, pathSid)) {
        twilioError(res, 401, 20003, 'Authenticate', { 'www-authenticate': 'Basic realm="Twilio API"' });
        return 401;
      }
    }
    if (fetchOne && req.method === 'GET') {
      const msg = store.get(decodeURIComponent(fetchOne[2]!));
      if (!msg) {
        twilioError(res, 404, 20404, `The requested resource ${url.pathname} was not found`);
        return 404;
      }
      const { statusCallback: _cb, ...resource } = msg;
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(resource));
      return 200;
    }
    if (!create || req.method !== 'POST') {
      twilioError(res, 404, 20404, `The requested resource ${url.pathname} was not found`);
      return 404;
    }
    if (nextFailure) {
      const f = nextFailure;
      nextFailure = undefined;
      twilioError(res, f.status, f.code, f.message);
      return f.status;
    }
    const to = form['To'];
    const from = form['From'];
    const serviceSid = form['MessagingServiceSid'];
    const body = form['Body'];
    if (to === undefined || to === '') { twilioError(res, 400, 21604, "A 'To' phone number is required."); return 400; }
    if (!E164.test(to)) { twilioError(res, 400, 21211, `Invalid 'To' Phone Number: ${to}`); return 400; }
    if (!from && !serviceSid) { twilioError(res, 400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required to send a message."); return 400; }
    if (body === undefined || body === '') { twilioError(res, 400, 21602, 'Message body is required.'); return 400; }
    if ([...body].length > 1600) { twilioError(res, 400, 21617, 'The concatenated message body exceeds the 1600 character limit.'); return 400; }

    const sid = `SM${hex(16)}`;
    const created = rfc2822(now());
    const uri = `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`;
    const message: TwilioMessage & { statusCallback: string | undefined } = {
      account_sid: accountSid,
      api_version: '2010-04-01',
      body,
      date_created: created,
      date_sent: null,
      date_updated: created,
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
      from: from || null,
      messaging_service_sid: serviceSid || null,
      num_media: '0',
      // Through a Messaging Service no sender is chosen yet, so Twilio answers 0 segments.
      num_segments: serviceSid ? '0' : String(smsSegments(body).segments),
      price: null,
      price_unit: 'USD',
      sid,
      status: serviceSid ? 'accepted' : 'queued',
      subresource_uris: { media: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}/Media.json` },
      to,
      uri,
      statusCallback: form['StatusCallback'] || undefined,
    };
    store.set(sid, message);
    const { statusCallback: _cb, ...resource } = message;
    res.writeHead(201, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(resource));
    return 201;
  };

  const server = createServer((req, res) => {
    const at = Date.now();
    void (async () => {
      const form = Object.fromEntries(new URLSearchParams(await readBody(req)));
      const status = handle(req, res, form);
      recorded.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, form, status, at });
    })().catch((err: unknown) => {
      if (!res.headersSent) twilioError(res, 500, 20500, String(err));
      else res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    requests: () => [...recorded],
    messages: () => [...store.values()].map((m) => ({ ...m })),
    failNext(status, code, message) {
      nextFailure = { status, code, message };
    },
    async sendStatus(sid, status, opts = {}) {
      const msg = store.get(sid);
      if (!msg) throw new Error(`fake-sms: no message ${sid}`);
      msg.status = status;
      msg.date_updated = rfc2822(now());
      if (status === 'sent' || status === 'delivered') msg.date_sent ??= msg.date_updated;
      if (opts.errorCode !== undefined) msg.error_code = opts.errorCode;
      if (!msg.statusCallback) return undefined;
      const params: Record<string, string> = {
        AccountSid: accountSid,
        ApiVersion: '2010-04-01',
        From: msg.from ?? '',
        MessageSid: sid,
        MessageStatus: status,
        SmsSid: sid,
        SmsStatus: status,
        To: msg.to,
        ...(msg.messaging_service_sid ? { MessagingServiceSid: msg.messaging_service_sid } : {}),
        ...(opts.errorCode !== undefined ? { ErrorCode: String(opts.errorCode) } : {}),
      };
      const answer = await fetch(msg.statusCallback, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
          'user-agent': 'TwilioProxy/1.1',
          'x-twilio-signature': twilioSignature(msg.statusCallback, params, authToken),
        },
        body: new URLSearchParams(params).toString(),
      });
      await answer.arrayBuffer();
      return answer.status;
    },
    close: () => new Promise<void>((resolve, reject) => {
      server.close((err) => (err ? reject(err) : resolve()));
      server.closeAllConnections();
    }),
  };
}
