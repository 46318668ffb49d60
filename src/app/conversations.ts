/**
 * The inbox (issue 8, part 1): conversations with their messages both ways, assignment to a member,
 * open/closed, internal notes. Every lookup is scoped to the principal's workspace, so another
 * workspace's id is simply not found.
 */
import type { ConversationStatus } from '../domain/vocabulary.js';
import type { ConversationListQuery, ConversationRecord } from './conversation.port.js';
import { AppError, found } from './errors.js';
import type { Deps } from './ports.js';
import type { Principal } from './records.js';

type StoreDeps = Pick<Deps, 'store'>;

/** `assignee=me` is the member asking (an API key acting for nobody matches no one's). */
export async function listConversations(deps: StoreDeps, principal: Principal, query: Omit<ConversationListQuery, 'assignee'> & { assignee?: string | undefined }) {
  const assignee = query.assignee === 'me' ? (principal.userId ?? '00000000-0000-0000-0000-000000000000') : query.assignee;
  return deps.store.conversations.list(principal.workspaceId, { ...query, assignee });
}

export async function getConversation(deps: StoreDeps, principal: Principal, id: string): Promise<ConversationRecord> {
  return found(await deps.store.conversations.get(principal.workspaceId, id), 'Conversation');
}

/** Assigns (a member of the workspace, active) or unassigns (null), and/or opens or closes. */
export async function updateConversation(
  deps: StoreDeps, principal: Principal, id: string, patch: { status?: ConversationStatus | undefined; assigneeId?: string | null | undefined },
): Promise<ConversationRecord> {
  const ws = principal.workspaceId;
  found(await deps.store.conversations.get(ws, id), 'Conversation');
  if (patch.assigneeId) {
    const member = await deps.store.users.get(ws, patch.assigneeId);
    if (!member || member.deactivatedAt) {
      throw new AppError('conversation.invalid_assignee', 'The assignee must be an active member of this workspace', [{ field: 'assigneeId', reason: 'conversation.invalid_assignee' }]);
    }
  }
  const update: { status?: ConversationStatus; assigneeId?: string | null } = {};
  if (patch.status !== undefined) update.status = patch.status;
  if (patch.assigneeId !== undefined) update.assigneeId = patch.assigneeId;
  return found(await deps.store.conversations.update(ws, id, update), 'Conversation');
}

export async function markConversationRead(deps: StoreDeps, principal: Principal, id: string): Promise<void> {
  if (!(await deps.store.conversations.markRead(principal.workspaceId, id))) found(null, 'Conversation');
}

export async function addConversationNote(deps: StoreDeps, principal: Principal, id: string, text: string) {
  const ws = principal.workspaceId;
  found(await deps.store.conversations.get(ws, id), 'Conversation');
  const user = principal.userId ? await deps.store.users.get(ws, principal.userId) : null;
  return deps.store.conversations.addNote(ws, id, { authorId: user?.id ?? null, authorName: user?.name || principal.actor, text });
}
