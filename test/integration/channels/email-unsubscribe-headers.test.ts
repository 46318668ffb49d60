/**
 * The email channel's RFC 8058 headers against a real SMTP conversation (the in-process sink,
 * parsed by mailparser): one-click (`List-Unsubscribe-Post`) only beside an HTTPS link, as
 * RFC 8058 §3.1 requires; a plain-http SAPA_PUBLIC_URL keeps the RFC 2369 link and the visible one.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmailChannel } from '../../../src/adapters/channels/email.channel.js';
import { createLinkTokens } from '../../../src/adapters/security/link-tokens.js';
import { startSmtpSink, type SmtpSink } from '../../support/smtp-sink.js';

let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(async () => {
  await sink?.close();
});

const links = createLinkTokens(Buffer.alloc(32, 7));
async function marketingEmailVia(publicUrl: string, to: string) {
  const channel = createEmailChannel({ smtpUrl: sink.url, from: 'Toko <halo@toko.test>', publicUrl }, { links });
  const before = sink.messages().length;
  try {
    const result = await channel.send({
      id: randomUUID(), workspaceId: randomUUID(), channel: 'email', to, body: 'Diskon akhir tahun', windowOpen: false,
      content: { channel: 'email', subject: 'Promo', html: null }, category: 'marketing', contactId: randomUUID(),
    });
    expect(result.ok).toBe(true);
    return (await sink.waitFor(before + 1)).find((m) => m.envelope.rcptTo.includes(to))!;
  } finally {
    channel.close();
  }
}

describe('List-Unsubscribe on marketing email', () => {
  it('over HTTPS: the link and List-Unsubscribe-Post: List-Unsubscribe=One-Click', async () => {
    const mail = await marketingEmailVia('https://sapa.toko.test', 'a@pelanggan.test');
    expect(mail.header('list-unsubscribe')).toMatch(/^<https:\/\/sapa\.toko\.test\/u\/[A-Za-z0-9_.-]+>$/);
    expect(mail.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
  });

  it('over plain http: the link (RFC 2369) and the visible one, but no one-click claim', async () => {
    const mail = await marketingEmailVia('http://localhost:3000', 'b@pelanggan.test');
    const link = /^<(http:\/\/localhost:3000\/u\/[A-Za-z0-9_.-]+)>$/.exec(mail.header('list-unsubscribe') ?? '')?.[1];
    expect(link).toBeDefined();
    expect(mail.header('list-unsubscribe-post')).toBeUndefined();
    expect(mail.parsed.text).toContain(`Berhenti berlangganan / Unsubscribe: ${link!}`);
  });
});
