import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { SESSION_KEY } from '../../auth/hooks/use-session.js';
import { getWhatsAppAccount, saveWhatsAppAccount } from '../api.js';

const KEY = ['channels', 'whatsapp'] as const;

/** The workspace's WhatsApp number (owners/admins: agents never mount the section that asks). */
export function useWhatsAppAccount() {
  return useQuery({ queryKey: KEY, queryFn: getWhatsAppAccount });
}

/** Saves the number; the session is refetched too, since its transport (sandbox or not) may change. */
export function useSaveWhatsAppAccount() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: saveWhatsAppAccount,
    onSuccess: (saved) => {
      qc.setQueryData(KEY, saved);
      void qc.invalidateQueries({ queryKey: SESSION_KEY });
    },
  });
}
