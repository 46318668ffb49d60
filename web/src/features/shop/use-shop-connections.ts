import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { changeShopSecret, createShopConnection, deleteShopConnection, getShopMapping, listShopConnections, previewShopPayload } from './api.js';

const KEY = ['shop-connections'] as const;

export function useShopConnections() {
  return useQuery({ queryKey: KEY, queryFn: listShopConnections });
}

export function useShopMapping() {
  return useQuery({ queryKey: [...KEY, 'mapping'], queryFn: getShopMapping, staleTime: Infinity });
}

export function useCreateShopConnection() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: createShopConnection, onSuccess: () => qc.invalidateQueries({ queryKey: KEY }) });
}

export function useChangeShopSecret() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (v: { id: string; secret: string }) => changeShopSecret(v.id, v.secret), onSuccess: () => qc.invalidateQueries({ queryKey: KEY }) });
}

export function useDeleteShopConnection() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: deleteShopConnection, onSuccess: () => qc.invalidateQueries({ queryKey: KEY }) });
}

export function usePreviewShopPayload() {
  return useMutation({ mutationFn: previewShopPayload });
}
