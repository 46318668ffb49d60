/**
 * Email over SMTP (nodemailer), one pooled connection set per account: a send hands the message to
 * the pool, which keeps up to `maxConnections` SMTP sessions open and reuses them (no TCP and TLS
 * handshake, EHLO and AUTH per message).
 *
 * What goes on the wire: From (the account's sender), To, Subject (content.subject), a text part
 * always, an HTML part only when the template has one, and a Message-ID made from our message id
 * (the same message gives the same Message-ID on every attempt, so a receiver that sees it twice
 * can tell). Marketing adds RFC 8058 one-click unsubscribe — `List-Unsubscribe: <https://…/u/…>`
 * and `List-Unsubscribe-Post: List-Unsubscribe=One-Click` — and a visible link in both parts.
 *
 * SMTP replies become outcomes: 5xx permanent (a 550/551/553 to RCPT TO or a 5.1.x status: the
 * mailbox does not exist, the address is marked bounced), 4xx transient. Without a reply (the
 * connection dropped, a timeout) it is transient, and the message may already be out unless the
 * failure is known to come before DATA (DNS, refused connection, TLS, AUTH): SMTP has no
 * idempotency key, so such a send is settled like WhatsApp's (left `sending`, sent again with the
 * same Message-ID after the lease).
 */
import nodemailer from 'nodemailer';
import type { Channel, OutboundMessage, SendResult } from '../../app/channel.port.js';
import type { LinkTokens } from '../../app/link-tokens.port.js';

export interface EmailChannelConfig {
  /** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465` (TLS from the start). */
  smtpUrl: string;
  /** `Toko Budi <halo@toko.id>` or a bare address. */
  from: string;
  /** SAPA_PUBLIC_URL: the base of the unsubscribe link; marketing email cannot go out without it. */
  publicUrl: string | null;
  /** SMTP sessions kept open at once (default 5). */
  maxConnections?: number;
  /** Connection, greeting and socket idle limits (ms, default 30 s). */
  timeoutMs?: number;
}

export interface EmailChannel extends Channel {
  /** Closes the pooled connections (an account replaced, the process stopping). */
  close(): void;
}

/** Failures known to happen before the message body was sent: it cannot be out. */
const BEFORE_DATA = new Set(['EDNS', 'ETLS', 'EAUTH', 'ENOAUTH', 'EENVELOPE', 'ECONFIG', 'EREQUIRETLS']);
const REFUSED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/** The nodemailer options an SMTP URL stands for, pooled. Throws on a URL that is not smtp(s). */
export function smtpOptions(smtpUrl: string, options: { maxConnections?: number; timeoutMs?: number } = {}) {
  const url = new URL(smtpUrl);
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new Error('SMTP URL must start with smtp:// or smtps://');
  const secure = url.protocol === 'smtps:';
  const timeout = options.timeoutMs ?? 30_000;
  return {
    pool: true as const,
    maxConnections: options.maxConnections ?? 5,
    // Sessions are not renewed by count: a renewal's handshake puts one paced send late and the
    // next ones into the same second (bench:delivery saw 53 in a sliding second at a 50/s limit).
    // A server that caps messages per connection closes it, and the requeue below moves the
    // message to a fresh session.
    maxMessages: Infinity,
    // A pooled session the server closed under a send (a 421 on a reused connection arrives as a
    // bare close) is tried once more on a fresh one, with the same Message-ID; beyond that the one
    // retry policy (domain/retry.ts) decides, and nothing loops inside the pool.
    maxRequeues: 1,
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    ...(url.username ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } } : {}),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  };
}

/** Creates the email channel of one SMTP account. */
export function createEmailChannel(config: EmailChannelConfig, deps: { links: LinkTokens | null }): EmailChannel {
  const options = smtpOptions(config.smtpUrl, config);
  const transport = nodemailer.createTransport(options, { from: config.from });
  const sessions = sessionGate(options.maxConnections);
  const domain = domainOf(config.from);
  const base = config.publicUrl ? config.publicUrl.replace(/\/+$/, '') : null;

  async function send(message: OutboundMessage): Promise<SendResult> {
    if (message.content.channel !== 'email') return permanent('email_content_missing', 'The message has no email content (subject).');
    const subject = message.content.subject;
    let text = message.body;
    let html = message.content.html;
    const headers: Record<string, string> = {};
    // Tracking first: the unsubscribe link added below is never routed through a tracked link.
    if (message.track === true && html !== null && base && deps.links) html = withTracking(html, message.id, base, deps.links);
    if (message.category === 'marketing') {
      if (!base || !deps.links || !message.contactId) {
        return permanent('email_unsubscribe_unavailable', 'A marketing email must carry a one-click unsubscribe link: set SAPA_PUBLIC_URL (and SAPA_SECRET_KEY on PostgreSQL).');
      }
      const link = `${base}/u/${deps.links.unsubscribe({ workspaceId: message.workspaceId, contactId: message.contactId, channel: 'email' })}`;
      headers['List-Unsubscribe'] = `<${link}>`;
      // RFC 8058 §3.1: one-click only over HTTPS. A plain-http SAPA_PUBLIC_URL (a local setup)
      // keeps the RFC 2369 link and the visible one, without claiming one-click.
      if (link.startsWith('https://')) headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
      text = `${text}\n\n--\nBerhenti berlangganan / Unsubscribe: ${link}`;
      if (html !== null) html = withFooter(html, link);
    }
    const messageId = `<${deps.links ? deps.links.messageIdPart(message.id) : message.id}@${domain}>`;
    try {
      await transport.sendMail({
        to: message.to,
        subject,
        text,
        ...(html !== null ? { html } : {}),
        messageId,
        headers,
      });
      sessions.grow();
      return { ok: true, providerMessageId: messageId };
    } catch (err) {
      return classify(err);
    }
  }

  return { kind: 'email', transport: 'smtp', idempotent: false, send, acquireConnection: sessions.acquire, close: () => transport.close() };
}

