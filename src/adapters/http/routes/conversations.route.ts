/**
 * The inbox: /api/v1/conversations (list, one, its messages, assign/close, read, notes), the live
 * stream of what changed (server-sent events), and quick messages to a contact
 * (/api/v1/contacts/:id/conversation, …/messages, …/messages/preview).
 */
import { mediaPath } from '../../../domain/template-extras.js';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { createConversationFeed } from '../../../app/conversation-feed.js';
import type { ConversationMessageRecord, ConversationRecord } from '../../../app/conversation.port.js';
import {
  addConversationNote, getConversation, listConversations, markConversationRead, updateConversation,
} from '../../../app/conversations.js';
import { found } from '../../../app/errors.js';
import { previewQuickMessage, sendQuickMessage, templatesNeedApproval } from '../../../app/quick-messages.js';
import {
  AssigneeList, ContactConversationQuery, Conversation, ConversationList, ConversationListQuery, ConversationMessages, ConversationMessagesQuery, ConversationPatch, IdParams,
  Note, NoteInput, NoteList, QuickMessageInput, QuickMessageResult, QuickPreview, QuickPreviewInput,
} from '../../../contracts/index.js';
import { explainFailure, isWindowOpen, windowClosesAt } from '../../../domain/index.js';
import type { HttpDeps } from '../context.js';
import { HEARTBEAT_MS, openEventStream } from '../event-stream.js';
import { messageJson } from '../serialize.js';
import { principalOf } from './auth.route.js';

/** How often the process reads the change feed while a stream is open; a comment keeps proxies from closing an idle stream. */
const FEED_INTERVAL_MS = 500;

export function conversationJson(c: ConversationRecord, now: Date, templatesNeedApproval: boolean): Conversation {
  // The window is WhatsApp's; it runs from the contact's last inbound message on the channel.
  const inbound = c.channel === 'whatsapp' ? c.lastInboundAt : null;
  return {
    id: c.id, contactId: c.contactId, contactName: c.contactName, contactPhone: c.contactPhone, channel: c.channel, status: c.status,
    assigneeId: c.assigneeId, assigneeName: c.assigneeName, lastMessageAt: c.lastMessageAt.toISOString(), lastMessageText: c.lastMessageText,
    lastMessageDirection: c.lastMessageDirection, unreadCount: c.unreadCount, consent: c.consent,
    windowOpen: isWindowOpen(inbound, now), windowClosesAt: windowClosesAt(inbound)?.toISOString() ?? null,
    templatesNeedApproval: c.channel === 'whatsapp' && templatesNeedApproval,
  };
}

function messageItem(m: ConversationMessageRecord) {
  const failed = m.status === 'failed' || m.status === 'skipped';
  return {
    id: m.id, direction: m.direction, text: m.text, at: m.at.toISOString(), status: m.status, failureReason: m.failureReason,
    failure: failed && m.failureReason ? explainFailure(m.failureReason, {}) : null,
    templateCode: m.templateCode,
    origin: m.direction === 'in' ? null : m.automationId ? 'automation' as const : m.broadcastId ? 'broadcast' as const : 'agent' as const,
    buttonPayload: m.buttonPayload,
    media: m.media ? { type: m.media.type, url: mediaPath(m.media.token), filename: m.media.filename } : null,
  };
}

