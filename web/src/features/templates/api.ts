import type {
  Media, PreviewInput, PreviewResult, Template, TemplateImportInput, TemplateImportResult, TemplateInput, TemplatePatch, TemplateSubmitResult, TriggerInfo,
} from '../../../../src/contracts/index.js';
import { api, apiRequest } from '../../shared/api-client.js';

/** Templates sorted by code; `q` filters code/message on the server. */
export const listTemplates = (q?: string) => api.get<{ items: Template[] }>('/templates', { q }).then((r) => r.items);
export const getTemplate = (id: string) => api.get<Template>(`/templates/${id}`);
export const createTemplate = (input: TemplateInput) => api.post<Template>('/templates', input);
export const updateTemplate = (id: string, patch: TemplatePatch) => api.patch<Template>(`/templates/${id}`, patch);
export const deleteTemplate = (id: string) => api.del(`/templates/${id}`);
/** Server-side render with sample data; errors come back with 200 so the editor can show them live. */
export const previewTemplate = (input: PreviewInput) => api.post<PreviewResult>('/templates/preview', input);
export const listTriggers = () => api.get<{ items: TriggerInfo[] }>('/triggers').then((r) => r.items);
/** Submits (or resubmits) the template to WhatsApp (Meta's review). */
export const submitTemplate = (id: string) => api.post<TemplateSubmitResult>(`/templates/${id}/whatsapp`, {});
/** Links or creates Template Chats for the templates the WhatsApp account already has. */
export const importTemplates = (input: TemplateImportInput = {}) => api.post<TemplateImportResult>('/templates/whatsapp/import', input);
/** Uploads an image or PDF (the file itself as the body); the server judges its type from the bytes. */
export const uploadMedia = (file: File) => apiRequest<Media>('/media', { method: 'POST', file, query: { filename: file.name } });
