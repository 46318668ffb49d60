/** Email feedback (app/email-feedback.port.ts): bounced addresses, and messages named by a bounce. */
import type { EmailFeedbackRepo } from '../../app/email-feedback.port.js';
import type { ChannelKind, MessageStatus } from '../../domain/vocabulary.js';
import type { SqlAccess } from './sql-unit.js';

const str = (v: unknown): string => String(v);
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export function emailFeedbackSql(sql: SqlAccess): EmailFeedbackRepo {
  return {
    async markBounced(workspaceId, email, at, reason) {
      // lower(email) is indexed per workspace (contacts_email_idx).
      const rows = await sql.query(`
        update contacts set email_bounced_at = $3, email_bounce_reason = $4
        where workspace_id = $1::uuid and lower(email) = lower($2) and email_bounced_at is null
        returning id`, [workspaceId, email, at, reason], 'email_mark_bounced');
      return rows.length;
    },
    async recordClick(id, at) {
      await sql.query(`update messages set clicked_at = coalesce(clicked_at, $2) where id = $1::uuid and channel = 'email'`, [id, at], 'email_record_click');
    },
    async message(id) {
      const [r] = await sql.query(`select id, workspace_id, channel, recipient, status from messages where id = $1::uuid`, [id], 'email_feedback_message');
      return r ? { id: str(r.id), workspaceId: str(r.workspace_id), channel: r.channel as ChannelKind, recipient: strOrNull(r.recipient), status: r.status as MessageStatus } : null;
    },
  };
}
