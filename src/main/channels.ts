/** Which transport sends each channel: WhatsApp Cloud API when configured, otherwise the sandbox. */
import type { Channel, WebhookReceiver } from '../app/channel.port.js';
import type { ChannelRegistry, SandboxRepo } from '../app/ports.js';
import { createSandboxChannel } from '../adapters/channels/sandbox.channel.js';
import { createWhatsAppChannel } from '../adapters/channels/whatsapp.channel.js';
import type { Config } from '../config/env.js';

export interface Channels { registry: ChannelRegistry; whatsappWebhook: WebhookReceiver | null }

/** Builds the channel registry from config; one instance per process, no shared mutable state. */
export function createChannels(config: Config, sandbox: SandboxRepo, fetchImpl: typeof fetch = fetch): Channels {
  const whatsapp = config.whatsapp ? createWhatsAppChannel(config.whatsapp, { fetch: fetchImpl }) : null;
  const sandboxWhatsApp: Channel = createSandboxChannel({ record: (entry) => sandbox.record(entry), kind: 'whatsapp' });
  return {
    registry: {
      get: (_workspaceId, kind) => (kind === 'whatsapp' ? (whatsapp ?? sandboxWhatsApp) : null),
      transport: (kind) => (kind === 'whatsapp' && whatsapp ? 'whatsapp-cloud' : 'sandbox'),
    },
    whatsappWebhook: whatsapp,
  };
}