export function conversationRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const feed = createConversationFeed(deps.store.conversations, { intervalMs: FEED_INTERVAL_MS, log: deps.log });
  app.addHook('onClose', async () => feed.close());
  // Whether the workspace's number needs Meta's approval is asked once per request (the registry caches routes).
  const jsonFor = async (workspaceId: string) => {
    const strict = await templatesNeedApproval(deps, workspaceId);
    return (c: ConversationRecord) => conversationJson(c, deps.clock.now(), strict);
  };
  const json = async (workspaceId: string, c: ConversationRecord) => (await jsonFor(workspaceId))(c);

  r.get('/api/v1/conversations', {
    config: { permission: 'messages:read' },
    schema: { tags: ['inbox'], summary: 'The inbox: one conversation per contact and channel, latest activity first', querystring: ConversationListQuery, response: { 200: ConversationList } },
  }, async (request) => {
    const p = principalOf(request);
    const page = await listConversations(deps, p, request.query);
    return { items: page.items.map(await jsonFor(p.workspaceId)), nextCursor: page.nextCursor };
  });

  // Server-sent events: `event: changed` with the ids of conversations that changed (a message either way,
  // a status, an assignment, a note); the client reloads what it shows of them. Declared before /:id.
  r.get('/api/v1/conversations/stream', { config: { permission: 'messages:read' }, schema: { tags: ['inbox'], summary: 'Live changes (text/event-stream)' } }, async (request, reply) => {
    const p = principalOf(request);
    const res = openEventStream(reply);
    res.write('retry: 2000\n\n');
    const unsubscribe = feed.subscribe(p.workspaceId, (ids) => { res.write(`event: changed\ndata: ${JSON.stringify({ ids })}\n\n`); });
    const heartbeat = setInterval(() => res.write(': still here\n\n'), HEARTBEAT_MS);
    request.raw.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      res.end();
    });
  });

  r.get('/api/v1/conversations/assignees', {
    config: { permission: 'messages:read' }, schema: { tags: ['inbox'], summary: 'Active members a conversation can be assigned to', response: { 200: AssigneeList } },
  }, async (request) => {
    const members = await deps.store.users.list(principalOf(request).workspaceId);
    return { items: members.filter((m) => !m.deactivatedAt).map((m) => ({ id: m.id, name: m.name || m.email })) };
  });

  r.get('/api/v1/conversations/:id', {
    config: { permission: 'messages:read' }, schema: { tags: ['inbox'], params: IdParams, response: { 200: Conversation } },
  }, async (request) => json(principalOf(request).workspaceId, await getConversation(deps, principalOf(request), request.params.id)));

  r.get('/api/v1/conversations/:id/messages', {
    config: { permission: 'messages:read' },
    schema: { tags: ['inbox'], summary: 'Messages both ways, newest first (nextCursor pages to older ones)', params: IdParams, querystring: ConversationMessagesQuery, response: { 200: ConversationMessages } },
  }, async (request) => {
    const c = await getConversation(deps, principalOf(request), request.params.id);
    const page = await deps.store.conversations.messages(principalOf(request).workspaceId, c, request.query);
    return { items: page.items.map(messageItem), nextCursor: page.nextCursor };
  });

  r.patch('/api/v1/conversations/:id', {
    config: { permission: 'messages:send' },
    schema: { tags: ['inbox'], summary: 'Assign (assigneeId, null to unassign) and/or open or close', params: IdParams, body: ConversationPatch, response: { 200: Conversation } },
  }, async (request) => json(principalOf(request).workspaceId, await updateConversation(deps, principalOf(request), request.params.id, request.body)));

  r.post('/api/v1/conversations/:id/read', {
    config: { permission: 'messages:read' }, schema: { tags: ['inbox'], summary: 'Marks its messages read (unread count 0)', params: IdParams },
  }, async (request, reply) => {
    await markConversationRead(deps, principalOf(request), request.params.id);
    return reply.code(204).send();
  });

  r.get('/api/v1/conversations/:id/notes', {
    config: { permission: 'messages:read' }, schema: { tags: ['inbox'], summary: 'Internal notes, oldest first', params: IdParams, response: { 200: NoteList } },
  }, async (request) => {
    const c = await getConversation(deps, principalOf(request), request.params.id);
    const notes = await deps.store.conversations.notes(principalOf(request).workspaceId, c.id);
    return { items: notes.map((n) => ({ ...n, createdAt: n.createdAt.toISOString() })) };
  });

  r.post('/api/v1/conversations/:id/notes', {
    config: { permission: 'messages:send' },
    schema: { tags: ['inbox'], summary: 'Adds an internal note (the team sees it; it is never sent)', params: IdParams, body: NoteInput, response: { 201: Note } },
  }, async (request, reply) => {
    const note = await addConversationNote(deps, principalOf(request), request.params.id, request.body.text);
    return reply.code(201).send({ ...note, createdAt: note.createdAt.toISOString() });
  });

  r.get('/api/v1/contacts/:id/conversation', {
    config: { permission: 'messages:read' },
    schema: { tags: ['inbox'], summary: "The contact's conversation on a channel (404 before any message either way)", params: IdParams, querystring: ContactConversationQuery, response: { 200: Conversation } },
  }, async (request) => {
    const p = principalOf(request);
    found(await deps.store.contacts.get(p.workspaceId, request.params.id), 'Contact');
    return json(p.workspaceId, found(await deps.store.conversations.forContact(p.workspaceId, request.params.id, request.query.channel), 'Conversation'));
  });

  r.post('/api/v1/contacts/:id/messages/preview', {
    config: { permission: 'messages:send' },
    schema: { tags: ['inbox'], summary: 'A template filled for this contact (latest order, your name): the text, what is missing, how it would go', params: IdParams, body: QuickPreviewInput, response: { 200: QuickPreview } },
  }, async (request) => {
    const p = await previewQuickMessage(deps, principalOf(request), request.params.id, request.body);
    return { ...p, order: p.order ? { number: p.order.number, occurredAt: p.order.occurredAt.toISOString() } : null, windowClosesAt: p.windowClosesAt?.toISOString() ?? null };
  });

  r.post('/api/v1/contacts/:id/messages', {
    config: { permission: 'messages:send' },
    schema: {
      tags: ['inbox'],
      summary: 'A quick message {templateId | text, channel}: queued through the delivery engine (202); free text only inside the 24-hour window, never to an opted-out contact, never with a hole',
      params: IdParams, body: QuickMessageInput, response: { 202: QuickMessageResult },
    },
  }, async (request, reply) => {
    const message = await sendQuickMessage(deps, principalOf(request), request.params.id, request.body, request.id);
    return reply.code(202).send({ message: messageJson(message) });
  });
}
