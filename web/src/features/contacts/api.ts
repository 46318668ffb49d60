import type { Contact, ContactInput, ContactPatch } from '../../../../src/contracts/index.js';
import { api } from '../../shared/api-client.js';

export const listContacts = (q?: string) => api.get<{ items: Contact[]; nextCursor: string | null }>('/contacts', { q, limit: 100 });
/** 422 `contact.invalid_phone` (errors[{field:'phone'}]) on a number that cannot be normalised. */
export const createContact = (input: ContactInput) => api.post<Contact>('/contacts', input);
/** Same refusals as create, plus 409 `contact.duplicate` when the new phone belongs to another contact. */
export const updateContact = (id: string, patch: ContactPatch) => api.patch<Contact>(`/contacts/${id}`, patch);
/** Erases the contact and its personal data (UU PDP). */
export const deleteContact = (id: string) => api.del(`/contacts/${id}`);
