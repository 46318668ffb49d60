/**
 * What a message carries besides its text, per channel. The message's `body` is always the fully
 * rendered text (what the log and the sandbox show); `content` holds what the channel's wire
 * format needs on top of it.
 */
import type { TemplateButton, TemplateHeader } from './template-extras.js';
import type { ChannelKind, MediaKind } from './vocabulary.js';
import { defaultWhatsappName } from './whatsapp-name.js';

export interface WhatsAppContent {
  readonly channel: 'whatsapp';
  /** Variable values in order of first appearance: the approved template's body parameters. */
  readonly params: readonly string[];
  /** The approved template to send outside the 24-hour window, or null for text only. */
  readonly template: { readonly name: string; readonly language: string } | null;
  /** An image or document sent with the text: the template's header, or a quick message's attachment. */
  readonly media?: { readonly type: MediaKind; readonly token: string; readonly filename: string } | null;
  /** The payloads of the template's quick-reply buttons, by index. */
  readonly buttons?: readonly string[];
}
export interface EmailContent { readonly channel: 'email'; readonly subject: string; readonly html: string | null }
export interface SmsContent { readonly channel: 'sms' }
/** `url`: the page the notification opens (absent in messages stored before links existed: the shop's site). */
export interface PushContent { readonly channel: 'push'; readonly title: string; readonly url?: string | null }
export interface InAppContent { readonly channel: 'inapp' }

export type MessageContent = WhatsAppContent | EmailContent | SmsContent | PushContent | InAppContent;

/** The WhatsApp content of a message made from a Template Chat: its approved template, header and buttons. */
export function whatsappTemplateContent(
  t: { readonly whatsappName: string | null; readonly code: string; readonly whatsappLanguage: string; readonly header?: TemplateHeader | null; readonly buttons?: readonly TemplateButton[] },
  params: readonly string[],
): WhatsAppContent {
  return {
    channel: 'whatsapp', params, template: { name: t.whatsappName ?? defaultWhatsappName(t.code), language: t.whatsappLanguage },
    ...(t.header ? { media: { type: t.header.type, token: t.header.token, filename: t.header.filename } } : {}),
    ...(t.buttons && t.buttons.length > 0 ? { buttons: t.buttons.map((b) => b.payload) } : {}),
  };
}

/** Content with nothing beyond the text, for messages that fail before they are rendered. */
export function emptyContent(channel: ChannelKind): MessageContent {
  switch (channel) {
    case 'whatsapp': return { channel, params: [], template: null };
    case 'email': return { channel, subject: '', html: null };
    case 'push': return { channel, title: '' };
    case 'sms':
    case 'inapp': return { channel };
  }
}
