import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import {
  addNote, getConversation, listAssignees, listConversationMessages, listConversations, listNotes, markRead, STREAM_URL, updateConversation,
  type InboxFilter,
} from '../api.js';

export const conversationsKey = (f?: InboxFilter) => (f ? ['conversations', f] : ['conversations']);
export const conversationKey = (id: string) => ['conversation', id];
export const messagesKey = (id: string) => ['conversation', id, 'messages'];
export const notesKey = (id: string) => ['conversation', id, 'notes'];

/** Pages of 30, latest activity first; fetchNextPage goes further down the list. A change refetches the pages loaded. */
export const useConversations = (f: InboxFilter) => useInfiniteQuery({
  queryKey: conversationsKey(f),
  queryFn: ({ pageParam }) => listConversations(f, pageParam),
  initialPageParam: undefined as string | undefined,
  getNextPageParam: (last) => last.nextCursor ?? undefined,
});
export const useConversation = (id: string | undefined) => useQuery({ queryKey: conversationKey(id ?? ''), queryFn: () => getConversation(id!), enabled: !!id });
/** Pages of 50, newest first; fetchNextPage goes to older ones. A change refetches the pages loaded. */
export const useConversationMessages = (id: string | undefined) => useInfiniteQuery({
  queryKey: messagesKey(id ?? ''),
  queryFn: ({ pageParam }) => listConversationMessages(id!, pageParam),
  initialPageParam: undefined as string | undefined,
  getNextPageParam: (last) => last.nextCursor ?? undefined,
  enabled: !!id,
});
export const useNotes = (id: string | undefined) => useQuery({ queryKey: notesKey(id ?? ''), queryFn: () => listNotes(id!), enabled: !!id });
export const useAssignees = () => useQuery({ queryKey: ['assignees'], queryFn: listAssignees, staleTime: 60_000 });

export function useUpdateConversation(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (patch: Parameters<typeof updateConversation>[1]) => updateConversation(id, patch),
    onSuccess: (c) => {
      qc.setQueryData(conversationKey(id), c);
      void qc.invalidateQueries({ queryKey: conversationsKey() });
    },
  });
}

export function useAddNote(id: string) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (text: string) => addNote(id, text), onSuccess: () => void qc.invalidateQueries({ queryKey: notesKey(id) }) });
}

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: markRead, onSuccess: () => void qc.invalidateQueries({ queryKey: conversationsKey() }) });
}

/**
 * Keeps the inbox live without polling: the server's stream names the conversations that changed
 * (a message either way, a status tick, an assignment, a note) and the caches holding them are
 * refetched. EventSource carries the session cookie and reconnects by itself.
 */
export function useInboxStream(): void {
  const qc = useQueryClient();
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Refetching the list while it loads its next page would cancel that page (the agent's "more"
    // undone by a status tick): the refetch waits for the fetch in flight, then covers the change.
    const refreshList = () => {
      clearTimeout(timer);
      if (qc.isFetching({ queryKey: conversationsKey() }) > 0) {
        timer = setTimeout(refreshList, 250);
        return;
      }
      void qc.invalidateQueries({ queryKey: conversationsKey() });
    };
    const source = new EventSource(STREAM_URL);
    source.addEventListener('changed', (event) => {
      let ids: string[];
      try {
        ids = (JSON.parse(String((event as MessageEvent).data)) as { ids: string[] }).ids;
      } catch {
        return;
      }
      refreshList();
      for (const id of ids) void qc.invalidateQueries({ queryKey: conversationKey(id) });
    });
    return () => {
      clearTimeout(timer);
      source.close();
    };
  }, [qc]);
}
