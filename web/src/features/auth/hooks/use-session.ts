import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { LoginInput } from '../../../../../src/contracts/index.js';
import { fetchSession, login, logout } from '../api.js';

export const SESSION_KEY = ['session'] as const;

/** The current session (null = signed out). */
export function useSession() {
  return useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: 60_000 });
}

/** Sign-in mutation; on success the session cache is primed so the guard lets the user in. */
export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: z.input<typeof LoginInput>) => login(input),
    onSuccess: (me) => qc.setQueryData(SESSION_KEY, me),
  });
}

/** Sign-out mutation; drops every cached query so the next user starts clean. */
export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: logout,
    onSettled: () => {
      qc.clear();
      qc.setQueryData(SESSION_KEY, null);
    },
  });
}
