import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getMessage, listMessages, listSandboxOutbox, type MessageStatus } from '../api.js';

// Messages change as the worker sends them; a short poll keeps the log honest without websockets.
const REFRESH_MS = 3000;

export function useMessages(status: MessageStatus | null) {
  return useQuery({ queryKey: ['messages', status], queryFn: () => listMessages(status ?? undefined), refetchInterval: REFRESH_MS, placeholderData: keepPreviousData });
}

export function useMessage(id: string | null) {
  return useQuery({ queryKey: ['message', id], queryFn: () => getMessage(id ?? ''), enabled: !!id, refetchInterval: REFRESH_MS });
}

export function useSandboxOutbox(enabled: boolean) {
  return useQuery({ queryKey: ['sandbox-outbox'], queryFn: listSandboxOutbox, refetchInterval: REFRESH_MS, enabled });
}
