import { Anchor, Center, Group, Loader, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Kpis } from '../../../../src/contracts/index.js';
import { LoadError } from '../../shared/components/data-list.js';
import { formatMoney } from '../contacts/format.js';
import { dashboardCsvUrl, defaultRange, useDashboard, type InsightRange } from './api.js';
import { useWorkspaceTimeZone } from '../../shared/hooks/use-format-time.js';
import { RangePicker } from './range-picker.js';
import './words.js';

/** Columns of both tables: conversion figures first (playbook 25–26), then how far messages got. */
const COLUMNS = ['conversions', 'revenue', 'conversionRate', 'sent', 'delivered', 'deliveryRate', 'read', 'readRate', 'clicked', 'clickRate'] as const satisfies readonly (keyof Kpis)[];

/** Dasbor: the workspace's KPIs over time and channel by channel (playbook 30), for a range of dates. */
export function DashboardPage() {
  const { t, i18n } = useTranslation();
  const timeZone = useWorkspaceTimeZone();
  const [range, setRange] = useState<InsightRange>(() => defaultRange(timeZone));
  const dashboard = useDashboard(range);
  const locale = i18n.language === 'en' ? 'en-US' : 'id-ID';
  const money = (n: number) => formatMoney(n, 'IDR', i18n.language);
  const percent = (x: number) => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(x);
  const count = (n: number) => n.toLocaleString(locale);
  const cell = (k: (typeof COLUMNS)[number], v: Kpis) => (k === 'revenue' ? money(v.revenue) : k.endsWith('Rate') ? percent(v[k]) : count(v[k]));
  const d = dashboard.data;
  return (
    <Stack>
      <Group justify="space-between" align="flex-end" gap="xs">
        <div>
          <Title order={2}>{t('dashboard.title')}</Title>
          <Text size="sm" c="dimmed">{t('dashboard.intro')}</Text>
        </div>
        <Anchor href={dashboardCsvUrl(range)} download size="sm" data-testid="dashboard-csv">{t('dashboard.download')}</Anchor>
      </Group>
      <RangePicker value={range} onChange={setRange} />
      {dashboard.error && <LoadError error={dashboard.error} onRetry={dashboard.refetch} />}
      {!d && !dashboard.error && <Center py="xl"><Loader aria-label={t('app.loading')} /></Center>}
      {d && (
        <>
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" data-testid="dashboard-kpis">
            <Figure label={t('dashboard.conversions')} value={count(d.total.conversions)} hint={t('dashboard.conversionsHint', { hours: d.attributionWindowHours })} testId="kpi-conversions" />
            <Figure label={t('dashboard.revenue')} value={money(d.total.revenue)} testId="kpi-revenue" />
            <Figure label={t('dashboard.conversionRate')} value={percent(d.total.conversionRate)} />
            <Figure label={t('dashboard.sent')} value={count(d.total.sent)} hint={`${t('dashboard.readRate')} ${percent(d.total.readRate)}`} testId="kpi-sent" />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
            <ChartCard title={t('dashboard.overTime')} testId="chart-conversions">
              <LineChart data={d.series} margin={{ top: 8, right: 8, left: 0, bottom: 0 }}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="period" fontSize={12} />
                <YAxis yAxisId="n" allowDecimals={false} fontSize={12} width={32} />
                <YAxis yAxisId="rp" orientation="right" fontSize={12} width={56} tickFormatter={(v: number) => new Intl.NumberFormat(locale, { notation: 'compact' }).format(v)} />
                <Tooltip formatter={(v, name) => (name === t('dashboard.revenue') ? money(Number(v)) : count(Number(v)))} />
                <Legend />
                <Line yAxisId="n" type="linear" dataKey="conversions" name={t('dashboard.conversions')} stroke="#2b8a3e" strokeWidth={2} dot={{ r: 2 }} isAnimationActive={false} />
                <Line yAxisId="rp" type="linear" dataKey="revenue" name={t('dashboard.revenue')} stroke="#1971c2" strokeWidth={2} dot={{ r: 2 }} isAnimationActive={false} />
              </LineChart>
            </ChartCard>
            <ChartCard title={t('dashboard.messagesOverTime')} testId="chart-messages">
              <LineChart data={d.series} margin={{ top: 8, right: 8, left: 0, bottom: 0 }}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="period" fontSize={12} />
                <YAxis allowDecimals={false} fontSize={12} width={32} />
                <Tooltip />
                <Legend />
                <Line type="linear" dataKey="sent" name={t('dashboard.sent')} stroke="#5c5f66" strokeWidth={2} dot={{ r: 2 }} isAnimationActive={false} />
                <Line type="linear" dataKey="delivered" name={t('dashboard.delivered')} stroke="#1971c2" strokeWidth={2} dot={{ r: 2 }} isAnimationActive={false} />
                <Line type="linear" dataKey="read" name={t('dashboard.read')} stroke="#2b8a3e" strokeWidth={2} dot={{ r: 2 }} isAnimationActive={false} />
                <Line type="linear" dataKey="clicked" name={t('dashboard.clicked')} stroke="#d9480f" strokeWidth={2} dot={{ r: 2 }} isAnimationActive={false} />
              </LineChart>
            </ChartCard>
          </SimpleGrid>
          <KpiTable
            title={t('dashboard.byChannel')} first={t('dashboard.channel')} testId="dashboard-channels"
            rows={d.byChannel.map((c) => ({ key: c.channel, label: t(`channelChoice.names.${c.channel}`), kpis: c }))} cell={cell}
          />
          <KpiTable
            title={t('dashboard.byPeriod')} first={t('dashboard.period')} testId="dashboard-periods"
            rows={d.series.map((s) => ({ key: s.period, label: s.period, kpis: s }))} cell={cell}
          />
        </>
      )}
    </Stack>
  );
}

function Figure({ label, value, hint, testId }: { label: string; value: string; hint?: string; testId?: string }) {
  return (
    <Paper withBorder p="sm" radius="md" data-testid={testId}>
      <Text size="sm" c="dimmed">{label}</Text>
      <Text size="xl" fw={700}>{value}</Text>
      {hint && <Text size="xs" c="dimmed">{hint}</Text>}
    </Paper>
  );
}

function ChartCard({ title, testId, children }: { title: string; testId: string; children: React.ReactElement }) {
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label={title}>
      <Title order={3} mb="xs">{title}</Title>
      <div style={{ width: '100%', height: 260 }} data-testid={testId}>
        <ResponsiveContainer>{children}</ResponsiveContainer>
      </div>
    </Paper>
  );
}

function KpiTable({ title, first, rows, cell, testId }: {
  title: string; first: string; testId: string;
  rows: { key: string; label: string; kpis: Kpis }[];
  cell: (k: (typeof COLUMNS)[number], v: Kpis) => string;
}) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label={title}>
      <Title order={3} mb="xs">{title}</Title>
      <Table.ScrollContainer minWidth={760} type="native" tabIndex={0} role="region" aria-label={title}>
        <Table striped withTableBorder data-testid={testId}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{first}</Table.Th>
              {COLUMNS.map((k) => <Table.Th key={k} ta="right">{t(`dashboard.${k}`)}</Table.Th>)}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.key} data-testid={`${testId}-${r.key}`}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{r.label}</Table.Td>
                {COLUMNS.map((k) => <Table.Td key={k} ta="right">{cell(k, r.kpis)}</Table.Td>)}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
