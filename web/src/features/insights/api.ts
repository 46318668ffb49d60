import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Dashboard, LifecycleFlows, LifecycleSettings, RfmContactList, RfmOverview, ValueOverview } from '../../../../src/contracts/index.js';
import type { LifecycleStage } from '../../../../src/domain/insights/lifecycle.js';
import { lastDays } from '../../../../src/domain/insights/periods.js';
import { api } from '../../shared/api-client.js';

export interface InsightRange { from: string; to: string; interval: 'day' | 'week' }
const query = (r: InsightRange) => `from=${encodeURIComponent(r.from)}&to=${encodeURIComponent(r.to)}&interval=${r.interval}`;

export const flowsCsvUrl = (r: InsightRange) => `/api/v1/insights/lifecycle/flows?${query(r)}&format=csv`;
export const dashboardCsvUrl = (r: InsightRange) => `/api/v1/insights/dashboard?${query(r)}&format=csv`;

export function useLifecycleCounts() {
  return useQuery({ queryKey: ['insights', 'lifecycle'], queryFn: () => api.get<{ stages: { stage: LifecycleStage; count: number }[] }>('/insights/lifecycle') });
}
export function useLifecycleFlows(r: InsightRange) {
  return useQuery({ queryKey: ['insights', 'flows', r], queryFn: () => api.get<LifecycleFlows>(`/insights/lifecycle/flows?${query(r)}`) });
}
export function useDashboard(r: InsightRange) {
  return useQuery({ queryKey: ['insights', 'dashboard', r], queryFn: () => api.get<Dashboard>(`/insights/dashboard?${query(r)}`) });
}
export function useLifecycleSettings() {
  return useQuery({ queryKey: ['settings', 'lifecycle'], queryFn: () => api.get<LifecycleSettings>('/settings/lifecycle') });
}

/** The last 30 days up to today in the workspace's time zone (the server's default too). */
export function defaultRange(timeZone: string, now = new Date()): InsightRange {
  return { ...lastDays(now, timeZone, 30), interval: 'day' };
}

/** A grid cell or a named segment: whose contacts to list. */
export type RfmPick = { r: number; f: number } | { segment: string };

export const useRfmOverview = () => useQuery({ queryKey: ['insights', 'rfm'], queryFn: () => api.get<RfmOverview>('/insights/rfm') });
export const useValueOverview = () => useQuery({ queryKey: ['insights', 'value'], queryFn: () => api.get<ValueOverview>('/insights/value') });

export function useRfmContacts(pick: RfmPick | null) {
  return useInfiniteQuery({
    queryKey: ['insights', 'rfm-contacts', pick],
    enabled: pick !== null,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const filter: Record<string, string> = pick && 'segment' in pick ? { segment: pick.segment } : pick ? { r: String(pick.r), f: String(pick.f) } : {};
      return api.get<RfmContactList>('/insights/rfm/contacts', { ...filter, limit: '25', ...(pageParam ? { cursor: pageParam } : {}) });
    },
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useRecompute() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<RfmOverview>('/insights/rfm/recompute'),
    onSuccess: () => client.invalidateQueries({ queryKey: ['insights'] }),
  });
}
