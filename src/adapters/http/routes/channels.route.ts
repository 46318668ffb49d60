/** The workspace's WhatsApp number: GET answers it with secrets masked, PUT saves it (owners and admins). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { readWhatsAppAccount, saveWhatsAppAccount } from '../../../app/channel-accounts.js';
import { readSmsAccount, saveSmsAccount } from '../../../app/sms-account.js';
import { SmsAccount, SmsAccountInput, WhatsAppAccount, WhatsAppAccountInput } from '../../../contracts/index.js';
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

  r.get('/api/v1/channels/sms', {
    config: { permission: 'channels:read' },
    schema: { tags: ['channels'], summary: "The workspace's SMS sender (token masked)", response: { 200: SmsAccount } },
  }, async (request) => readSmsAccount(deps, principalOf(request)));

  r.put('/api/v1/channels/sms', {
    config: { permission: 'channels:manage' },
    schema: { tags: ['channels'], summary: "Saves the workspace's SMS sender; a token left empty keeps the stored one", body: SmsAccountInput, response: { 200: SmsAccount } },
  }, async (request) => saveSmsAccount(deps, principalOf(request), request.body));
}
