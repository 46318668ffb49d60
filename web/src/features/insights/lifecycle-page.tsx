import { Anchor, Badge, Button, Center, Group, Loader, Paper, SimpleGrid, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SegmentPreview } from '../../../../src/contracts/index.js';
import { LIFECYCLE_STAGES, type LifecycleStage } from '../../../../src/domain/insights/lifecycle.js';
import { api } from '../../shared/api-client.js';
import { LoadError } from '../../shared/components/data-list.js';
import { defaultRange, flowsCsvUrl, useLifecycleCounts, useLifecycleFlows, useLifecycleSettings, type InsightRange } from './api.js';
import { useWorkspaceTimeZone } from '../../shared/hooks/use-format-time.js';
import { RangePicker } from './range-picker.js';
import './words.js';

/** One colour per stage, the same in the cards and the chart. */
export const STAGE_COLORS: Record<LifecycleStage, string> = {
  new: '#1971c2', active: '#2b8a3e', dormant: '#5c5f66', at_risk: '#d9480f', lost: '#c92a2a', won_back: '#0b7285',
};

/** Wawasan → Siklus pelanggan: contacts per stage (each opens its contacts), and stage changes over time. */
export function LifecyclePage() {
  const { t } = useTranslation();
  const counts = useLifecycleCounts();
  const settings = useLifecycleSettings();
  const timeZone = useWorkspaceTimeZone();
  const [range, setRange] = useState<InsightRange>(() => defaultRange(timeZone));
  const [selected, setSelected] = useState<LifecycleStage | null>(null);
  const days: Partial<Record<LifecycleStage, number>> = settings.data
    ? { dormant: settings.data.dormantAfterDays, at_risk: settings.data.atRiskAfterDays, lost: settings.data.lostAfterDays }
    : {};
  return (
    <Stack>
      <div>
        <Title order={2}>{t('lifecycle.title')}</Title>
        <Text size="sm" c="dimmed">{t('lifecycle.intro')}</Text>
      </div>
      {counts.error && <LoadError error={counts.error} onRetry={counts.refetch} />}
      {!counts.data && !counts.error && <Center py="md"><Loader aria-label={t('app.loading')} /></Center>}
      {counts.data && (
        <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="sm" data-testid="lifecycle-stages">
          {counts.data.stages.map((s) => (
            <UnstyledButton
              key={s.stage}
              onClick={() => setSelected(s.stage)}
              aria-pressed={selected === s.stage}
              data-testid={`stage-${s.stage}`}
            >
              <Paper withBorder p="sm" radius="md" h="100%" style={{ borderLeft: `6px solid ${STAGE_COLORS[s.stage]}`, outline: selected === s.stage ? `2px solid ${STAGE_COLORS[s.stage]}` : undefined }}>
                <Text size="sm" fw={600}>{t(`lifecycle.stages.${s.stage}`)}</Text>
                <Text size="xl" fw={700} data-testid={`stage-count-${s.stage}`}>{s.count.toLocaleString('id-ID')}</Text>
                <Text size="xs" c="dimmed">{t(`lifecycle.stageHelp.${s.stage}`, { days: days[s.stage] ?? '' })}</Text>
              </Paper>
            </UnstyledButton>
          ))}
        </SimpleGrid>
      )}
      {selected && <StageContacts stage={selected} />}
      <Paper withBorder p="md" radius="md" component="section" aria-label={t('lifecycle.flows')}>
        <Stack gap="sm">
          <Group justify="space-between" gap="xs">
            <div>
              <Title order={3}>{t('lifecycle.flows')}</Title>
              <Text size="sm" c="dimmed">{t('lifecycle.flowsHelp')}</Text>
            </div>
            <Anchor href={flowsCsvUrl(range)} download size="sm" data-testid="flows-csv">{t('lifecycle.download')}</Anchor>
          </Group>
          <RangePicker value={range} onChange={setRange} />
          <FlowsChart range={range} />
        </Stack>
      </Paper>
    </Stack>
  );
}

function FlowsChart({ range }: { range: InsightRange }) {
  const { t } = useTranslation();
  const flows = useLifecycleFlows(range);
  // Entries into each stage per period (a contact's first stage included).
  const data = useMemo(() => {
    const byPeriod = new Map<string, Record<string, number | string>>();
    for (const f of flows.data?.flows ?? []) {
      const row = byPeriod.get(f.period) ?? { period: f.period };
      row[f.to] = Number(row[f.to] ?? 0) + f.count;
      byPeriod.set(f.period, row);
    }
    return [...byPeriod.values()];
  }, [flows.data]);
  if (flows.error) return <LoadError error={flows.error} onRetry={flows.refetch} />;
  if (!flows.data) return <Center py="md"><Loader size="sm" aria-label={t('app.loading')} /></Center>;
  return (
    <div style={{ width: '100%', height: 280 }} data-testid="flows-chart">
      <ResponsiveContainer>
        <BarChart data={data} margin={{ top: 8, right: 8, left: 0, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="period" fontSize={12} />
          <YAxis allowDecimals={false} fontSize={12} width={36} />
          <Tooltip />
          <Legend />
          {LIFECYCLE_STAGES.map((s) => <Bar key={s} dataKey={s} name={t(`lifecycle.stages.${s}`)} stackId="stages" fill={STAGE_COLORS[s]} maxBarSize={48} isAnimationActive={false} />)}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** The stage's contacts, as a segment preview of `lifecycle.stage = stage`, with a way to save it as a segment. */
function StageContacts({ stage }: { stage: LifecycleStage }) {
  const { t } = useTranslation();
  const preview = useQuery({
    queryKey: ['insights', 'stage-contacts', stage],
    queryFn: () => api.post<SegmentPreview>('/segments/preview', { match: 'all', rules: [{ field: 'lifecycle.stage', op: 'eq', value: stage }] }),
  });
  const label = t(`lifecycle.stages.${stage}`);
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label={t('lifecycle.contactsIn', { stage: label })} data-testid="stage-contacts">
      <Stack gap="xs">
        <Group justify="space-between" gap="xs">
          <Title order={3}>{t('lifecycle.contactsIn', { stage: label })}</Title>
          <Button component={Link} to={`/segments/new?stage=${stage}`} variant="light" size="xs">{t('lifecycle.makeSegment')}</Button>
        </Group>
        {preview.error && <LoadError error={preview.error} onRetry={preview.refetch} />}
        {preview.data && (
          <>
            <Badge variant="light" color="gray">{t('lifecycle.contactsCount', { count: preview.data.count })}</Badge>
            {preview.data.sample.length === 0 ? <Text size="sm" c="dimmed">{t('lifecycle.noContacts')}</Text> : (
              <Table.ScrollContainer minWidth={320} type="native">
                <Table striped>
                  <Table.Tbody>
                    {preview.data.sample.map((c) => (
                      <Table.Tr key={c.id}>
                        <Table.Td><Anchor component={Link} to={`/contacts/${c.id}`} size="sm">{c.name || c.phone || c.email || '—'}</Anchor></Table.Td>
                        <Table.Td><Text size="sm" c="dimmed">{c.phone ?? c.email ?? ''}</Text></Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </>
        )}
      </Stack>
    </Paper>
  );
}
