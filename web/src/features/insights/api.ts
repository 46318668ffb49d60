import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RfmContactList, RfmOverview, ValueOverview } from '../../../../src/contracts/index.js';
import { api } from '../../shared/api-client.js';

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