/**
 * Permits for the pool's sessions, taken by delivery before a paced send (channel.port.ts), so a
 * send never waits in the pool's own queue and then goes out late beside the next one. They open
 * one at a time, one more per send the server accepted: a send on a new session first waits for
 * its TCP, EHLO (and TLS, AUTH) handshake, and five new sessions at once put five late sends into
 * the next second (measured: 55 in a sliding second at a 50/s limit). One at a time, the pool
 * only opens a session when the open ones are all busy, and at most one send is late for a handshake.
 */
export function sessionGate(max: number): { acquire(): Promise<() => void>; grow(): void } {
  let open = 1;
  let busy = 0;
  const waiting: (() => void)[] = [];
  const wake = () => {
    while (busy < open && waiting.length > 0) waiting.shift()!();
  };
  const grant = (): (() => void) => {
    busy++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      busy--;
      wake();
    };
  };
  return {
    acquire() {
      if (busy < open) return Promise.resolve(grant());
      return new Promise((resolve) => waiting.push(() => resolve(grant())));
    },
    grow() {
      if (open >= max) return;
      open++;
      wake();
    },
  };
}

/** How an SMTP failure counts (see the file comment). */
export function classify(err: unknown): SendResult {
  const e = (err ?? {}) as { responseCode?: number; response?: string; code?: string; originalCode?: string; command?: string; message?: string };
  const detail = (e.response ?? e.message ?? String(err)).slice(0, 500);
  const code = typeof e.responseCode === 'number' ? e.responseCode : null;
  if (code !== null && code >= 500) {
    const mailboxGone = (e.command === 'RCPT TO' && [550, 551, 553].includes(code)) || /\b5\.1\.\d{1,3}\b/.test(e.response ?? '');
    return { ok: false, reason: `smtp:${code}`, failureClass: 'permanent', detail, ...(mailboxGone ? { addressRejected: true } : {}) };
  }
  if (code !== null && code >= 400) return { ok: false, reason: `smtp:${code}`, failureClass: 'transient', detail };
  const kind = e.code ?? 'network';
  const beforeData = BEFORE_DATA.has(kind) || REFUSED.has(e.originalCode ?? '') || REFUSED.has(kind);
  return { ok: false, reason: `smtp:${kind.toLowerCase()}`, failureClass: 'transient', detail, ...(beforeData ? {} : { outcomeUnknown: true }) };
}

function permanent(reason: string, detail: string): SendResult {
  return { ok: false, reason, failureClass: 'permanent', detail };
}

/** The domain of the sender's address, for Message-IDs (`localhost` when it cannot be read). */
export function domainOf(from: string): string {
  const m = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from.trim());
  return m ? m[1]!.toLowerCase() : 'localhost';
}

/** The visible unsubscribe link, before `</body>` when there is one. */
function withFooter(html: string, link: string): string {
  const href = link.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  const footer = `<p style="font-size:12px;color:#666"><a href="${href}">Berhenti berlangganan</a> · Unsubscribe</p>`;
  const at = html.search(/<\/body>/i);
  return at >= 0 ? `${html.slice(0, at)}${footer}${html.slice(at)}` : `${html}${footer}`;
}

/**
 * An open pixel before `</body>` (or at the end) and every `href="http(s)://…"` routed through
 * `/t/c/<token>`; the token carries the URL as it was meant (HTML entities of the attribute
 * undone) signed, so the redirect can only ever go there.
 */
export function withTracking(html: string, messageId: string, base: string, links: LinkTokens): string {
  const tracked = html.replace(/href="(https?:\/\/[^"]*)"/gi, (_all, href: string) => {
    const url = href.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
    return `href="${base}/t/c/${links.click(messageId, url)}"`;
  });
  const pixel = `<img src="${base}/t/o/${links.open(messageId)}.gif" width="1" height="1" alt="" style="display:block;border:0">`;
  const at = tracked.search(/<\/body>/i);
  return at >= 0 ? `${tracked.slice(0, at)}${pixel}${tracked.slice(at)}` : `${tracked}${pixel}`;
}
