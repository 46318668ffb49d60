import { useQuery } from '@tanstack/react-query';
import type { CampaignReport } from '../../../../src/contracts/index.js';
import { api } from '../../shared/api-client.js';

export type CampaignKind = 'broadcast' | 'automation' | 'journey';

/** The JSON report; the same as a file at `reportCsvUrl`. */
export const getCampaignReport = (kind: CampaignKind, id: string) => api.get<CampaignReport>(`/${kind}s/${id}/report`);
export const reportCsvUrl = (kind: CampaignKind, id: string) => `/api/v1/${kind}s/${encodeURIComponent(id)}/report?format=csv`;

export function useCampaignReport(kind: CampaignKind, id: string, refreshMs: number | false = false) {
  return useQuery({ queryKey: ['campaign-report', kind, id], queryFn: () => getCampaignReport(kind, id), refetchInterval: refreshMs });
}
