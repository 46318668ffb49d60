import { Alert, Badge, Button, Card, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../shared/error-text.js';
import { useFormatTime } from '../../../shared/hooks/use-format-time.js';
import { deviceName } from '../format.js';
import { useRevokeSession, useSessions } from '../hooks/use-team.js';

/** "Sesi aktif": where you are logged in; end any other one (a lost phone, a shared computer). */
export function SessionsSection() {
  const { t } = useTranslation();
  const dateTime = useFormatTime().dateTime;
  const sessions = useSessions();
  const revoke = useRevokeSession();
  return (
    <Card withBorder padding="lg" data-testid="sessions-section">
      <Stack>
        <div>
          <Title order={3}>{t('team.sessionsTitle')}</Title>
          <Text size="sm" c="dimmed">{t('team.sessionsHint')}</Text>
        </div>
        {sessions.isPending && <Skeleton h={60} />}
        {sessions.error && <Alert color="red" role="alert">{errorText(t, sessions.error)}</Alert>}
        {revoke.error && <Alert color="red" role="alert">{errorText(t, revoke.error)}</Alert>}
        {sessions.data?.items.map((s) => (
          <Paper key={s.id} withBorder p="sm" data-testid="session-row">
            <Group justify="space-between" wrap="wrap">
              <div style={{ minWidth: 0 }}>
                <Group gap="xs">
                  <Text fw={600}>{deviceName(s.userAgent)}</Text>
                  {s.current && <Badge variant="light">{t('team.thisSession')}</Badge>}
                </Group>
                <Text size="sm" c="dimmed">{t('team.sessionSince', { when: dateTime(s.createdAt), address: s.address ?? '—' })}</Text>
              </div>
              {!s.current && (
                <Button variant="default" onClick={() => revoke.mutate(s.id)} loading={revoke.isPending && revoke.variables === s.id}>
                  {t('team.endSession')}
                </Button>
              )}
            </Group>
          </Paper>
        ))}
      </Stack>
    </Card>
  );
}
