import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ContactInput } from '../../../../../src/contracts/index.js';
import { createContact, deleteContact, listContacts, updateContact } from '../api.js';

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
