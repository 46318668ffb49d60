/** The audit log: who did what, when, from where. Use cases append; nothing changes an entry. */
import type { AuditRepo, Clock } from './ports.js';
import type { Principal } from './records.js';

/** Audited actions, as stored (dotted: resource.verb). */
export type AuditAction =
  | 'auth.login' | 'auth.login_failed' | 'auth.login_locked' | 'auth.logout' | 'auth.password_changed' | 'auth.session_revoked'
  | 'member.invited' | 'member.invite_revoked' | 'member.joined' | 'member.created' | 'member.role_changed' | 'member.renamed'
  | 'member.password_reset' | 'member.deactivated' | 'member.reactivated'
  | 'api_key.created' | 'api_key.revoked'
  | 'template.created' | 'template.updated' | 'template.deleted' | 'template.submitted_to_whatsapp' | 'templates.imported_from_whatsapp'
  | 'automation.created' | 'automation.updated' | 'automation.deleted'
  | 'journey.created' | 'journey.updated' | 'journey.deleted' | 'journey.activated' | 'journey.paused'
  | 'segment.created' | 'segment.updated' | 'segment.deleted'
  | 'broadcast.created' | 'broadcast.updated' | 'broadcast.deleted' | 'broadcast.sent' | 'broadcast.scheduled' | 'broadcast.cancelled' | 'broadcast.tested'
  | 'channel_account.saved'
  | 'webhook.created' | 'webhook.deleted' | 'webhook.paused' | 'webhook.resumed' | 'webhook.redelivered'
  | 'shop_connection.created' | 'shop_connection.updated' | 'shop_connection.deleted'
  | 'contact.exported' | 'contact.erased'
  | 'settings.messaging_changed'
  | 'settings.attribution_changed'
  | 'settings.lifecycle_changed'
  | 'contacts.imported' | 'contacts.exported'
  | 'conversation.assigned' | 'conversation.unassigned' | 'conversation.closed' | 'conversation.reopened' | 'conversation.note_added';

export interface AuditTarget { type: string; id: string }

/** Appends an entry for what a principal did. */
export async function audit(
  deps: { store: { audit: Pick<AuditRepo, 'append'> }; clock: Clock },
  principal: Pick<Principal, 'workspaceId' | 'userId' | 'actor' | 'via' | 'address'>,
  action: AuditAction,
  target?: AuditTarget | null,
  detail: Record<string, unknown> = {},
): Promise<void> {
  await deps.store.audit.append(principal.workspaceId, {
    at: deps.clock.now(),
    actorUserId: principal.userId,
    actor: principal.actor,
    via: principal.via,
    address: principal.address,
    action,
    targetType: target?.type ?? null,
    targetId: target?.id ?? null,
    detail,
  });
}
