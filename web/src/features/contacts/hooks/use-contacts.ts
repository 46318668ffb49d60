import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ContactInput } from '../../../../../src/contracts/index.js';
import { createContact, listContacts } from '../api.js';

export function useContacts(q: string) {
  return useQuery({ queryKey: ['contacts', q], queryFn: () => listContacts(q || undefined), placeholderData: keepPreviousData });
}

export function useCreateContact() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (input: ContactInput) => createContact(input), onSuccess: () => qc.invalidateQueries({ queryKey: ['contacts'] }) });
}
