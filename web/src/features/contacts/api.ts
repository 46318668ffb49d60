import type { ConsentEvent, Contact, ContactDetail, ContactInput, ContactOrder, ContactPatch, Message, TagCounts } from '../../../../src/contracts/index.js';
import { api } from '../../shared/api-client.js';

export const listContacts = (q?: string) => api.get<{ items: Contact[]; nextCursor: string | null }>('/contacts', { q, limit: 100 });
/** 422 `contact.invalid_phone` (errors[{field:'phone'}]) on a number that cannot be normalised. */
export const createContact = (input: ContactInput) => api.post<Contact>('/contacts', input);
/** Same refusals as create, plus 409 `contact.duplicate` when the new phone belongs to another contact. */
export const updateContact = (id: string, patch: ContactPatch) => api.patch<Contact>(`/contacts/${id}`, patch);
/** Erases the contact (UU PDP): its messages stay counted, without their text; owners and admins. */
export const deleteContact = (id: string) => api.del(`/contacts/${id}`);
/** One contact (404 `not_found` when it is not in this workspace). */
export const getContact = (id: string) => api.get<ContactDetail>(`/contacts/${id}`);
/** The contact's latest orders, newest first. */
export const listContactOrders = (id: string) => api.get<{ items: ContactOrder[] }>(`/contacts/${id}/orders`, { limit: 50 }).then((r) => r.items);
/** The contact's latest messages, newest first. */
export const listContactMessages = (id: string) => api.get<{ items: Message[] }>('/messages', { contactId: id, limit: 50 }).then((r) => r.items);
/** Who changed the contact's consent, when and how, newest first. */
export const listConsentHistory = (id: string) => api.get<{ items: ConsentEvent[] }>(`/contacts/${id}/consent-history`).then((r) => r.items);
/** Tags in use in the workspace, most used first (suggestions while tagging). */
export const listTagCounts = () => api.get<TagCounts>('/contacts/tags').then((r) => r.tags);
/** The personal-data export: a JSON file the browser downloads (owners and admins). */
export const contactExportUrl = (id: string) => `/api/v1/contacts/${id}/export`;
