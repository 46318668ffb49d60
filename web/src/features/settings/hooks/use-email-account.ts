import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getEmailAccount, saveEmailAccount, sendTestEmail } from '../api.js';

const KEY = ['channels', 'email'] as const;

/** The workspace's email account (owners: only they mount the section that asks). */
export function useEmailAccount() {
  return useQuery({ queryKey: KEY, queryFn: getEmailAccount });
}

export function useSaveEmailAccount() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: saveEmailAccount, onSuccess: (saved) => qc.setQueryData(KEY, saved) });
}

export function useSendTestEmail() {
  return useMutation({ mutationFn: sendTestEmail });
}
