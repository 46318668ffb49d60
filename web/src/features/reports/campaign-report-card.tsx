import { Anchor, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Funnel } from '../../../../src/contracts/index.js';
import { LoadError } from '../../shared/components/data-list.js';
import { formatMoney } from '../contacts/format.js';
import { reportCsvUrl, useCampaignReport, type CampaignKind } from './api.js';
import './words.js';

/**
 * A campaign's results, judged by purchases (playbook 25–26): conversions, revenue and revenue per
 * message first, then how far the messages got, per channel, with the report as a CSV file.
 */
export function CampaignReportCard({ kind, id, live = false }: { kind: CampaignKind; id: string; live?: boolean }) {
  const { t, i18n } = useTranslation();
  const report = useCampaignReport(kind, id, live ? 5000 : false);
  if (report.error) return <LoadError error={report.error} onRetry={report.refetch} />;
  const r = report.data;
  if (!r) return null;
  const money = (n: number) => formatMoney(n, r.currency, i18n.language);
  const percent = (x: number) => new Intl.NumberFormat(i18n.language === 'en' ? 'en-US' : 'id-ID', { style: 'percent', maximumFractionDigits: 1 }).format(x);
  const count = (n: number) => n.toLocaleString(i18n.language === 'en' ? 'en-US' : 'id-ID');
  const hours = r.attributionWindowHours;
  const steps: [keyof Funnel, string][] = [['sent', t('reports.sent')], ['delivered', t('reports.delivered')], ['read', t('reports.read')], ['clicked', t('reports.clicked')], ['optOuts', t('reports.optOuts')]];
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label={t('reports.title')} data-testid="campaign-report">
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Title order={3}>{t('reports.title')}</Title>
          <Anchor href={reportCsvUrl(kind, id)} download size="sm" data-testid="report-csv">
            {t('reports.download')}
          </Anchor>
        </Group>
        {r.total.sent === 0 ? (
          <Text size="sm" c="dimmed">{t('reports.empty')}</Text>
        ) : (
          <>
            <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
              <Figure label={t('reports.converted')} value={count(r.total.converted)} hint={t('reports.orders', { count: r.total.orders })} testId="report-converted" />
              <Figure label={t('reports.revenue')} value={money(r.total.revenue)} testId="report-revenue" />
              <Figure label={t('reports.revenuePerMessage')} value={money(r.total.revenuePerMessage)} />
              <Figure label={t('reports.conversionRate')} value={percent(r.total.conversionRate)} />
            </SimpleGrid>
            <Table.ScrollContainer minWidth={480} type="native" tabIndex={0} role="region" aria-label={t('reports.funnel')}>
              <Table striped withTableBorder aria-label={t('reports.funnel')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('reports.channel')}</Table.Th>
                    <Table.Th ta="right">{t('reports.converted')}</Table.Th>
                    <Table.Th ta="right">{t('reports.revenue')}</Table.Th>
                    {steps.map(([k, label]) => <Table.Th key={k} ta="right">{label}</Table.Th>)}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {r.byChannel.map((c) => (
                    <Table.Tr key={c.channel} data-testid={`report-row-${c.channel}`}>
                      <Table.Td>{t(`channelChoice.names.${c.channel}`)}</Table.Td>
                      <Table.Td ta="right">{count(c.converted)}</Table.Td>
                      <Table.Td ta="right">{money(c.revenue)}</Table.Td>
                      {steps.map(([k]) => <Table.Td key={k} ta="right">{count(c[k])}</Table.Td>)}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </>
        )}
        <Text size="xs" c="dimmed">{t('reports.window', { hours })}</Text>
      </Stack>
    </Paper>
  );
}

function Figure({ label, value, hint, testId }: { label: string; value: string; hint?: string; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600}>{label}</Text>
      <Text size="xl" fw={700} data-testid={testId}>{value}</Text>
      {hint && <Text size="xs" c="dimmed">{hint}</Text>}
    </div>
  );
}
