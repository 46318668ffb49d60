/**
 * An optional SMTP listener for bounce reports (SMTP_INBOUND_PORT): point the envelope sender's
 * bounces (the Return-Path domain's MX, or a relay's bounce forwarding) at it. Each message is
 * parsed with mailparser; a `multipart/report; report-type=delivery-status` (RFC 3462/3464) gives
 * its `message/delivery-status` part and the original message's headers (`message/rfc822` or
 * `text/rfc822-headers`), whose Message-ID names our message. Anything else is accepted and
 * dropped: an SMTP server that refuses mail makes the sender retry it for days.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ParsedDsn { deliveryStatus: string; originalMessageId: string | null }

/** The report parts of a DSN, or null when the message is not one. */
export async function extractDsn(raw: Buffer): Promise<ParsedDsn | null> {
  const mail = await simpleParser(raw, { skipHtmlToText: true, skipTextLinks: true, skipImageLinks: true });
  const type = mail.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  if (type?.value?.toLowerCase() !== 'multipart/report' || type.params?.['report-type']?.toLowerCase() !== 'delivery-status') return null;
  // mailparser reads a message/delivery-status part as text and joins it to the human-readable
  // part; the per-recipient fields are found in that text by their names (Action:, Status:…).
  let deliveryStatus: string = mail.text ?? '';
  let original: string | null = null;
  for (const a of mail.attachments) {
    const t = a.contentType.toLowerCase();
    if (t === 'message/delivery-status' || t === 'message/global-delivery-status') deliveryStatus = a.content.toString('utf8');
    else if (t === 'message/rfc822' || t === 'text/rfc822-headers' || t === 'message/global' || t === 'message/global-headers') original = a.content.toString('utf8');
  }
  // The original's own header block only (its body may quote other messages).
  const headers = original === null ? '' : original.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  const m = /^message-id:\s*(<[^>\r\n]{1,500}>)/im.exec(headers);
  return { deliveryStatus, originalMessageId: m ? m[1]! : null };
}

export interface InboundSmtp { port: number; close(): Promise<void> }

/** Listens for bounce reports; `onDsn` is called for each (its failures are logged by the caller, the message is still accepted). */
export async function startInboundSmtp(
  options: { port: number; host: string; maxBytes?: number },
  onDsn: (dsn: ParsedDsn) => Promise<void>,
  onError: (err: unknown) => void,
): Promise<InboundSmtp> {
  const server = new SMTPServer({
    secure: false,
    // A bounce receiver takes mail from any server, unauthenticated, like an MX.
    disabledCommands: ['AUTH', 'STARTTLS'],
    hideSTARTTLS: true,
    authOptional: true,
    logger: false,
    size: options.maxBytes ?? 2 * 1024 * 1024,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= (options.maxBytes ?? 2 * 1024 * 1024)) chunks.push(c);
      });
      stream.on('error', (err) => callback(err));
      stream.on('end', () => {
        extractDsn(Buffer.concat(chunks))
          .then((dsn) => (dsn ? onDsn(dsn) : undefined))
          .catch(onError)
          .finally(() => callback());
      });
    },
  });
  server.on('error', onError);
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
