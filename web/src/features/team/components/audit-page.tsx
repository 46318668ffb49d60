import { Alert, Badge, Button, Group, Paper, Select, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router-dom';
import { useSession } from '../../auth/hooks/use-session.js';
import { errorText } from '../../../shared/error-text.js';
import type { AuditRow } from '../api.js';
import { useFormatTime } from '../../../shared/hooks/use-format-time.js';
import { useAudit } from '../hooks/use-team.js';

/** Actions offered in the filter, in the order a shop owner thinks of them. */
const ACTIONS = [
  'auth.login', 'auth.logout', 'auth.login_failed', 'auth.login_locked', 'auth.password_changed', 'auth.session_revoked',
  'member.invited', 'member.joined', 'member.created', 'member.role_changed', 'member.password_reset', 'member.deactivated', 'member.reactivated', 'member.invite_revoked',
  'api_key.created', 'api_key.revoked',
  'template.created', 'template.updated', 'template.deleted',
  'automation.created', 'automation.updated', 'automation.deleted',
  'channel_account.saved',
  'shop_connection.created', 'shop_connection.updated', 'shop_connection.deleted',
] as const;

/** Detail worth a glance (an email, a role change, a template code); the rest stays in the API. */
function summary(e: AuditRow): string {
  const d = e.detail;
  const parts = [d.email, d.code, d.name, d.from && d.to ? `${String(d.from)} → ${String(d.to)}` : undefined, d.phoneNumberId, d.platform, Array.isArray(d.scopes) ? d.scopes.join(', ') : undefined];
  return parts.filter((p) => typeof p === 'string' && p !== '').join(' · ');
}

/** "Log audit" (owners): who did what, when and from where, newest first. */
export function AuditPage() {
  const { t } = useTranslation();
  const dateTime = useFormatTime().dateTime;
  const me = useSession().data;
  const [action, setAction] = useState<string | null>(null);
  const audit = useAudit(action ?? undefined);
  if (me && me.user.role !== 'owner') return <Navigate to="/settings" replace />;
  const rows = audit.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack maw={960}>
      <Group justify="space-between" wrap="wrap">
        <div>
          <Title order={2}>{t('audit.title')}</Title>
          <Text size="sm" c="dimmed">{t('audit.hint')}</Text>
        </div>
        <Select
          label={t('audit.filter')}
          placeholder={t('common.all')}
          data={ACTIONS.map((a) => ({ value: a, label: t(`audit.actions.${a}`) }))}
          value={action}
          onChange={setAction}
          clearable
          w={260}
        />
      </Group>
      {audit.isPending && <Skeleton h={200} />}
      {audit.error && (
        <Alert color="red" role="alert">
          <Group justify="space-between">
            {errorText(t, audit.error)}
            <Button variant="default" onClick={() => void audit.refetch()}>{t('audit.retry')}</Button>
          </Group>
        </Alert>
      )}
      {audit.isSuccess && rows.length === 0 && <Text c="dimmed">{action ? t('audit.noResults') : t('common.empty')}</Text>}
      <Stack gap="xs" role="list" aria-label={t('audit.title')}>
        {rows.map((e) => (
          <Paper key={e.id} withBorder p="sm" role="listitem" data-testid="audit-row">
            <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
              <div style={{ minWidth: 0, flex: '1 1 240px' }}>
                <Group gap="xs" wrap="wrap">
                  <Badge variant="light" color={e.action.endsWith('failed') || e.action.endsWith('locked') ? 'red' : 'teal'}>{t(`audit.actions.${e.action}`, { defaultValue: e.action })}</Badge>
                  <Text size="sm" style={{ wordBreak: 'break-all' }}>{summary(e)}</Text>
                </Group>
                <Text size="sm" mt={4} style={{ wordBreak: 'break-all' }}>
                  {t('audit.by', { actor: e.actor })}{e.address ? ` · ${e.address}` : ''}{e.via === 'api_key' ? ` · ${t('audit.viaKey')}` : e.via === 'cli' ? ` · ${t('audit.viaCli')}` : ''}
                </Text>
              </div>
              <Text size="sm" c="dimmed">{dateTime(e.at)}</Text>
            </Group>
          </Paper>
        ))}
      </Stack>
      {audit.hasNextPage && (
        <Group>
          <Button variant="default" onClick={() => void audit.fetchNextPage()} loading={audit.isFetchingNextPage}>{t('audit.more')}</Button>
        </Group>
      )}
    </Stack>
  );
}
