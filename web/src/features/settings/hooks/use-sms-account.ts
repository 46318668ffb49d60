import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getSmsAccount, saveSmsAccount } from '../api.js';

const KEY = ['channels', 'sms'] as const;

/** The workspace's SMS sender (owners: agents and admins never mount the section that asks). */
export function useSmsAccount() {
  return useQuery({ queryKey: KEY, queryFn: getSmsAccount });
}

export function useSaveSmsAccount() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: saveSmsAccount, onSuccess: (saved) => qc.setQueryData(KEY, saved) });
}
