import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ContactInput } from '../../../../../src/contracts/index.js';
import {
  createContact, deleteContact, getContact, listConsentHistory, listContactMessages, listContactOrders, listContacts, listTagCounts, updateContact,
} from '../api.js';

export function useContacts(q: string) {
  return useQuery({ queryKey: ['contacts', q], queryFn: () => listContacts(q || undefined), placeholderData: keepPreviousData });
}

/** Creates (no id) or updates the name/phone/email of a contact. */
export function useSaveContact(id: string | undefined) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: Pick<ContactInput, 'name' | 'phone' | 'email'>) => (id ? updateContact(id, input) : createContact(input)),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['contacts'] }),
  });
}

export function useDeleteContact() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: deleteContact, onSuccess: () => qc.invalidateQueries({ queryKey: ['contacts'] }) });
}

/** One contact, its orders and its messages (refreshed like the message log: the worker changes them). */
export function useContactPage(id: string) {
  return {
    contact: useQuery({ queryKey: ['contacts', 'one', id], queryFn: () => getContact(id) }),
    orders: useQuery({ queryKey: ['contact-orders', id], queryFn: () => listContactOrders(id) }),
    messages: useQuery({ queryKey: ['messages', 'contact', id], queryFn: () => listContactMessages(id), refetchInterval: 3000 }),
  };
}

/** The contact's consent changes, with who made each. */
export function useConsentHistory(id: string) {
  return useQuery({ queryKey: ['contacts', 'consent-history', id], queryFn: () => listConsentHistory(id) });
}

/** Tags already used in the workspace, for suggestions; asked only once wanted (counting them reads every contact). */
export function useTagCounts(enabled: boolean) {
  return useQuery({ queryKey: ['contacts', 'tags'], queryFn: listTagCounts, staleTime: 30_000, enabled });
}

/** Saves a contact's tags (agents may too); the contact and the suggestions refresh. */
export function useSaveTags(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (tags: string[]) => updateContact(id, { tags }),
    onSuccess: (saved) => {
      qc.setQueryData(['contacts', 'one', id], saved);
      void qc.invalidateQueries({ queryKey: ['contacts'] });
    },
  });
}
