import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TemplateInput } from '../../../../../src/contracts/index.js';
import { createTemplate, deleteTemplate, getTemplate, importTemplates, listTemplates, listTriggers, submitTemplate, updateTemplate } from '../api.js';

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

/** Submits a template to WhatsApp; the list and the template show its new status. */
export function useSubmitTemplate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: submitTemplate,
    onSuccess: (tpl) => {
      qc.setQueryData(['template', tpl.id], tpl);
      return qc.invalidateQueries({ queryKey: ['templates'] });
    },
  });
}

/** Imports the WhatsApp account's templates. */
export function useImportTemplates() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: () => importTemplates({}), onSuccess: () => qc.invalidateQueries({ queryKey: ['templates'] }) });
}
