/**
 * What a message carries besides its text, per channel. The message's `body` is always the fully
 * rendered text (what the log and the sandbox show); `content` holds what the channel's wire
 * format needs on top of it.
 */
import type { ChannelKind } from './vocabulary.js';

export interface WhatsAppContent {
  readonly channel: 'whatsapp';
  /** Variable values in order of first appearance: the approved template's body parameters. */
  readonly params: readonly string[];
  /** The approved template to send outside the 24-hour window, or null for text only. */
  readonly template: { readonly name: string; readonly language: string } | null;
}
export interface EmailContent { readonly channel: 'email'; readonly subject: string; readonly html: string | null }
export interface SmsContent { readonly channel: 'sms' }
export interface PushContent { readonly channel: 'push'; readonly title: string }
export interface InAppContent { readonly channel: 'inapp' }

export type MessageContent = WhatsAppContent | EmailContent | SmsContent | PushContent | InAppContent;

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
