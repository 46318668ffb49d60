import { Alert, Anchor, Badge, Button, Center, Group, Loader, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { Broadcast } from '../../../../../src/contracts/index.js';
import { LoadError } from '../../../shared/components/data-list.js';
import { useFormatTime } from '../../../shared/hooks/use-format-time.js';
import { useCan } from '../../auth/hooks/use-can.js';
import { PreviewPanel } from '../../templates/components/preview-panel.js';
import { CampaignReportCard } from '../../reports/campaign-report-card.js';
import { AbResultsCard } from '../../ab-tests/ab-results-card.js';
import { useTemplates } from '../../templates/hooks/use-templates.js';
import { isCancellable } from '../broadcast-stats.js';
import { useBroadcastProgress } from '../hooks/use-broadcast-progress.js';
import { useBroadcast, useTemplateSample } from '../hooks/use-broadcasts.js';
import { audienceLabel } from './audience-label.js';
import { BroadcastMessages } from './broadcast-messages.js';
import { BroadcastProgress } from './broadcast-progress.js';
import { BroadcastStatusBadge } from './broadcast-status-badge.js';
import { CancelButton } from './cancel-button.js';
import { SendPanel } from './send-panel.js';
import { TestSendPanel } from './test-send-panel.js';

/** One broadcast: a draft is tried and sent from here; a sent one shows its live progress and messages. */
export function BroadcastPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const broadcast = useBroadcast(id);
  const live = useBroadcastProgress(id, broadcast.data?.status);
  if (!broadcast.data) {
    return broadcast.error ? <LoadError error={broadcast.error} onRetry={broadcast.refetch} /> : <Center py="xl"><Loader aria-label={t('app.loading')} /></Center>;
  }
  return <BroadcastView broadcast={broadcast.data} live={live} />;
}

function BroadcastView({ broadcast: b, live }: { broadcast: Broadcast; live: boolean }) {
  const { t } = useTranslation();
  const canWrite = useCan('broadcasts:write');
  const draft = b.status === 'draft';
  return (
    <Stack maw={1040}>
      <Anchor component={Link} to="/broadcasts" size="sm">
        {t('broadcasts.back')}
      </Anchor>
      <Group justify="space-between" align="flex-start" gap="sm">
        <Group gap="sm" style={{ minWidth: 0 }}>
          <Title order={2} style={{ overflowWrap: 'anywhere' }}>
            {b.name}
          </Title>
          <BroadcastStatusBadge status={b.status} />
        </Group>
        {canWrite && (
          <Group gap="xs">
            {draft && (
              <Button variant="default" component={Link} to={`/broadcasts/${b.id}/edit`}>
                {t('broadcasts.edit')}
              </Button>
            )}
            {isCancellable(b.status) && <CancelButton broadcast={b} />}
          </Group>
        )}
      </Group>
      {b.warnings.map((w) => (
        <Alert key={w.code} color="yellow" title={t('broadcasts.warningTitle')} data-testid="marketing-warning">
          {t(`broadcasts.warnings.${w.code}`, { defaultValue: w.message })}
        </Alert>
      ))}
      <Summary broadcast={b} />
      {draft && <TemplateSample templateId={b.templateId} />}
      {canWrite && (draft || b.status === 'scheduled') && (
        <SimpleGrid cols={{ base: 1, md: draft ? 2 : 1 }} spacing="md">
          <TestSendPanel broadcastId={b.id} />
          {draft && <SendPanel broadcast={b} />}
        </SimpleGrid>
      )}
      {!draft && b.status !== 'scheduled' && b.variants && <AbResultsCard broadcastId={b.id} live={b.status === 'sending'} />}
      {!draft && b.status !== 'scheduled' && <CampaignReportCard kind="broadcast" id={b.id} live={b.status === 'sending'} />}
      {!draft && <BroadcastProgress broadcast={b} live={live} />}
      {!draft && <BroadcastMessages broadcastId={b.id} live={b.status === 'sending'} />}
    </Stack>
  );
}

function Summary({ broadcast: b }: { broadcast: Broadcast }) {
  const { t } = useTranslation();
  const time = useFormatTime().dateTime;
  const rows: [string, ReactNode][] = [
    [t('broadcasts.template'), <Badge key="t" variant="outline" tt="none">{b.templateCode}</Badge>],
    [t('broadcasts.channel'), b.channels.map((c) => t(`channelChoice.names.${c}`)).join(' → ')],
    [t('broadcasts.audience'), audienceLabel(t, b)],
  ];
  if (b.variants) rows.push([t('abTests.section'), b.variants.map((v) => `${v.key} ${v.weight}%`).join(' · ')]);
  if (b.scheduledAt) rows.push([t('broadcasts.when.scheduled'), time(b.scheduledAt)]);
  if (b.startedAt) rows.push([t('broadcasts.when.started'), time(b.startedAt)]);
  if (b.finishedAt) rows.push([t('broadcasts.when.finished'), time(b.finishedAt)]);
  if (b.cancelledAt) rows.push([t('broadcasts.when.cancelled'), time(b.cancelledAt)]);
  rows.push([t('broadcasts.when.created'), time(b.createdAt)]);
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label={t('broadcasts.summary')} data-testid="broadcast-summary">
      <div style={{ display: 'grid', gridTemplateColumns: 'minmax(6rem, max-content) minmax(0, 1fr)', gap: '6px 16px', alignItems: 'baseline' }}>
        {rows.map(([label, value]) => (
          <SummaryRow key={label} label={label} value={value} />
        ))}
      </div>
    </Paper>
  );
}

function SummaryRow({ label, value }: { label: string; value: ReactNode }) {
  return (
    <>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div" style={{ overflowWrap: 'anywhere' }}>
        {value}
      </Text>
    </>
  );
}

/** The template on sample data, so the draft's content is in view while trying and sending it. */
function TemplateSample({ templateId }: { templateId: string }) {
  const templates = useTemplates();
  const sample = useTemplateSample(templateId);
  const template = templates.data?.find((x) => x.id === templateId);
  if (!template) return null;
  return <PreviewPanel message={template.message} trigger={null} result={sample.data} />;
}
