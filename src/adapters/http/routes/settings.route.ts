/** Messaging settings: everyone reads them (the UI explains why a broadcast waits), owners and admins change them. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { readAttributionSettings, saveAttributionSettings } from '../../../app/campaign-report.js';
import { readMessagingSettings, saveMessagingSettings } from '../../../app/messaging-settings.js';
import { AttributionSettings, MessagingSettings } from '../../../contracts/index.js';
import type { HttpDeps } from '../context.js';
import { principalOf } from './auth.route.js';

export function settingsRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/settings/messaging', {
    config: { permission: 'workspace:read' },
    schema: { tags: ['settings'], summary: 'Frequency cap, quiet hours and time zone for marketing messages', response: { 200: MessagingSettings } },
  }, async (request) => readMessagingSettings(deps, principalOf(request)));

  r.put('/api/v1/settings/messaging', {
    config: { permission: 'settings:messaging' },
    schema: {
      tags: ['settings'],
      summary: 'Saves them: cap count 0–100 (0 = no cap) per 1–90 days, quiet hours HH:MM (start ≠ end) or null, an IANA time zone; audited',
      body: MessagingSettings,
      response: { 200: MessagingSettings },
    },
  }, async (request) => saveMessagingSettings(deps, principalOf(request), request.body));

  r.get('/api/v1/settings/attribution', {
    config: { permission: 'workspace:read' },
    schema: { tags: ['settings'], summary: 'The attribution window: an order is credited to the last message (or tracked click) this many hours before it', response: { 200: AttributionSettings } },
  }, async (request) => readAttributionSettings(deps, principalOf(request)));

  r.put('/api/v1/settings/attribution', {
    config: { permission: 'settings:messaging' },
    schema: { tags: ['settings'], summary: 'Saves the attribution window, 1–720 hours (default 72); audited', body: AttributionSettings, response: { 200: AttributionSettings } },
  }, async (request) => saveAttributionSettings(deps, principalOf(request), request.body));
}
