import { Alert, Badge, Button, Card, Group, Modal, Paper, PasswordInput, Select, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES, type Role } from '../../../../../src/domain/vocabulary.js';
import { errorText, fieldErrors } from '../../../shared/error-text.js';
import type { MemberRow } from '../api.js';
import { useFormatTime } from '../../../shared/hooks/use-format-time.js';
import { useMembers, useRevokeInvite, useUpdateMember } from '../hooks/use-team.js';
import { InviteForm } from './invite-form.js';

/** "Anggota tim" (owners): members with role and status, invites, password resets, deactivation. */
export function MembersSection({ selfId }: { selfId: string }) {
  const { t } = useTranslation();
  const dateTime = useFormatTime().dateTime;
  const members = useMembers();
  const update = useUpdateMember();
  const revokeInvite = useRevokeInvite();
  const [resetFor, setResetFor] = useState<MemberRow | null>(null);

  return (
    <Card withBorder padding="lg" data-testid="members-section">
      <Stack>
        <div>
          <Title order={3}>{t('team.title')}</Title>
          <Text size="sm" c="dimmed">{t('team.hint')}</Text>
        </div>
        <InviteForm />
        {update.error && <Alert color="red" role="alert" data-testid="member-error">{errorText(t, update.error)}</Alert>}
        {members.isPending && <Skeleton h={120} />}
        {members.error && <Alert color="red" role="alert">{errorText(t, members.error)}</Alert>}
        <Stack gap="xs" role="list" aria-label={t('team.title')}>
          {members.data?.items.map((m) => (
            <Paper key={m.id} withBorder p="sm" role="listitem" data-testid="member-row">
              <Group justify="space-between" wrap="wrap" gap="sm">
                <div style={{ minWidth: 0, flex: '1 1 200px' }}>
                  <Group gap="xs">
                    <Text fw={600}>{m.name}</Text>
                    {m.id === selfId && <Badge variant="light" color="gray">{t('team.you')}</Badge>}
                    {m.status === 'deactivated' && <Badge variant="light" color="red">{t('team.deactivated')}</Badge>}
                  </Group>
                  <Text size="sm" c="dimmed" style={{ wordBreak: 'break-all' }}>{m.email}</Text>
                </div>
                <Group gap="xs" wrap="wrap">
                  <Select
                    aria-label={t('team.roleOf', { name: m.name })}
                    data={ROLES.map((r) => ({ value: r, label: t(`team.roles.${r}`) }))}
                    value={m.role}
                    onChange={(v) => v && v !== m.role && update.mutate({ id: m.id, role: v as Role })}
                    allowDeselect={false}
                    w={130}
                    disabled={m.status === 'deactivated'}
                  />
                  {m.id !== selfId && (
                    <Button variant="default" onClick={() => setResetFor(m)}>{t('team.resetPassword')}</Button>
                  )}
                  {m.id !== selfId && (m.status === 'active' ? (
                    <Button color="red" variant="light" onClick={() => update.mutate({ id: m.id, active: false })}>{t('team.deactivate')}</Button>
                  ) : (
                    <Button variant="light" onClick={() => update.mutate({ id: m.id, active: true })}>{t('team.reactivate')}</Button>
                  ))}
                </Group>
              </Group>
            </Paper>
          ))}
        </Stack>
        {members.data && members.data.invites.length > 0 && (
          <Stack gap="xs">
            <Title order={4}>{t('team.pendingInvites')}</Title>
            {members.data.invites.map((i) => (
              <Paper key={i.id} withBorder p="sm" data-testid="invite-row">
                <Group justify="space-between" wrap="wrap">
                  <div style={{ minWidth: 0 }}>
                    <Text style={{ wordBreak: 'break-all' }}>{i.email} · {t(`team.roles.${i.role}`)}</Text>
                    <Text size="sm" c="dimmed">{t('team.expires', { when: dateTime(i.expiresAt) })}</Text>
                  </div>
                  <Button variant="default" onClick={() => revokeInvite.mutate(i.id)}>{t('team.withdraw')}</Button>
                </Group>
              </Paper>
            ))}
          </Stack>
        )}
      </Stack>
      <ResetPasswordModal member={resetFor} onClose={() => setResetFor(null)} />
    </Card>
  );
}

function ResetPasswordModal({ member, onClose }: { member: MemberRow | null; onClose: () => void }) {
  const { t } = useTranslation();
  const update = useUpdateMember();
  const [password, setPassword] = useState('');
  const errors = fieldErrors(t, update.error).password;
  const close = () => {
    setPassword('');
    update.reset();
    onClose();
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (member) update.mutate({ id: member.id, password }, { onSuccess: close });
  };
  return (
    <Modal opened={member !== null} onClose={close} title={t('team.resetTitle', { name: member?.name ?? '' })}>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <Text size="sm">{t('team.resetHint')}</Text>
          <PasswordInput label={t('team.newPassword')} value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={errors?.join(' ')} autoComplete="new-password" />
          {update.error && !errors && <Alert color="red" role="alert">{errorText(t, update.error)}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>{t('common.cancel')}</Button>
            <Button type="submit" loading={update.isPending}>{t('team.setPassword')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
