import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SegmentInput } from '../../../../../src/contracts/index.js';
import { countSegment, createSegment, deleteSegment, getSegment, listSegments, previewSegment, updateSegment } from '../api.js';

export function useSegments() {
  return useQuery({ queryKey: ['segments'], queryFn: listSegments });
}

export function useSegment(id: string | undefined) {
  return useQuery({ queryKey: ['segments', 'one', id], queryFn: () => getSegment(id!), enabled: id !== undefined });
}

/** A saved segment's count; contacts change underneath, so it is refetched when the list is shown again. */
export function useSegmentCount(id: string) {
  return useQuery({ queryKey: ['segments', 'count', id], queryFn: () => countSegment(id), staleTime: 10_000 });
}

/** The live count and sample of a definition being edited (`json` is its stable text, the cache key). */
export function useSegmentPreview(json: string) {
  return useQuery({
    queryKey: ['segments', 'preview', json],
    queryFn: () => previewSegment(JSON.parse(json) as { match: string; rules: Record<string, unknown>[] }),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

/** Creates (no id) or updates a segment. */
export function useSaveSegment(id: string | undefined) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: SegmentInput) => (id ? updateSegment(id, input) : createSegment(input)),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['segments'] }),
  });
}

export function useDeleteSegment() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: deleteSegment, onSuccess: () => qc.invalidateQueries({ queryKey: ['segments'] }) });
}
