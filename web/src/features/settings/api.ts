import type { z } from 'zod';
import type { ApiKey, ApiKeyCreated, MessagingSettings, PushSettings, SmsAccount, SmsAccountInput, WhatsAppAccount, WhatsAppAccountInput } from '../../../../src/contracts/index.js';
import type { ApiKeyScope } from '../../../../src/domain/vocabulary.js';
import type { EmailAccount, EmailAccountInput } from '../../../../src/contracts/email-channel.js';
import { api, apiRequest } from '../../shared/api-client.js';

export type ApiKeyRow = z.infer<typeof ApiKey>;
export type NewApiKey = z.infer<typeof ApiKeyCreated>;

/** The workspace's live (not revoked) keys, newest first; owners and admins only (403 otherwise). */
export const listApiKeys = () => api.get<{ items: ApiKeyRow[] }>('/api-keys');
/** Creates a key with its scopes (what it may do); the answer's `key` is the only time the secret is ever shown. */
export const createApiKey = (input: { name: string; scopes: ApiKeyScope[] }) => api.post<NewApiKey>('/api-keys', input);
/** Revokes a key: requests bearing it answer 401 from then on. */
export const revokeApiKey = (id: string) => api.del(`/api-keys/${id}`);

/** The workspace's WhatsApp number; secrets come back masked (`••••abcd`), never in clear. Owners and admins only. */
export const getWhatsAppAccount = () => api.get<WhatsAppAccount>('/channels/whatsapp');
/** Saves the number; a secret sent empty keeps the stored one. Answers the saved account, masked. */
export const saveWhatsAppAccount = (input: WhatsAppAccountInput) => apiRequest<WhatsAppAccount>('/channels/whatsapp', { method: 'PUT', body: input });

/** The frequency cap, quiet hours and time zone of marketing messages (everyone reads them). */
export const getMessagingSettings = () => api.get<MessagingSettings>('/settings/messaging');
/** Saves them (owners and admins); 422 `settings.invalid` names the field (`quietHours.start`, `timezone`…). */
export const saveMessagingSettings = (input: MessagingSettings) => apiRequest<MessagingSettings>('/settings/messaging', { method: 'PUT', body: input });

/** The workspace's email (SMTP) account; the password comes back masked. Owners and admins only. */
export const getEmailAccount = () => api.get<EmailAccount>('/channels/email');
/** Saves it; an empty SMTP URL keeps the stored one. */
export const saveEmailAccount = (input: EmailAccountInput) => apiRequest<EmailAccount>('/channels/email', { method: 'PUT', body: input });
/** Sends a test email through the account now. */
export const sendTestEmail = (to: string) => apiRequest<{ ok: boolean; transport: string; detail: string | null }>('/channels/email/test', { method: 'POST', body: { to } });
/** The workspace's SMS sender; the auth token comes back masked. Owners and admins only. */
export const getSmsAccount = () => api.get<SmsAccount>('/channels/sms');
/** Saves the sender; a token sent empty keeps the stored one. */
export const saveSmsAccount = (input: SmsAccountInput) => apiRequest<SmsAccount>('/channels/sms', { method: 'PUT', body: input });
/** Web push: live or sandbox, and the workspace's key and URLs for the shop's site. */
export const getPushSettings = () => api.get<PushSettings>('/channels/push');
