/**
 * Web push for the channel registry: each workspace's VAPID key pair, generated with web-push on
 * first need and kept in workspace_keys (private key sealed), so every process of a PostgreSQL
 * deployment signs with the same key; and the workspace's push route. Web push sends for real
 * when VAPID_SUBJECT is set and the server has a secret key; otherwise pushes go to the sandbox.
 */
import https from 'node:https';
import webPush from 'web-push';
import type { ChannelRoute, Logger } from '../app/ports.js';
import { workspaceKeyContext, type PushSubscriptionRepo, type WorkspaceKeyRepo } from '../app/push.port.js';
import type { SecretBox } from '../app/secret-box.port.js';
import { createPushChannel } from '../adapters/channels/push.channel.js';
import type { Config } from '../config/env.js';

export interface PushWiring {
  /** True when pushes go to browsers (VAPID_SUBJECT and a secret key); false: the sandbox records them. */
  readonly live: boolean;
  /** The workspace's VAPID public key (made on first call); null without a secret key to seal its private half. */
  publicKey(workspaceId: string): Promise<string | null>;
  /** Whether a subscription's endpoint is at an allowed push service (SAPA_PUSH_ENDPOINT_HOSTS). */
  allowsEndpoint(endpoint: string): boolean;
  /** The workspace's push route, or null when pushes are not live. */
  route(workspaceId: string): Promise<ChannelRoute | null>;
}

export function createPushWiring(
  config: Config,
  deps: { workspaceKeys: WorkspaceKeyRepo; subscriptions: PushSubscriptionRepo; box: SecretBox | null; log: Logger; agent?: https.Agent },
): PushWiring {
  const box = deps.box;
  const subject = config.vapidSubject ?? null;
  // One keep-alive agent for every push service this process talks to.
  const agent = deps.agent ?? new https.Agent({ keepAlive: true, maxSockets: 64 });

  async function keys(workspaceId: string): Promise<{ publicKey: string; privateKey: string } | null> {
    if (!box) return null;
    const context = workspaceKeyContext(workspaceId, 'vapid');
    let stored = await deps.workspaceKeys.get(workspaceId, 'vapid');
    if (!stored) {
      const made = webPush.generateVAPIDKeys();
      // Two processes may both make one: the row keeps the first, and both use what it holds.
      stored = await deps.workspaceKeys.keep(workspaceId, 'vapid', { publicPart: made.publicKey, sealed: box.seal(made.privateKey, context) }, new Date());
      if (!stored) return null;
    }
    return { publicKey: stored.publicPart!, privateKey: box.open(stored.sealed, context) };
  }

  return {
    live: subject !== null && box !== null,
    allowsEndpoint(endpoint) {
      let host: string;
      try {
        host = new URL(endpoint).hostname.toLowerCase();
      } catch {
        return false;
      }
      return config.pushEndpointHosts.some((h) => (h.startsWith('.') ? host.endsWith(h) || host === h.slice(1) : host === h));
    },
    async publicKey(workspaceId) {
      return (await keys(workspaceId))?.publicKey ?? null;
    },
    async route(workspaceId) {
      if (subject === null) return null;
      const pair = await keys(workspaceId);
      if (!pair) return null;
      const channel = createPushChannel({ vapid: { subject, ...pair }, agent }, { subscriptions: deps.subscriptions, now: () => new Date() });
      // Each browser's push service is its own sender: no shared pace (null) is needed.
      return { channel, senderKey: `push:${workspaceId}`, ratePerSecond: null };
    },
  };
}
