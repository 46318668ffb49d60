import { Alert, Anchor, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LoadError } from '../../shared/components/data-list.js';
import { useFormatTime } from '../../shared/hooks/use-format-time.js';
import { formatMoney } from '../contacts/format.js';
import type { AbResults, JourneyAbResults } from '../../../../src/contracts/index.js';
import { abResultsCsvUrl, useAbResults, useJourneyAbResults } from './api.js';
import './words.js';

type StepResults = JourneyAbResults['steps'][number];
/** What the figures table needs: a broadcast's results or a journey step's. */
type Figures = Pick<AbResults, 'metric' | 'currency' | 'variants' | 'test' | 'verdict' | 'winner'>;

/**
 * A broadcast's A/B results: per version the recipients, sent, the metric's rate, revenue, and its
 * difference from A with the confidence interval; the test's p-value and the verdict in words.
 */
export function AbResultsCard({ broadcastId, live = false }: { broadcastId: string; live?: boolean }) {
  const { t } = useTranslation();
  const time = useFormatTime().dateTime;
  const results = useAbResults(broadcastId, live ? 5000 : false);
  if (results.error) return <LoadError error={results.error} onRetry={results.refetch} />;
  const r = results.data;
  if (!r) return null;
  const phase = r.phase === 'single' ? '' : t(`abTests.phases.${r.phase}`, { at: r.decideAt ? time(r.decideAt) : '', winner: r.sentToRest ?? '' });
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label={t('abTests.resultsTitle')} data-testid="ab-results">
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Title order={3}>{t('abTests.resultsTitle')}</Title>
          <Anchor href={abResultsCsvUrl(broadcastId)} download size="sm" data-testid="ab-csv">{t('abTests.download')}</Anchor>
        </Group>
        <AbFigures r={r} phase={phase} label={t('abTests.resultsTitle')} />
      </Stack>
    </Paper>
  );
}

/** A journey's A/B send steps, one results card each (nothing when no step has a test). */
export function JourneyAbResultsCards({ journeyId }: { journeyId: string }) {
  const results = useJourneyAbResults(journeyId);
  if (results.error) return <LoadError error={results.error} onRetry={results.refetch} />;
  return <>{(results.data?.steps ?? []).map((s) => <JourneyStepResults key={s.stepId} s={s} />)}</>;
}

function JourneyStepResults({ s }: { s: StepResults }) {
  const { t } = useTranslation();
  const time = useFormatTime().dateTime;
  const title = t('abTests.stepResultsTitle', { step: s.stepId });
  const phase = s.phase === 'single' ? ''
    : s.phase === 'decided' ? t('abTests.journeyPhases.decided', { winner: s.sentToRest ?? '', at: s.decidedAt ? time(s.decidedAt) : '', count: s.sentToWinner })
      : t('abTests.journeyPhases.testing', { contacts: s.testContacts ?? '–', at: s.decideBy ? time(s.decideBy) : '–' });
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label={title} data-testid={`ab-results-${s.stepId}`}>
      <Stack gap="sm">
        <Title order={3}>{title}</Title>
        <AbFigures r={{ ...s, currency: 'IDR' }} phase={phase} label={title} />
      </Stack>
    </Paper>
  );
}

/** The verdict in words, the phase, the per-version table and the test line. */
function AbFigures({ r, phase, label }: { r: Figures; phase: string; label: string }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en-US' : 'id-ID';
  const percent = (x: number) => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(x);
  const points = (x: number) => `${x >= 0 ? '+' : '−'}${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(Math.abs(x) * 100)} pp`;
  const count = (n: number) => n.toLocaleString(locale);
  const three = new Intl.NumberFormat(locale, { maximumFractionDigits: 3, minimumFractionDigits: 3 });
  const p = (x: number | null) => (x === null ? '–' : x < 0.001 ? `< ${three.format(0.001)}` : three.format(x));
  const winner = r.variants.find((v) => v.key === r.winner);
  const verdict = t(`abTests.verdicts.${r.verdict}`, {
    winner: r.winner, metric: t(`abTests.metricNames.${r.metric}`), rate: winner ? percent(winner.rate) : '', p: p(r.test.pValue), alpha: r.test.alpha.toLocaleString(locale),
  });
  return (
    <>
      <Alert color={r.verdict === 'winner' ? 'green' : 'gray'} data-testid="ab-verdict">
        <Text size="sm">{verdict}</Text>
        {r.test.smallSample && r.verdict !== 'not_enough_data' && <Text size="xs" mt={4}>{t('abTests.smallSample')}</Text>}
      </Alert>
      {phase && <Text size="sm" data-testid="ab-phase">{phase}</Text>}
      <Table.ScrollContainer minWidth={560} type="native" tabIndex={0} role="region" aria-label={label}>
        <Table striped withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('abTests.variant', { key: '' }).trim()}</Table.Th>
              <Table.Th ta="right">{t('abTests.recipients')}</Table.Th>
              <Table.Th ta="right">{t('abTests.sent')}</Table.Th>
              <Table.Th ta="right">{t(`abTests.metrics.${r.metric}`)}</Table.Th>
              <Table.Th ta="right">{t('abTests.rate')}</Table.Th>
              <Table.Th ta="right">{t('abTests.revenue')}</Table.Th>
              <Table.Th ta="right">{t('abTests.vsA')}</Table.Th>
              <Table.Th ta="right">{t('abTests.interval', { confidence: percent(r.test.confidence) })}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {r.variants.map((v) => {
              const c = r.test.versusControl.find((x) => x.key === v.key);
              return (
                <Table.Tr key={v.key} data-testid={`ab-row-${v.key}`}>
                  <Table.Td style={{ minWidth: '8.5rem' }}>
                    <Group gap={6} wrap="nowrap">
                      <Text fw={600}>{v.key}</Text>
                      <Text size="xs" c="dimmed">{v.weight}%</Text>
                      {r.winner === v.key && <Text size="xs" fw={700} tt="uppercase" style={{ whiteSpace: 'nowrap' }}>{t('abTests.winnerBadge')}</Text>}
                    </Group>
                  </Table.Td>
                  <Table.Td ta="right">{count(v.recipients)}</Table.Td>
                  <Table.Td ta="right">{count(v.sent)}</Table.Td>
                  <Table.Td ta="right">{count(v.metricCount)}</Table.Td>
                  <Table.Td ta="right">{percent(v.rate)}</Table.Td>
                  <Table.Td ta="right">{formatMoney(v.revenue, r.currency, i18n.language)}</Table.Td>
                  <Table.Td ta="right">{c ? points(c.difference) : '–'}</Table.Td>
                  <Table.Td ta="right" data-testid={`ab-interval-${v.key}`}>{c ? `${points(c.interval[0])} … ${points(c.interval[1])}` : '–'}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text size="xs" c="dimmed" data-testid="ab-test-line">
        {r.test.kind === 'z' ? t('abTests.testZ') : t('abTests.testChi')}
        {r.test.statistic !== null ? ` · ${r.test.kind === 'z' ? 'z' : 'χ²'} = ${r.test.statistic.toFixed(3)}` : ''}
        {` · ${t('abTests.pValue')} = ${p(r.test.pValue)}`}
      </Text>
    </>
  );
}
