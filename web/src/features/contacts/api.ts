import type { Contact, ContactInput } from '../../../../src/contracts/index.js';
import { api } from '../../shared/api-client.js';

export const listContacts = (q?: string) => api.get<{ items: Contact[]; nextCursor: string | null }>('/contacts', { q, limit: 100 });
/** 422 `contact.invalid_phone` (errors[{field:'phone'}]) on a number that cannot be normalised. */
export const createContact = (input: ContactInput) => api.post<Contact>('/contacts', input);
