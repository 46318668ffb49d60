import { Badge, Group, Paper, Progress, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Broadcast, BroadcastStats } from '../../../../../src/contracts/index.js';
import { byReason, funnel, progressPercent, settledCount, skippedTotal } from '../broadcast-stats.js';
import { reasonWords } from './reason-words.js';

const STATUS_KEYS = ['queued', 'sending', 'sent', 'delivered', 'read', 'failed'] as const;

/** The live part of a broadcast's page: the bar, counts by status, skip and failure reasons, the funnel. */
export function BroadcastProgress({ broadcast: b, live }: { broadcast: Broadcast; live: boolean }) {
  const { t } = useTranslation();
  const lang = t('app.lang');
  const n = (x: number) => x.toLocaleString(lang === 'en' ? 'en-GB' : 'id-ID');
  const s = b.stats;
  const percent = progressPercent(s);
  const settled = Math.min(settledCount(s), s.total);
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="progress-title" data-testid="broadcast-progress">
      <Stack gap="md">
        <Group justify="space-between" gap="xs">
          <Title order={3} size="h4" id="progress-title">
            {t('broadcasts.progress')}
          </Title>
          {live && (
            <Badge color="red" variant="dot" data-testid="live-badge">
              {t('broadcasts.live')}
            </Badge>
          )}
        </Group>
        {b.status === 'scheduled' && <Text size="sm" c="dimmed">{t('broadcasts.waiting')}</Text>}
        {b.status === 'sending' && s.total === 0 && <Text size="sm" c="dimmed">{t('broadcasts.preparing')}</Text>}
        <div>
          <Group justify="space-between" mb={4}>
            <Text size="sm" data-testid="progress-count">
              {t('broadcasts.progressOf', { done: n(settled), total: n(s.total) })}
            </Text>
            <Text size="sm" fw={700} data-testid="progress-percent">
              {percent}%
            </Text>
          </Group>
          <Progress
            value={percent}
            size="lg"
            radius="sm"
            color={b.status === 'cancelled' ? 'gray.5' : 'teal'}
            animated={b.status === 'sending'}
            aria-label={t('broadcasts.progress')}
            data-testid="progress-bar"
          />
        </div>
        {/* Before the recipients are written there is nothing to count. */}
        {s.total > 0 && <StatusCounts stats={s} format={n} />}
        {s.total > 0 && <Funnel stats={s} format={n} />}
        <ReasonTable title={t('broadcasts.skippedBy')} counts={s.skipped} format={n} testId="skipped-by" />
        <ReasonTable title={t('broadcasts.failedBy')} counts={s.failedBy} format={n} testId="failed-by" />
      </Stack>
    </Paper>
  );
}

function StatusCounts({ stats: s, format }: { stats: BroadcastStats; format: (n: number) => string }) {
  const { t } = useTranslation();
  const cells = [...STATUS_KEYS.map((k) => ({ key: k, count: s[k] })), { key: 'skipped' as const, count: skippedTotal(s) }];
  return (
    <section aria-label={t('broadcasts.counts')}>
      <SimpleGrid cols={{ base: 3, xs: 4, md: 7 }} spacing="xs">
        {cells.map((c) => (
          <Paper key={c.key} withBorder p="xs" data-testid={`count-${c.key}`}>
            <Text size="xs" c="dimmed">
              {t(`broadcasts.countKeys.${c.key}`)}
            </Text>
            <Text fw={700} size="lg" c={c.key === 'failed' && c.count > 0 ? 'red.9' : undefined}>
              {format(c.count)}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
    </section>
  );
}

/** Total → sent → delivered → read as bars relative to the total. */
function Funnel({ stats, format }: { stats: BroadcastStats; format: (n: number) => string }) {
  const { t } = useTranslation();
  const steps = funnel(stats);
  return (
    <section aria-labelledby="funnel-title" data-testid="funnel">
      <Text fw={600} size="sm" mb={6} id="funnel-title">
        {t('broadcasts.funnel')}
      </Text>
      <Stack gap={6}>
        {steps.map((step) => {
          const share = stats.total > 0 ? Math.round((step.count / stats.total) * 100) : 0;
          return (
            <div key={step.key} data-testid={`funnel-${step.key}`}>
              <Group justify="space-between" gap="xs">
                <Text size="sm">{t(`broadcasts.funnelKeys.${step.key}`)}</Text>
                <Text size="sm" fw={600}>
                  {format(step.count)}
                  {step.key !== 'total' && stats.total > 0 && (
                    <Text span size="xs" c="dimmed" fw={400}>
                      {' '}
                      ({share}%)
                    </Text>
                  )}
                </Text>
              </Group>
              <Progress value={step.key === 'total' ? (stats.total > 0 ? 100 : 0) : share} size="sm" color="indigo" aria-hidden />
            </div>
          );
        })}
      </Stack>
    </section>
  );
}

function ReasonTable({ title, counts, format, testId }: { title: string; counts: Record<string, number>; format: (n: number) => string; testId: string }) {
  const { t } = useTranslation();
  const rows = byReason(counts);
  if (rows.length === 0) return null;
  return (
    <section aria-label={title} data-testid={testId}>
      <Text fw={600} size="sm" mb={4}>
        {title}
      </Text>
      <Table withRowBorders={false} verticalSpacing={2}>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.reason} data-reason={r.reason}>
              <Table.Td>
                <Text size="sm">{reasonWords(t, r.reason)}</Text>
              </Table.Td>
              <Table.Td ta="right" w={90}>
                <Text size="sm" fw={600}>
                  {format(r.count)}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </section>
  );
}
