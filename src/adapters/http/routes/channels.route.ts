/** The workspace's WhatsApp number: GET answers it with secrets masked, PUT saves it (owners and admins). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { readWhatsAppAccount, saveWhatsAppAccount } from '../../../app/channel-accounts.js';
import { SmsAccount, SmsAccountInput, WhatsAppAccount, WhatsAppAccountInput } from '../../../contracts/index.js';
import { readSmsAccount, saveSmsAccount } from '../../../app/sms-account.js';
import { readEmailAccount, saveEmailAccount, sendTestEmail } from '../../../app/email-account.js';
import { EmailAccount, EmailAccountInput, EmailTestInput } from '../../../contracts/email-channel.js';
import { z } from 'zod';
import type { HttpDeps } from '../context.js';
import { principalOf } from './auth.route.js';

export function channelRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/channels/whatsapp', {
    config: { permission: 'channels:read' },
    schema: { tags: ['channels'], summary: "The workspace's WhatsApp number (secrets masked)", response: { 200: WhatsAppAccount } },
  }, async (request) => readWhatsAppAccount(deps, principalOf(request)));

  r.put('/api/v1/channels/whatsapp', {
    config: { permission: 'channels:manage' },
    schema: {
      tags: ['channels'],
      summary: "Saves the workspace's WhatsApp number; a secret left empty keeps the stored one",
      body: WhatsAppAccountInput,
      response: { 200: WhatsAppAccount },
    },
  }, async (request) => saveWhatsAppAccount(deps, principalOf(request), request.body));

  r.get('/api/v1/channels/email', {
    config: { permission: 'channels:read' },
    schema: { tags: ['channels'], summary: "The workspace's email (SMTP) account, password masked, and its bounce webhook URL", response: { 200: EmailAccount } },
  }, async (request) => readEmailAccount(deps, principalOf(request)));

  r.put('/api/v1/channels/email', {
    config: { permission: 'channels:manage' },
    schema: {
      tags: ['channels'],
      summary: "Saves the workspace's email account; an empty SMTP URL keeps the stored one",
      body: EmailAccountInput,
      response: { 200: EmailAccount },
    },
  }, async (request) => saveEmailAccount(deps, principalOf(request), request.body));

  r.post('/api/v1/channels/email/test', {
    config: { permission: 'channels:manage' },
    schema: {
      tags: ['channels'],
      summary: 'Sends a test email through the workspace\'s email account now',
      body: EmailTestInput,
      response: { 200: z.object({ ok: z.boolean(), transport: z.string(), detail: z.string().nullable() }) },
    },
  }, async (request) => sendTestEmail(deps, principalOf(request), request.body.to));
  r.get('/api/v1/channels/sms', {
    config: { permission: 'channels:read' },
    schema: { tags: ['channels'], summary: "The workspace's SMS sender (token masked)", response: { 200: SmsAccount } },
  }, async (request) => readSmsAccount(deps, principalOf(request)));

  r.put('/api/v1/channels/sms', {
    config: { permission: 'channels:manage' },
    schema: { tags: ['channels'], summary: "Saves the workspace's SMS sender; a token left empty keeps the stored one", body: SmsAccountInput, response: { 200: SmsAccount } },
  }, async (request) => saveSmsAccount(deps, principalOf(request), request.body));
}
