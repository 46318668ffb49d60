/**
 * Which transport sends each workspace's messages of a channel: the WhatsApp Cloud API for the
 * number configured by WHATSAPP_* (the first workspace's default), otherwise the sandbox.
 */
import type { Channel, WebhookReceiver } from '../app/channel.port.js';
import type { ChannelRegistry, ChannelRoute, SandboxRepo, WorkspaceRepo } from '../app/ports.js';
import { createSandboxChannel } from '../adapters/channels/sandbox.channel.js';
import { createWhatsAppChannel } from '../adapters/channels/whatsapp.channel.js';
import type { Config } from '../config/env.js';

export interface Channels { registry: ChannelRegistry; whatsappWebhook: WebhookReceiver | null }

/** Builds the channel registry from config; one instance per process, no shared mutable state. */
export function createChannels(config: Config, repos: { sandbox: SandboxRepo; workspaces: WorkspaceRepo }, fetchImpl: typeof fetch = fetch): Channels {
  const whatsapp = config.whatsapp ? createWhatsAppChannel(config.whatsapp, { fetch: fetchImpl }) : null;
  const sandboxWhatsApp: Channel = createSandboxChannel({ record: (entry) => repos.sandbox.record(entry), kind: 'whatsapp' });
  const whatsappRoute: ChannelRoute | null = whatsapp && config.whatsapp
    ? { channel: whatsapp, senderKey: `whatsapp:${config.whatsapp.phoneNumberId}`, ratePerSecond: config.whatsappRateLimit }
    : null;
  // The first workspace never changes once created; looked up once.
  let firstWorkspace: Promise<string | null> | null = null;
  const first = () => {
    firstWorkspace ??= repos.workspaces.first().then((w) => w?.id ?? null);
    return firstWorkspace.then((id) => {
      if (id === null) firstWorkspace = null;
      return id;
    });
  };
  return {
    registry: {
      async resolve(workspaceId, kind) {
        if (kind !== 'whatsapp') return null;
        if (whatsappRoute && (await first()) === workspaceId) return whatsappRoute;
        return { channel: sandboxWhatsApp, senderKey: `sandbox:${workspaceId}`, ratePerSecond: null };
      },
      transport: (kind) => (kind === 'whatsapp' && whatsapp ? 'whatsapp-cloud' : 'sandbox'),
    },
    whatsappWebhook: whatsapp,
  };
}
