import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { createContact, updateContact } from '../../../app/contacts.js';
import { found } from '../../../app/errors.js';
import { contactInsightView } from '../../../app/insights.js';
import { contactLifecycle } from '../../../app/lifecycle.js';
import { eraseContact, exportContactData } from '../../../app/personal-data.js';
import {
  ConsentHistory, Contact, ContactDetail, ContactInput, ContactList, ContactListQuery, ContactOrderList, ContactOrdersQuery, ContactPatch, IdParams, PersonalDataExport, TagCounts, TagCountsQuery,
} from '../../../contracts/index.js';
import type { HttpDeps } from '../context.js';
import { consentEventJson, contactJson, personalDataJson } from '../serialize.js';
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

  r.get('/api/v1/contacts/:id', { config: { permission: 'contacts:read' }, schema: { tags: ['contacts'], params: IdParams, response: { 200: ContactDetail } } }, async (request) => {
    const p = principalOf(request);
    const contact = contactJson(found(await deps.store.contacts.get(p.workspaceId, request.params.id), 'Contact'));
    const lifecycle = await contactLifecycle(deps, p.workspaceId, contact.id);
    return { ...contact, ...(await contactInsightView(deps, p.workspaceId, contact.id)), lifecycle: lifecycle ? { stage: lifecycle.stage, since: lifecycle.since.toISOString() } : null };
  });

  r.get('/api/v1/contacts/:id/orders', { config: { permission: 'contacts:read' }, schema: { tags: ['contacts'], params: IdParams, querystring: ContactOrdersQuery, response: { 200: ContactOrderList } } }, async (request) => {
    const p = principalOf(request);
    // Another workspace's contact is not found, rather than an empty list that would confirm it exists.
    const contact = found(await deps.store.contacts.get(p.workspaceId, request.params.id), 'Contact');
    const orders = await deps.store.orders.listForContact(p.workspaceId, contact.id, request.query.limit);
    return { items: orders.map((o) => ({ ...o, occurredAt: o.occurredAt.toISOString() })) };
  });

  r.get('/api/v1/contacts/tags', { config: { permission: 'contacts:read' }, schema: { tags: ['contacts'], summary: 'Tags in use with their contact counts, most used first', querystring: TagCountsQuery, response: { 200: TagCounts } } }, async (request) => {
    return { tags: await deps.store.contacts.tagCounts(principalOf(request).workspaceId, request.query.limit) };
  });

  r.get('/api/v1/contacts/:id/consent-history', { config: { permission: 'contacts:read' }, schema: { tags: ['contacts'], summary: "A contact's consent changes, newest first, with who made each", params: IdParams, response: { 200: ConsentHistory } } }, async (request) => {
    const p = principalOf(request);
    const contact = found(await deps.store.contacts.get(p.workspaceId, request.params.id), 'Contact');
    return { items: (await deps.store.contacts.consentHistory(p.workspaceId, contact.id)).map(consentEventJson) };
  });

  r.get('/api/v1/contacts/:id/export', {
    config: { permission: 'contacts:export' },
    schema: { tags: ['contacts'], summary: "Everything held about a contact as a JSON file (UU PDP); audited", params: IdParams, response: { 200: PersonalDataExport } },
  }, async (request, reply) => {
    const p = principalOf(request);
    const data = await exportContactData(deps, p, request.params.id);
    // The id is a UUID (checked by the params schema): safe inside the quoted file name.
    reply.header('content-disposition', `attachment; filename="kontak-${request.params.id}.json"`);
    reply.header('cache-control', 'no-store');
    return personalDataJson(data, deps.clock.now(), await contactInsightView(deps, p.workspaceId, request.params.id));
  });

  // Agents may change tags only (contacts:tag); anything else needs contacts:write, checked by the use case.
  r.patch('/api/v1/contacts/:id', { config: { permission: 'contacts:tag' }, schema: { tags: ['contacts'], params: IdParams, body: ContactPatch, response: { 200: Contact } } }, async (request) => {
    return contactJson(await updateContact(deps, principalOf(request), request.params.id, request.body));
  });

  r.delete('/api/v1/contacts/:id', {
    config: { permission: 'contacts:erase' },
    schema: { tags: ['contacts'], summary: 'Erases a contact (UU PDP): message rows and statuses stay, their text and address go; audited', params: IdParams },
  }, async (request, reply) => {
    await eraseContact(deps, principalOf(request), request.params.id);
    return reply.code(204).send();
  });
}
