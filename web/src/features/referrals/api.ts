import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ContactReferral, ReferralProgram, ReferralProgramInput, ReferrerList } from '../../../../src/contracts/index.js';
import { api, apiRequest } from '../../shared/api-client.js';

export const useReferralProgram = () => useQuery({ queryKey: ['referrals', 'program'], queryFn: () => api.get<ReferralProgram>('/referrals/program') });
export const useReferrers = () => useQuery({ queryKey: ['referrals', 'ranking'], queryFn: () => api.get<ReferrerList>('/referrals', { limit: 100 }) });
export const useContactReferral = (contactId: string) =>
  useQuery({ queryKey: ['referrals', 'contact', contactId], queryFn: () => api.get<ContactReferral>(`/contacts/${contactId}/referral`) });

export function useSaveReferralProgram() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ReferralProgramInput) => apiRequest<ReferralProgram>('/referrals/program', { method: 'PUT', body }),
    onSuccess: (saved) => {
      qc.setQueryData(['referrals', 'program'], saved);
      void qc.invalidateQueries({ queryKey: ['referrals', 'ranking'] });
    },
  });
}
