import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getMessage, getTodayCounts, listMessages, listSandboxOutbox, resendMessage, searchMessages, type MessageSearch, type MessageStatus } from '../api.js';

// Messages change as the worker sends them; a short poll keeps the log honest without websockets.
const REFRESH_MS = 3000;

/** The log by status, and by search text and days when `search` is given. */
export function useMessages(status: MessageStatus | null, search?: MessageSearch) {
  return useQuery({
    queryKey: ['messages', status, search?.q ?? '', search?.from ?? '', search?.to ?? ''],
    queryFn: () => (search ? searchMessages(status ?? undefined, search) : listMessages(status ?? undefined)),
    refetchInterval: REFRESH_MS,
    placeholderData: keepPreviousData,
  });
}

export function useTodayCounts() {
  return useQuery({ queryKey: ['messages-today'], queryFn: getTodayCounts, refetchInterval: REFRESH_MS });
}

/** Resend a failed message; the log, the counts and both messages refresh after. */
export function useResendMessage() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: resendMessage,
    onSettled: async () => {
      await Promise.all([
        client.invalidateQueries({ queryKey: ['messages'] }),
        client.invalidateQueries({ queryKey: ['message'] }),
        client.invalidateQueries({ queryKey: ['messages-today'] }),
      ]);
    },
  });
}

export function useMessage(id: string | null) {
  return useQuery({ queryKey: ['message', id], queryFn: () => getMessage(id ?? ''), enabled: !!id, refetchInterval: REFRESH_MS });
}

export function useSandboxOutbox(enabled: boolean) {
  return useQuery({ queryKey: ['sandbox-outbox'], queryFn: listSandboxOutbox, refetchInterval: REFRESH_MS, enabled });
}
