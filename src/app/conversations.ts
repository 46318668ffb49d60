/**
 * The inbox (issue 8, part 1): conversations with their messages both ways, assignment to a member,
 * open/closed, internal notes. Every lookup is scoped to the principal's workspace, so another
 * workspace's id is simply not found.
 */
import type { ConversationStatus } from '../domain/vocabulary.js';
import type { ConversationListQuery, ConversationRecord } from './conversation.port.js';
import { audit } from './audit.js';
import { AppError, found } from './errors.js';
import type { Deps } from './ports.js';
import type { Principal } from './records.js';

type StoreDeps = Pick<Deps, 'store'>;
/** Member actions on a conversation go to the audit log like every other (who assigned, closed, noted what). */
type AuditedDeps = Pick<Deps, 'store' | 'clock'>;

/** `assignee=me` is the member asking (an API key acting for nobody matches no one's). */
export async function listConversations(deps: StoreDeps, principal: Principal, query: Omit<ConversationListQuery, 'assignee'> & { assignee?: string | undefined }) {
  const assignee = query.assignee === 'me' ? (principal.userId ?? '00000000-0000-0000-0000-000000000000') : query.assignee;
  return deps.store.conversations.list(principal.workspaceId, { ...query, assignee });
}

export async function getConversation(deps: StoreDeps, principal: Principal, id: string): Promise<ConversationRecord> {
  return found(await deps.store.conversations.get(principal.workspaceId, id), 'Conversation');
}

/** Assigns (a member of the workspace, active) or unassigns (null), and/or opens or closes; each change that happens is audited. */
export async function updateConversation(
  deps: AuditedDeps, principal: Principal, id: string, patch: { status?: ConversationStatus | undefined; assigneeId?: string | null | undefined },
): Promise<ConversationRecord> {
  const ws = principal.workspaceId;
  const before = found(await deps.store.conversations.get(ws, id), 'Conversation');
  let member: Awaited<ReturnType<typeof deps.store.users.get>> = null;
  if (patch.assigneeId) {
    member = await deps.store.users.get(ws, patch.assigneeId);
    if (!member || member.deactivatedAt) {
      throw new AppError('conversation.invalid_assignee', 'The assignee must be an active member of this workspace', [{ field: 'assigneeId', reason: 'conversation.invalid_assignee' }]);
    }
  }
  const update: { status?: ConversationStatus; assigneeId?: string | null } = {};
  if (patch.status !== undefined) update.status = patch.status;
  if (patch.assigneeId !== undefined) update.assigneeId = patch.assigneeId;
  const after = found(await deps.store.conversations.update(ws, id, update), 'Conversation');
  const target = { type: 'conversation', id };
  const about = { contactId: after.contactId, channel: after.channel };
  if (after.assigneeId !== before.assigneeId) {
    await audit(deps, principal, after.assigneeId ? 'conversation.assigned' : 'conversation.unassigned', target, {
      ...about, from: before.assigneeId, to: after.assigneeId, ...(member ? { assigneeName: member.name || member.email } : {}),
    });
  }
  if (after.status !== before.status) await audit(deps, principal, after.status === 'closed' ? 'conversation.closed' : 'conversation.reopened', target, about);
  return after;
}

export async function markConversationRead(deps: StoreDeps, principal: Principal, id: string): Promise<void> {
  if (!(await deps.store.conversations.markRead(principal.workspaceId, id))) found(null, 'Conversation');
}

/** Adds an internal note; the audit entry names the note, not its text (which may hold a customer's personal data). */
export async function addConversationNote(deps: AuditedDeps, principal: Principal, id: string, text: string) {
  const ws = principal.workspaceId;
  const conversation = found(await deps.store.conversations.get(ws, id), 'Conversation');
  const user = principal.userId ? await deps.store.users.get(ws, principal.userId) : null;
  const note = await deps.store.conversations.addNote(ws, id, { authorId: user?.id ?? null, authorName: user?.name || principal.actor, text });
  await audit(deps, principal, 'conversation.note_added', { type: 'conversation', id }, { contactId: conversation.contactId, noteId: note.id, length: text.length });
  return note;
}
