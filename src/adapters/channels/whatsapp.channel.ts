/**
 * WhatsApp Business Cloud API channel: sends over `POST {base}/{version}/{phone-number-id}/messages`
 * and receives Meta's webhooks (see whatsapp-webhook.ts). Outcomes, never exceptions.
 */
import { z } from 'zod';
import type { Channel, OutboundMessage, SendResult, WebhookReceiver } from '../../app/channel.port.js';
import { WhatsAppCredentials } from '../../contracts/channels.js';
import { classifyWhatsAppError } from '../../domain/retry.js';
import { mediaPath } from '../../domain/template-extras.js';
import type { HttpAnswer, HttpPost } from './keep-alive-http.js';
import { parseWhatsAppWebhook, verifyWhatsAppSubscription } from './whatsapp-webhook.js';
import { parseJsonOrUndefined } from './json-exact.js';

/** Credentials (the API's own schema, contracts/channels.ts) and endpoint of one WhatsApp business number. */
export const WhatsAppConfigSchema = WhatsAppCredentials.extend({
  apiBase: z.url().default('https://graph.facebook.com').transform((u) => u.replace(/\/+$/, '')),
  apiVersion: z.string().regex(/^v\d+\.\d+$/).default('v21.0'),
  timeoutMs: z.number().int().positive().default(15_000),
});
export type WhatsAppConfig = z.output<typeof WhatsAppConfigSchema>;
export type WhatsAppConfigInput = z.input<typeof WhatsAppConfigSchema>;

/** The JSON body of a Cloud API send, exactly as it goes on the wire. */
export type WhatsAppRequestBody = Record<string, unknown> & {
  messaging_product: 'whatsapp';
  recipient_type: 'individual';
  to: string;
  type: 'text' | 'template' | 'image' | 'document';
  biz_opaque_callback_data: string;
};

export type BuildWhatsAppRequestResult =
  | { readonly ok: true; readonly body: WhatsAppRequestBody }
  | { readonly ok: false; readonly reason: 'whatsapp:no_template' | 'whatsapp:no_public_url'; readonly detail: string };

/**
 * Where Meta fetches a message's file: the server's public address (SAPA_PUBLIC_URL) without a
 * trailing slash; '' makes links relative (the sandbox only records them); null: none known.
 */
export interface MediaLinks { readonly mediaBase: string | null }

/**
 * Builds the Cloud API request body for a message: free-form text inside the 24-hour window,
 * otherwise the approved template with the variable values as ordered body parameters.
 */
export function buildWhatsAppRequest(message: OutboundMessage, links: MediaLinks = { mediaBase: null }): BuildWhatsAppRequestResult {
  const base = {
    messaging_product: 'whatsapp' as const,
    recipient_type: 'individual' as const,
    // Meta wants the number without '+' (and without spaces or dashes).
    to: message.to.replace(/\D/g, ''),
    // Meta echoes this on every status webhook, so a status can find our message even before we stored the wamid.
    biz_opaque_callback_data: message.id,
  };
  const content = message.content.channel === 'whatsapp' ? message.content : null;
  const media = content?.media ?? null;
  // Meta downloads the file from this link when it sends the message, so it must be public.
  if (media && links.mediaBase === null) {
    return { ok: false, reason: 'whatsapp:no_public_url', detail: 'The message has a file, and WhatsApp fetches files by link: set SAPA_PUBLIC_URL to the address Meta can reach this server at.' };
  }
  const link = media ? `${links.mediaBase ?? ''}${mediaPath(media.token)}` : '';
  if (message.windowOpen) {
    // Inside the window the text goes free-form: with a file, as the file's caption (buttons need an approved template).
    if (media?.type === 'image') return { ok: true, body: { ...base, type: 'image', image: { link, caption: message.body } } };
    if (media?.type === 'document') return { ok: true, body: { ...base, type: 'document', document: { link, caption: message.body, filename: media.filename } } };
    return { ok: true, body: { ...base, type: 'text', text: { preview_url: false, body: message.body } } };
  }
  if (!content?.template) {
    return {
      ok: false,
      reason: 'whatsapp:no_template',
      detail: 'Outside the 24-hour window WhatsApp only accepts an approved template, and this message has none.',
    };
  }
  const template: Record<string, unknown> = { name: content.template.name, language: { code: content.template.language } };
  const components: Record<string, unknown>[] = [];
  if (media?.type === 'image') components.push({ type: 'header', parameters: [{ type: 'image', image: { link } }] });
  if (media?.type === 'document') components.push({ type: 'header', parameters: [{ type: 'document', document: { link, filename: media.filename } }] });
  if (content.params.length > 0) components.push({ type: 'body', parameters: content.params.map((p) => ({ type: 'text', text: p })) });
  // Meta's index is a string ("0"…); the payload is what a tap sends back in the webhook's button.payload.
  (content.buttons ?? []).forEach((payload, index) => {
    components.push({ type: 'button', sub_type: 'quick_reply', index: String(index), parameters: [{ type: 'payload', payload }] });
  });
  if (components.length > 0) template.components = components;
  return { ok: true, body: { ...base, type: 'template', template } };
}

