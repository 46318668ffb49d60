import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { SESSION_KEY } from '../../auth/hooks/use-session.js';
import { getMessagingSettings, saveMessagingSettings } from '../api.js';

const KEY = ['settings', 'messaging'] as const;

export function useMessagingSettings() {
  return useQuery({ queryKey: KEY, queryFn: getMessagingSettings });
}

/** Saves the settings; the session is refetched too, since it carries the time zone every page shows times in. */
export function useSaveMessagingSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: saveMessagingSettings,
    onSuccess: (saved) => {
      qc.setQueryData(KEY, saved);
      void qc.invalidateQueries({ queryKey: SESSION_KEY });
    },
  });
}
