import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createApiKey, listApiKeys, revokeApiKey } from '../api.js';

const KEY = ['api-keys'] as const;

/** The API key list (owners/admins only: agents never mount the section that asks). */
export function useApiKeys() {
  return useQuery({ queryKey: KEY, queryFn: listApiKeys });
}

/** Creates a key; the caller keeps the returned secret in state to show it once. */
export function useCreateApiKey() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: createApiKey, onSuccess: () => qc.invalidateQueries({ queryKey: KEY }) });
}

/** Revokes a key by id. */
export function useRevokeApiKey() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: revokeApiKey, onSuccess: () => qc.invalidateQueries({ queryKey: KEY }) });
}
