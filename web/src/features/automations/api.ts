import type { Automation, AutomationInput, AutomationPatch } from '../../../../src/contracts/index.js';
import { api } from '../../shared/api-client.js';

export const listAutomations = () => api.get<{ items: Automation[] }>('/automations').then((r) => r.items);
export const getAutomation = (id: string) => api.get<Automation>(`/automations/${id}`);
/** 422 `automation.variable_not_allowed` when the template uses a variable the trigger lacks. */
export const createAutomation = (input: AutomationInput) => api.post<Automation>('/automations', input);
export const updateAutomation = (id: string, patch: AutomationPatch) => api.patch<Automation>(`/automations/${id}`, patch);
export const deleteAutomation = (id: string) => api.del(`/automations/${id}`);
