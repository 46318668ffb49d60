/**
 * A local SMTP server that keeps every message it accepts, parsed, for the email channel's tests.
 *
 *   const sink = await startSmtpSink();
 *   const transport = nodemailer.createTransport({ host: sink.host, port: sink.port, secure: false });
 *   await transport.sendMail({ … });
 *   const [mail] = await sink.waitFor(1);
 *   expect(mail.parsed.subject).toBe('…'); expect(mail.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
 *
 * Wire format followed: SMTP as RFC 5321 describes it (the `smtp-server` package from the
 * Nodemailer project speaks it: EHLO, MAIL FROM, RCPT TO, DATA, reply codes), with optional
 * AUTH PLAIN/LOGIN (RFC 4954) over plain TCP; STARTTLS is not offered. Messages are RFC 5322
 * (MIME, RFC 2045–2049) and are parsed with `mailparser`'s simpleParser. Reply codes used for
 * failures: 550 (RFC 5321 §4.2.2 "mailbox unavailable", permanent) for a rejected recipient and
 * 421 ("service not available", transient) when told to refuse mail.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

export interface SinkMessage {
  readonly envelope: { readonly mailFrom: string | null; readonly rcptTo: readonly string[] };
  readonly parsed: {
    readonly subject: string | undefined;
    readonly text: string | undefined;
    /** `false` when the message has no HTML part (mailparser's convention). */
    readonly html: string | false;
    /** mailparser's structured headers, keys in lower case; List-* headers are gathered under `list`. */
    readonly headers: ParsedMail['headers'];
    readonly from: string | undefined;
    readonly to: string | undefined;
  };
  /** The message exactly as received after DATA (CRLF line ends, dot-unstuffed). */
  readonly raw: string;
  /** Authenticated user name, when the client logged in. */
  readonly user: string | undefined;
  /** The raw value of a header (unfolded, first occurrence, name in any case), as sent on the wire. */
  header(name: string): string | undefined;
}

export interface SmtpSinkOptions {
  /** Require AUTH with these credentials; without it AUTH is not offered at all. */
  readonly auth?: { readonly user: string; readonly pass: string };
}

export interface SmtpSink {
  readonly host: string;
  readonly port: number;
  /** `smtp://[user:pass@]127.0.0.1:port`, the shape of Sapa's SMTP_URL. */
  readonly url: string;
  messages(): readonly SinkMessage[];
  /** Resolves when at least `n` messages have arrived; rejects after `timeoutMs`. */
  waitFor(n: number, timeoutMs?: number): Promise<readonly SinkMessage[]>;
  /** RCPT TO this address is answered `550 5.1.1` (permanent failure) until cleared. */
  rejectRecipient(address: string, message?: string): void;
  /** While on, MAIL FROM is answered `421 4.3.2` (transient failure). */
  refuseTransiently(on: boolean): void;
  /** Forget the received messages and the failure settings. */
  reset(): void;
  close(): Promise<void>;
}

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

const addr = (a: SMTPServerAddress | false) => (a === false ? null : a.address);

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const received: SinkMessage[] = [];
  const rejected = new Map<string, string>();
  let transient = false;

  const server = new SMTPServer({
    secure: false,
    disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    hideSTARTTLS: true,
    authOptional: !options.auth,
    allowInsecureAuth: true,
    logger: false,
    size: 25 * 1024 * 1024,
    onAuth(auth, _session, callback) {
      if (options.auth && auth.username === options.auth.user && auth.password === options.auth.pass) {
        callback(null, { user: auth.username });
      } else {
        callback(smtpError(535, '5.7.8 Authentication credentials invalid'));
      }
    },
    onMailFrom(_address, _session, callback) {
      if (transient) callback(smtpError(421, '4.3.2 Service not available, try again later'));
      else callback();
    },
    onRcptTo(address, _session, callback) {
      const reason = rejected.get(address.address.toLowerCase());
      if (reason !== undefined) callback(smtpError(550, reason));
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', callback);
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then((mail) => {
          const lines = mail.headerLines;
          received.push({
            envelope: { mailFrom: addr(session.envelope.mailFrom), rcptTo: session.envelope.rcptTo.map((r) => r.address) },
            parsed: {
              subject: mail.subject,
              text: mail.text,
              html: mail.html ?? false,
              headers: mail.headers,
              from: mail.from?.text,
              to: Array.isArray(mail.to) ? mail.to.map((t) => t.text).join(', ') : mail.to?.text,
            },
            raw: raw.toString('utf8'),
            user: typeof session.user === 'string' ? session.user : undefined,
            header(name: string) {
              const line = lines.find((l) => l.key === name.toLowerCase())?.line;
              if (line === undefined) return undefined;
              // "Name: value" with folding (CRLF + WSP) removed, as RFC 5322 §2.2.3 unfolds.
              return line.slice(line.indexOf(':') + 1).replace(/\r?\n(?=[ \t])/g, '').trim();
            },
          });
          callback();
        }, (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))));
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  // Errors on a single connection (a client hanging up) must not crash the test process.
  server.on('error', () => undefined);
  const { port } = server.server.address() as AddressInfo;
  const host = '127.0.0.1';
  const credentials = options.auth ? `${encodeURIComponent(options.auth.user)}:${encodeURIComponent(options.auth.pass)}@` : '';

  return {
    host,
    port,
    url: `smtp://${credentials}${host}:${port}`,
    messages: () => [...received],
    async waitFor(n, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < n) {
        if (Date.now() > deadline) throw new Error(`smtp-sink: expected ${n} message(s) within ${timeoutMs} ms, got ${received.length}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return [...received];
    },
    rejectRecipient(address, message = '5.1.1 The email account that you tried to reach does not exist') {
      rejected.set(address.toLowerCase(), message);
    },
    refuseTransiently(on) {
      transient = on;
    },
    reset() {
      received.length = 0;
      rejected.clear();
      transient = false;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
