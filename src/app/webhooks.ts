/**
 * Outbound webhook subscriptions as use cases (issue 11 part 2): owners and admins (and admin API
 * keys) manage them, like API keys, since a subscription sends contacts' data out of Sapa. The
 * signing secret is made here, sealed at rest with the server's key, and answered once.
 */
import type { WebhookEventType } from '../domain/webhooks/index.js';
import { audit } from './audit.js';
import { requirePermission } from './auth.js';
import { AppError, found } from './errors.js';
import type { Deps, Principal } from './ports.js';
import type { SecretBox } from './secret-box.port.js';
import type { WebhookDeliveryRecord, WebhookSubscriptionRecord, WebhookUrlCheck } from './webhook.port.js';

/** What the webhook use cases need beyond the store: the box that seals secrets and the URL rule. */
export interface WebhookSettings {
  box: SecretBox | null;
  checkUrl: WebhookUrlCheck;
}

export type WebhookDeps = Pick<Deps, 'store' | 'clock' | 'random'> & { webhooks: WebhookSettings };

const PERMISSION = 'api_keys:manage' as const;

/** The context a subscription's secret is sealed for: it opens only for this row. */
export function webhookSecretContext(workspaceId: string, subscriptionId: string): string {
  return `webhook:${workspaceId}:${subscriptionId}`;
}

/** Creates a subscription; answers it with its secret, which is never shown again. */
export async function createWebhook(deps: WebhookDeps, principal: Principal, input: { url: string; description: string; events: WebhookEventType[] }): Promise<WebhookSubscriptionRecord & { secret: string }> {
  requirePermission(principal, PERMISSION);
  const reason = deps.webhooks.checkUrl(input.url);
  if (reason !== null) {
    throw new AppError('webhook.url_not_allowed', 'Webhooks go to https URLs on the public internet (plain http only to localhost where the server allows it)', [{ field: 'url', reason: `webhook.${reason}` }]);
  }
  const box = deps.webhooks.box;
  if (!box) {
    throw new AppError('webhook.secret_key_missing', 'Webhook signing secrets are kept encrypted: set SAPA_SECRET_KEY on every Sapa process and restart.');
  }
  const id = deps.random.uuid();
  // 24 random bytes, base64 after whsec_, as the Standard Webhooks reference libraries make them.
  const secret = `whsec_${Buffer.from(deps.random.token(24), 'base64url').toString('base64')}`;
  const events = [...new Set(input.events)];
  const created = await deps.store.webhooks.create(principal.workspaceId, {
    id, url: input.url, description: input.description, events, sealedSecret: box.seal(secret, webhookSecretContext(principal.workspaceId, id)),
  });
  await audit(deps, principal, 'webhook.created', { type: 'webhook', id }, { url: input.url, events });
  return { ...created, secret };
}

export async function listWebhooks(deps: Pick<Deps, 'store'>, principal: Principal): Promise<WebhookSubscriptionRecord[]> {
  requirePermission(principal, PERMISSION);
  return deps.store.webhooks.list(principal.workspaceId);
}

export async function getWebhook(deps: Pick<Deps, 'store'>, principal: Principal, id: string): Promise<WebhookSubscriptionRecord> {
  requirePermission(principal, PERMISSION);
  return found(await deps.store.webhooks.get(principal.workspaceId, id), 'Webhook');
}

export async function deleteWebhook(deps: Pick<Deps, 'store' | 'clock'>, principal: Principal, id: string): Promise<void> {
  requirePermission(principal, PERMISSION);
  const current = found(await deps.store.webhooks.get(principal.workspaceId, id), 'Webhook');
  if (!(await deps.store.webhooks.delete(principal.workspaceId, id))) found(null, 'Webhook');
  await audit(deps, principal, 'webhook.deleted', { type: 'webhook', id }, { url: current.url });
}

/** Pause by hand, or resume (also after a pause for failures): resuming makes what waited due now. */
export async function setWebhookStatus(deps: Pick<Deps, 'store' | 'clock'>, principal: Principal, id: string, to: 'active' | 'paused'): Promise<WebhookSubscriptionRecord> {
  requirePermission(principal, PERMISSION);
  const updated = found(await deps.store.webhooks.setStatus(principal.workspaceId, id, to, to === 'paused' ? 'manual' : null), 'Webhook');
  await audit(deps, principal, to === 'active' ? 'webhook.resumed' : 'webhook.paused', { type: 'webhook', id }, { url: updated.url });
  return updated;
}

export async function listWebhookDeliveries(
  deps: Pick<Deps, 'store'>, principal: Principal, id: string, before: { at: Date; id: string } | null, limit: number,
): Promise<{ rows: WebhookDeliveryRecord[]; more: boolean }> {
  requirePermission(principal, PERMISSION);
  found(await deps.store.webhooks.get(principal.workspaceId, id), 'Webhook');
  return deps.store.webhooks.deliveries(principal.workspaceId, id, before, limit);
}

/** Sends a delivery again (same webhook-id, so a receiver that already has it can tell), whatever its state. */
export async function redeliverWebhook(deps: Pick<Deps, 'store' | 'clock'>, principal: Principal, deliveryId: string): Promise<WebhookDeliveryRecord> {
  requirePermission(principal, PERMISSION);
  const d = found(await deps.store.webhooks.redeliver(principal.workspaceId, deliveryId), 'Delivery');
  await audit(deps, principal, 'webhook.redelivered', { type: 'webhook', id: d.subscriptionId }, { deliveryId });
  return d;
}
