import { z } from 'zod';
import { text } from './common.js';
import { API_KEY_SCOPES, ROLES } from '../domain/vocabulary.js';

export const LoginInput = z.object({ email: z.email(), password: text().min(1).max(200) });
export const Role = z.enum(ROLES);
export const Me = z.object({
  user: z.object({ id: z.uuid(), email: z.string(), name: z.string(), role: Role }),
  workspace: z.object({ id: z.uuid(), name: z.string(), timezone: z.string() }),
  /** 'sandbox' when no WhatsApp credentials are configured: messages are recorded, not sent. */
  whatsappTransport: z.enum(['sandbox', 'whatsapp-cloud']),
  /**
   * True when, outside the 24-hour window, only templates Meta approved go out (a real number whose
   * WABA id Sapa knows): editors warn about an unapproved template before it is saved.
   */
  templatesNeedApproval: z.boolean(),
});
export type Me = z.infer<typeof Me>;

export const ApiKeyScope = z.enum(API_KEY_SCOPES);
/** `scopes` defaults to `['events:write']` (domain/permissions.ts). */
export const ApiKeyInput = z.object({ name: text().trim().min(1).max(100), scopes: z.array(ApiKeyScope).max(API_KEY_SCOPES.length).optional() });
export const ApiKey = z.object({ id: z.uuid(), name: z.string(), prefix: z.string(), scopes: z.array(ApiKeyScope), createdAt: z.string(), lastUsedAt: z.string().nullable() });
/** Returned once on creation: `key` is never shown again. */
export const ApiKeyCreated = ApiKey.extend({ key: z.string() });
export const ApiKeyList = z.object({ items: z.array(ApiKey) });
