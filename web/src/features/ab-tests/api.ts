import { useQuery } from '@tanstack/react-query';
import type { AbResults, JourneyAbResults } from '../../../../src/contracts/index.js';
import { api } from '../../shared/api-client.js';

/** A broadcast's A/B results; the same as a file at `abResultsCsvUrl`. */
export const getAbResults = (id: string) => api.get<AbResults>(`/broadcasts/${id}/ab-results`);
export const abResultsCsvUrl = (id: string) => `/api/v1/broadcasts/${encodeURIComponent(id)}/ab-results?format=csv`;

export function useAbResults(id: string, refreshMs: number | false = false) {
  return useQuery({ queryKey: ['ab-results', id], queryFn: () => getAbResults(id), refetchInterval: refreshMs });
}

/** A journey's A/B send steps' results, refreshed as contacts move through it. */
export const getJourneyAbResults = (id: string) => api.get<JourneyAbResults>(`/journeys/${id}/ab-results`);
export function useJourneyAbResults(id: string) {
  return useQuery({ queryKey: ['journey-ab-results', id], queryFn: () => getJourneyAbResults(id), refetchInterval: 5000 });
}
