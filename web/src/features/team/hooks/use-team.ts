import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Role } from '../../../../../src/domain/vocabulary.js';
import { changePassword, inviteMember, listAudit, listMembers, listSessions, revokeInvite, revokeSession, updateMember } from '../api.js';

const MEMBERS = ['members'] as const;
const SESSIONS = ['sessions'] as const;

/** The team (owners only: others never mount the section that asks). */
export function useMembers() {
  return useQuery({ queryKey: MEMBERS, queryFn: listMembers });
}

export function useInviteMember() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: inviteMember, onSuccess: () => qc.invalidateQueries({ queryKey: MEMBERS }) });
}

export function useRevokeInvite() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: revokeInvite, onSuccess: () => qc.invalidateQueries({ queryKey: MEMBERS }) });
}

export function useUpdateMember() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...patch }: { id: string; role?: Role; password?: string; active?: boolean }) => updateMember(id, patch),
    onSuccess: () => qc.invalidateQueries({ queryKey: MEMBERS }),
  });
}

export function useChangePassword() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: changePassword, onSuccess: () => qc.invalidateQueries({ queryKey: SESSIONS }) });
}

export function useSessions() {
  return useQuery({ queryKey: SESSIONS, queryFn: listSessions });
}

export function useRevokeSession() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: revokeSession, onSuccess: () => qc.invalidateQueries({ queryKey: SESSIONS }) });
}

/** The audit log in pages of 50, optionally one action only. */
export function useAudit(action: string | undefined) {
  return useInfiniteQuery({
    queryKey: ['audit', action ?? ''],
    queryFn: ({ pageParam }) => listAudit({ cursor: pageParam, action }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
