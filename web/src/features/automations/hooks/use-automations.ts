import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AutomationInput, AutomationPatch } from '../../../../../src/contracts/index.js';
import { createAutomation, deleteAutomation, getAutomation, listAutomations, updateAutomation } from '../api.js';

export function useAutomations() {
  return useQuery({ queryKey: ['automations'], queryFn: listAutomations });
}

export function useAutomation(id: string | undefined) {
  return useQuery({ queryKey: ['automation', id], queryFn: () => getAutomation(id ?? ''), enabled: !!id });
}

/** Creates (no id) or fully updates an automation. */
export function useSaveAutomation(id: string | undefined) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: AutomationInput) => (id ? updateAutomation(id, input) : createAutomation(input)),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['automations'] }),
  });
}

/** Partial update from the list (the on/off switch). */
export function usePatchAutomation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: AutomationPatch }) => updateAutomation(id, patch),
    onSettled: () => qc.invalidateQueries({ queryKey: ['automations'] }),
  });
}

export function useDeleteAutomation() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: deleteAutomation, onSuccess: () => qc.invalidateQueries({ queryKey: ['automations'] }) });
}
