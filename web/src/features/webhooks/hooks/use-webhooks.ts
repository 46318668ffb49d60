import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createWebhook, deleteWebhook, listDeliveries, listWebhooks, redeliver, setWebhookStatus } from '../api.js';

const KEY = ['webhooks'] as const;

/** The subscriptions; refreshed now and then so a pause by the worker shows without a reload. */
export function useWebhooks() {
  return useQuery({ queryKey: KEY, queryFn: listWebhooks, refetchInterval: 15_000 });
}

export function useCreateWebhook() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: createWebhook, onSuccess: () => qc.invalidateQueries({ queryKey: KEY }) });
}

export function useDeleteWebhook() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: deleteWebhook, onSuccess: () => qc.invalidateQueries({ queryKey: KEY }) });
}

export function useSetWebhookStatus() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: setWebhookStatus, onSuccess: () => qc.invalidateQueries({ queryKey: KEY }) });
}

/** A subscription's delivery log, polled while open: deliveries arrive and settle on their own. */
export function useDeliveries(id: string) {
  return useQuery({ queryKey: [...KEY, id, 'deliveries'], queryFn: () => listDeliveries(id), refetchInterval: 2000 });
}

export function useRedeliver() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: redeliver, onSuccess: (_d, v) => qc.invalidateQueries({ queryKey: [...KEY, v.id, 'deliveries'] }) });
}
