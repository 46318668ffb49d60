/** What the store keeps of email feedback: bounced addresses, and the message a bounce or a tracked link names. */
import type { ChannelKind, MessageStatus } from '../domain/vocabulary.js';

export interface EmailFeedbackRepo {
  /** Marks every contact of the workspace with this address (any case) as bounced; how many. */
  markBounced(workspaceId: string, email: string, at: Date, reason: string): Promise<number>;
  /** A message by our id, in any workspace (a DSN or a tracked link names it by a signed id); null when unknown. */
  /** Records the first click of a tracked link (clicked_at kept from the first). */
  recordClick(id: string, at: Date): Promise<void>;
  message(id: string): Promise<{ id: string; workspaceId: string; channel: ChannelKind; recipient: string | null; status: MessageStatus } | null>;
}
