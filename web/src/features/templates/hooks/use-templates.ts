import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TemplateInput } from '../../../../../src/contracts/index.js';
import { createTemplate, deleteTemplate, getTemplate, listTemplates, listTriggers, updateTemplate } from '../api.js';

/** Template list, optionally filtered by `q`. */
export function useTemplates(q = '') {
  return useQuery({ queryKey: ['templates', q], queryFn: () => listTemplates(q || undefined), placeholderData: keepPreviousData });
}

/** One template (disabled without id). */
export function useTemplate(id: string | undefined) {
  return useQuery({ queryKey: ['template', id], queryFn: () => getTemplate(id ?? ''), enabled: !!id });
}

/** Creates (no id) or updates a template. */
export function useSaveTemplate(id: string | undefined) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: TemplateInput) => (id ? updateTemplate(id, input) : createTemplate(input)),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['templates'] }),
  });
}

export function useDeleteTemplate() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: deleteTemplate, onSuccess: () => qc.invalidateQueries({ queryKey: ['templates'] }) });
}

/** The trigger table as the server serves it (rarely changes). */
export function useTriggers() {
  return useQuery({ queryKey: ['triggers'], queryFn: listTriggers, staleTime: Infinity });
}
