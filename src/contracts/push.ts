/**
 * Web push for a shop's site: the VAPID key a browser subscribes with (GET /push/:workspaceId/config)
 * and the subscription it sends back with the signed contact token the shop's server made
 * (POST /push/subscribe; tokens from POST /api/v1/contacts/:id/token).
 */
import { z } from 'zod';
import { text } from './common.js';

const B64URL = /^[A-Za-z0-9_-]+={0,2}$/;

/** The PushSubscription JSON a browser's PushManager.subscribe() gives (toJSON()). */
export const PushSubscriptionJson = z.object({
  endpoint: text().max(2048).refine((v) => {
    try {
      return new URL(v).protocol === 'https:';
    } catch {
      return false;
    }
  }, 'an https URL of a push service'),
  expirationTime: z.number().nullish(),
  keys: z.object({
    /** Uncompressed P-256 point: 65 bytes, 87 base64url characters. */
    p256dh: text().min(80).max(100).regex(B64URL, 'base64url'),
    /** 16 bytes: 22 base64url characters. */
    auth: text().min(16).max(32).regex(B64URL, 'base64url'),
  }),
});

export const PushSubscribeInput = z.object({
  /** The signed contact token from POST /api/v1/contacts/:id/token. */
  token: text().min(1).max(1024),
  subscription: PushSubscriptionJson,
}).strict();
export type PushSubscribeInput = z.infer<typeof PushSubscribeInput>;

export const PushConfig = z.object({
  /** The VAPID public key: PushManager.subscribe({ applicationServerKey }). */
  publicKey: z.string(),
  subscribeUrl: z.string(),
  serviceWorkerUrl: z.string(),
});
export type PushConfig = z.infer<typeof PushConfig>;

/** Pengaturan → Web push: whether pushes go to browsers, and what a shop's site needs. */
export const PushSettings = z.object({
  /** true: pushes go to browsers (VAPID_SUBJECT set); false: they are recorded in the sandbox. */
  live: z.boolean(),
  workspaceId: z.string(),
  /** The workspace's VAPID public key; null when this server has no secret key to keep its private half. */
  publicKey: z.string().nullable(),
  configUrl: z.string().nullable(),
  serviceWorkerUrl: z.string().nullable(),
});
export type PushSettings = z.infer<typeof PushSettings>;
