import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Broadcast, BroadcastInput } from '../../../../../src/contracts/index.js';
import {
  cancelBroadcast, createBroadcast, deleteBroadcast, getBroadcast, listBroadcastMessages, listBroadcasts, searchContacts, sendBroadcast, sendTest, updateBroadcast,
} from '../api.js';
import { countSegment } from '../../segments/api.js';
import { previewTemplate } from '../../templates/api.js';
import { isFinished } from '../broadcast-stats.js';

export const broadcastKey = (id: string) => ['broadcast', id] as const;

// A list with sending broadcasts shows their progress; a short poll keeps it honest (their own page streams).
const LIST_REFRESH_MS = 3000;

export function useBroadcasts() {
  return useQuery({
    queryKey: ['broadcasts'],
    queryFn: () => listBroadcasts(),
    refetchInterval: (q) => (q.state.data?.items.some((b) => !isFinished(b.status) && b.status !== 'draft') ? LIST_REFRESH_MS : false),
  });
}

export function useBroadcast(id: string | undefined) {
  return useQuery({ queryKey: broadcastKey(id ?? ''), queryFn: () => getBroadcast(id ?? ''), enabled: !!id });
}

/** Keeps the list and the one broadcast in step with what the server answered. */
function useStoreBroadcast() {
  const qc = useQueryClient();
  return async (b: Broadcast) => {
    qc.setQueryData(broadcastKey(b.id), b);
    await qc.invalidateQueries({ queryKey: ['broadcasts'] });
  };
}

/** Creates a draft (no id) or changes one. */
export function useSaveBroadcast(id: string | undefined) {
  const store = useStoreBroadcast();
  return useMutation({
    mutationFn: (input: BroadcastInput) => (id ? updateBroadcast(id, input) : createBroadcast(input)),
    onSuccess: store,
  });
}

export function useDeleteBroadcast() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: deleteBroadcast, onSuccess: () => qc.invalidateQueries({ queryKey: ['broadcasts'] }) });
}

export function useSendTest(id: string) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (contactId: string) => sendTest(id, contactId), onSuccess: () => qc.invalidateQueries({ queryKey: ['messages'] }) });
}

export function useSendBroadcast(id: string) {
  const store = useStoreBroadcast();
  return useMutation({ mutationFn: (scheduledAt: string | null) => sendBroadcast(id, scheduledAt), onSuccess: store });
}

export function useCancelBroadcast(id: string) {
  const store = useStoreBroadcast();
  return useMutation({ mutationFn: () => cancelBroadcast(id), onSuccess: store });
}

/** The broadcast's messages a page at a time; refreshed while it is still sending. */
export function useBroadcastMessages(id: string, live: boolean) {
  return useInfiniteQuery({
    queryKey: ['messages', 'broadcast', id],
    queryFn: ({ pageParam }) => listBroadcastMessages(id, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: live ? 3000 : false,
  });
}

/** A segment's count as the segments feature caches it (same key), or nothing without a segment. */
export function useSegmentCount(id: string | null) {
  return useQuery({ queryKey: ['segments', 'count', id], queryFn: () => countSegment(id ?? ''), enabled: !!id, staleTime: 10_000 });
}

/** Contacts for a picker, searched on the server (name or a number as typed). */
export function useContactSearch(q: string) {
  return useQuery({ queryKey: ['contacts', 'pick', q], queryFn: () => searchContacts(q), placeholderData: keepPreviousData });
}

/** The saved template rendered by the server with sample data (what a recipient would read). */
export function useTemplateSample(templateId: string | null) {
  return useQuery({ queryKey: ['template-preview', templateId], queryFn: () => previewTemplate({ templateId: templateId ?? '' }), enabled: !!templateId });
}
