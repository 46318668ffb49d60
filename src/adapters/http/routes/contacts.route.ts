import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { createContact, deleteContact, updateContact } from '../../../app/contacts.js';
import { found } from '../../../app/errors.js';
import { Contact, ContactInput, ContactList, ContactListQuery, ContactOrderList, ContactOrdersQuery, ContactPatch, IdParams } from '../../../contracts/index.js';
import type { HttpDeps } from '../context.js';
import { contactJson } from '../serialize.js';
import { principalOf } from './auth.route.js';

export function contactRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/contacts', { config: { permission: 'contacts:read' }, schema: { tags: ['contacts'], querystring: ContactListQuery, response: { 200: ContactList } } }, async (request) => {
    const p = principalOf(request);
    const page = await deps.store.contacts.list(p.workspaceId, request.query);
    return { items: page.items.map(contactJson), nextCursor: page.nextCursor };
  });

  r.post('/api/v1/contacts', { config: { permission: 'contacts:write' }, schema: { tags: ['contacts'], body: ContactInput, response: { 201: Contact } } }, async (request, reply) => {
    return reply.code(201).send(contactJson(await createContact(deps, principalOf(request), request.body)));
  });

  r.get('/api/v1/contacts/:id', { config: { permission: 'contacts:read' }, schema: { tags: ['contacts'], params: IdParams, response: { 200: Contact } } }, async (request) => {
    const p = principalOf(request);
    return contactJson(found(await deps.store.contacts.get(p.workspaceId, request.params.id), 'Contact'));
  });

  r.get('/api/v1/contacts/:id/orders', { config: { permission: 'contacts:read' }, schema: { tags: ['contacts'], params: IdParams, querystring: ContactOrdersQuery, response: { 200: ContactOrderList } } }, async (request) => {
    const p = principalOf(request);
    // Another workspace's contact is not found, rather than an empty list that would confirm it exists.
    const contact = found(await deps.store.contacts.get(p.workspaceId, request.params.id), 'Contact');
    const orders = await deps.store.orders.listForContact(p.workspaceId, contact.id, request.query.limit);
    return { items: orders.map((o) => ({ ...o, occurredAt: o.occurredAt.toISOString() })) };
  });

  r.patch('/api/v1/contacts/:id', { config: { permission: 'contacts:write' }, schema: { tags: ['contacts'], params: IdParams, body: ContactPatch, response: { 200: Contact } } }, async (request) => {
    return contactJson(await updateContact(deps, principalOf(request), request.params.id, request.body));
  });

  r.delete('/api/v1/contacts/:id', { config: { permission: 'contacts:write' }, schema: { tags: ['contacts'], params: IdParams } }, async (request, reply) => {
    await deleteContact(deps, principalOf(request), request.params.id);
    return reply.code(204).send();
  });
}
