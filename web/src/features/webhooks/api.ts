import type { z } from 'zod';
import type { CreatedWebhook, Webhook, WebhookDelivery, WebhookDeliveryList, WebhookList } from '../../../../src/contracts/index.js';
import type { WebhookEventType } from '../../../../src/domain/webhooks/events.js';
import { api } from '../../shared/api-client.js';

export type WebhookRow = z.infer<typeof Webhook>;
export type NewWebhook = z.infer<typeof CreatedWebhook>;
export type DeliveryRow = z.infer<typeof WebhookDelivery>;

export const listWebhooks = () => api.get<z.infer<typeof WebhookList>>('/webhooks');
/** The answer carries the signing secret, shown once. */
export const createWebhook = (input: { url: string; description: string; events: WebhookEventType[] }) => api.post<NewWebhook>('/webhooks', input);
export const deleteWebhook = (id: string) => api.del(`/webhooks/${id}`);
export const setWebhookStatus = ({ id, action }: { id: string; action: 'pause' | 'resume' }) => api.post<WebhookRow>(`/webhooks/${id}/${action}`);
export const listDeliveries = (id: string) => api.get<z.infer<typeof WebhookDeliveryList>>(`/webhooks/${id}/deliveries`, { limit: 50 });
/** The subscription's id only says which log to refresh. */
export const redeliver = ({ deliveryId }: { id: string; deliveryId: string }) => api.post<DeliveryRow>(`/webhooks/deliveries/${deliveryId}/redeliver`);