/** Creates the WhatsApp Cloud API channel for one business number. Throws only for an invalid config. */
export function createWhatsAppChannel(config: WhatsAppConfigInput, deps: { http: HttpPost; mediaBase?: string | null }): Channel & WebhookReceiver {
  const cfg = WhatsAppConfigSchema.parse(config);
  const url = `${cfg.apiBase}/${cfg.apiVersion}/${encodeURIComponent(cfg.phoneNumberId)}/messages`;

  async function send(message: OutboundMessage): Promise<SendResult> {
    const built = buildWhatsAppRequest(message, { mediaBase: deps.mediaBase ?? null });
    if (!built.ok) return { ok: false, reason: built.reason, failureClass: 'permanent', detail: built.detail };
    let answer: HttpAnswer;
    try {
      // The deadline covers reading the body too, so a server that stalls mid-answer is caught.
      answer = await deps.http(url, {
        headers: {
          authorization: `Bearer ${cfg.accessToken}`,
          'content-type': 'application/json',
          'idempotency-key': message.id,
        },
        body: JSON.stringify(built.body),
        timeoutMs: cfg.timeoutMs,
      });
    } catch (error) {
      return { ok: false, reason: 'network', failureClass: 'transient', detail: describeNetworkError(error, cfg.timeoutMs), outcomeUnknown: !neverSent(error) };
    }
    return interpretResponse(answer);
  }

  return {
    kind: 'whatsapp',
    transport: 'whatsapp-cloud',
    // Meta's Cloud API documents no idempotency key (the header is sent for gateways that honour one).
    idempotent: false,
    send,
    verifySubscription: (query) => verifyWhatsAppSubscription(cfg.verifyToken, query),
    parseWebhook: (request) => parseWhatsAppWebhook(cfg.appSecret, request),
  };
}

const MetaErrorSchema = z.object({
  error: z.object({
    message: z.string().optional(),
    type: z.string().optional(),
    code: z.number().int(),
    error_subcode: z.number().int().optional(),
    error_data: z.object({ details: z.string().optional() }).optional(),
    fbtrace_id: z.string().optional(),
  }),
});
const MetaSuccessSchema = z.object({ messages: z.array(z.object({ id: z.string().min(1) })).min(1) });

function interpretResponse(response: HttpAnswer): SendResult {
  const text = response.body;
  const json = parseJsonOrUndefined(text);
  if (response.status >= 200 && response.status < 300) {
    const success = MetaSuccessSchema.safeParse(json);
    if (success.success) return { ok: true, providerMessageId: success.data.messages[0]!.id };
    // Accepted but without a wamid: retrying could send twice, so this is not retried.
    return { ok: false, reason: 'whatsapp:bad_response', failureClass: 'permanent', detail: `HTTP ${response.status} without a message id: ${text.slice(0, 300)}` };
  }
  const retryAfterMs = parseRetryAfter(response.header('retry-after'));
  const extra = retryAfterMs === undefined ? {} : { retryAfterMs };
  const metaError = MetaErrorSchema.safeParse(json);
  if (metaError.success) {
    const e = metaError.data.error;
    const details = e.error_data?.details;
    return {
      ok: false,
      reason: `whatsapp:${e.code}`,
      failureClass: classifyWhatsAppError(response.status, e.code),
      detail: `${e.code} ${e.message ?? 'Unknown error'}${details ? `: ${details}` : ''}`,
      ...extra,
    };
  }
  return {
    ok: false,
    reason: `http_${response.status}`,
    failureClass: classifyWhatsAppError(response.status),
    detail: `HTTP ${response.status} ${response.statusText}${text ? `: ${text.slice(0, 300)}` : ''}`.trim(),
    ...extra,
  };
}

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - Date.now());
}

/** Errors raised before the request could have left: nothing reached WhatsApp. */
export function neverSent(error: unknown): boolean {
  // node:http puts the code on the error (fetch would put it on its cause).
  const e = error as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = e?.code ?? e?.cause?.code;
  return code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ENETUNREACH' || code === 'EHOSTUNREACH';
}

export function describeNetworkError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer within ${timeoutMs} ms`;
  }
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}
