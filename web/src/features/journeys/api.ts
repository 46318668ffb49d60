import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Journey, JourneyDetail, JourneyInput, RecipeInput } from '../../../../src/contracts/index.js';
import { api, apiRequest } from '../../shared/api-client.js';

export type JourneyListItem = Journey & { active: number; finished: number; exited: number };
export interface JourneyRecipeInfo { key: RecipeInput['recipe']; name: string; description: string; trigger: string; templates: { code: string; message: string }[] }

export const listJourneys = () => api.get<{ items: JourneyListItem[] }>('/journeys').then((r) => r.items);
export const getJourney = (id: string) => api.get<JourneyDetail>(`/journeys/${id}`);
export const listRecipes = () => api.get<{ items: JourneyRecipeInfo[] }>('/journeys/recipes').then((r) => r.items);

export function useJourneys() {
  return useQuery({ queryKey: ['journeys'], queryFn: listJourneys });
}
export function useRecipes() {
  return useQuery({ queryKey: ['journey-recipes'], queryFn: listRecipes, staleTime: Infinity });
}
/** A journey with its counts, refreshed every few seconds so the contacts at each step move. */
export function useJourney(id: string | undefined) {
  return useQuery({ queryKey: ['journey', id], queryFn: () => getJourney(id ?? ''), enabled: !!id, refetchInterval: 5000 });
}

export function useCreateFromRecipe() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: RecipeInput) => api.post<JourneyDetail>('/journeys/recipes', input),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['journeys'] }),
  });
}
/** 422 `journey.invalid` with one item per problem (`steps.<stepId>.<field>`). */
export function useSaveJourney(id: string | undefined) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: JourneyInput) => (id ? apiRequest<JourneyDetail>(`/journeys/${id}`, { method: 'PUT', body: input }) : api.post<JourneyDetail>('/journeys', input)),
    onSuccess: (j) => { qc.setQueryData(['journey', j.id], j); void qc.invalidateQueries({ queryKey: ['journeys'] }); },
  });
}
export function useJourneyStatus(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (action: 'activate' | 'pause') => api.post<JourneyDetail>(`/journeys/${id}/${action}`, {}),
    onSuccess: (j) => { qc.setQueryData(['journey', j.id], j); void qc.invalidateQueries({ queryKey: ['journeys'] }); },
  });
}
export function useDeleteJourney() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (id: string) => api.del(`/journeys/${id}`), onSuccess: () => qc.invalidateQueries({ queryKey: ['journeys'] }) });
}
