import { Alert, Anchor, Box, Button, Group, Paper, SegmentedControl, SimpleGrid, Stack, Table, Text, Title, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { RfmOverview } from '../../../../../src/contracts/index.js';
import { LoadError } from '../../../shared/components/data-list.js';
import { formatMoney } from '../../contacts/format.js';
import { useRecompute, useRfmContacts, useRfmOverview, useValueOverview, type RfmPick } from '../api.js';

const locale = (lang: string) => (lang === 'en' ? 'en-US' : 'id-ID');

/** The insights page: the 5 × 5 recency × frequency grid, the 11 segments, a picked cell's or segment's customers, and customer value. */
export function InsightsPage() {
  const { t, i18n } = useTranslation();
  const rfm = useRfmOverview();
  const recompute = useRecompute();
  const [params, setParams] = useSearchParams();
  const by = params.get('by') === 'revenue' ? 'revenue' : 'count';
  const pick: RfmPick | null = params.get('segment') ? { segment: params.get('segment')! }
    : params.get('r') && params.get('f') ? { r: Number(params.get('r')), f: Number(params.get('f')) } : null;
  const setPick = (p: RfmPick | null) => {
    const next = new URLSearchParams(by === 'revenue' ? { by } : {});
    if (p && 'segment' in p) next.set('segment', p.segment);
    else if (p) { next.set('r', String(p.r)); next.set('f', String(p.f)); }
    setParams(next, { replace: true });
  };
  const money = (n: number) => formatMoney(n, 'IDR', i18n.language);
  // A cell is narrow on a phone: "Rp 1,8 jt" rather than a wrapped "Rp 1.800.000".
  const compact = (n: number) => `Rp ${new Intl.NumberFormat(locale(i18n.language), { notation: 'compact', maximumFractionDigits: 1 }).format(n)}`;
  const when = (iso: string) => new Date(iso).toLocaleString(locale(i18n.language), { dateStyle: 'medium', timeStyle: 'short' });

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" gap="xs">
        <Stack gap={2} style={{ flex: 1, minWidth: 240 }}>
          <Title order={2}>{t('insights.title')}</Title>
          <Text size="sm" c="dimmed">{t('insights.intro')}</Text>
          {rfm.data && (
            <Text size="xs" c="dimmed" data-testid="rfm-computed">
              {rfm.data.computedAt ? t('insights.computedAt', { at: when(rfm.data.computedAt), count: rfm.data.customers }) : t('insights.never')}
            </Text>
          )}
        </Stack>
        <Button onClick={() => recompute.mutate()} loading={recompute.isPending} data-testid="rfm-recompute">{t('insights.recompute')}</Button>
      </Group>
      {recompute.error && <Alert color="red" title={t('insights.recompute')}>{recompute.error.message}</Alert>}
      {recompute.isSuccess && <Text size="sm" c="teal">{t('insights.recomputed')}</Text>}
      {rfm.error && <LoadError error={rfm.error} onRetry={rfm.refetch} />}
      {rfm.data && (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <RfmGrid data={rfm.data} by={by} onBy={(b) => { const next = new URLSearchParams(params); if (b === 'revenue') next.set('by', b); else next.delete('by'); setParams(next, { replace: true }); }} pick={pick} onPick={setPick} money={money} compact={compact} />
          <SegmentTable data={rfm.data} pick={pick} onPick={setPick} money={money} />
        </SimpleGrid>
      )}
      {pick && <PickedContacts pick={pick} money={money} onClose={() => setPick(null)} />}
      <ValueSection money={money} when={when} />
    </Stack>
  );
}

function RfmGrid(props: { data: RfmOverview; by: 'count' | 'revenue'; onBy: (b: 'count' | 'revenue') => void; pick: RfmPick | null; onPick: (p: RfmPick) => void; money: (n: number) => string; compact: (n: number) => string }) {
  const { t } = useTranslation();
  const value = (c: RfmOverview['grid'][number]) => (props.by === 'count' ? c.count : c.revenue);
  const max = Math.max(1, ...props.data.grid.map(value));
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label={t('insights.grid')}>
      <Stack gap="xs">
        <Group justify="space-between" gap="xs">
          <Title order={3}>{t('insights.grid')}</Title>
          <SegmentedControl size="xs" aria-label={t('insights.colourBy')} value={props.by} onChange={(v) => props.onBy(v as 'count' | 'revenue')}
            data={[{ value: 'count', label: t('insights.byCount') }, { value: 'revenue', label: t('insights.byRevenue') }]} />
        </Group>
        <Text size="xs" c="dimmed">{t('insights.gridHelp')}</Text>
        {/* A layout of toggle buttons, not an ARIA grid: each cell's name is its visible figures after R and F. */}
        <Box style={{ display: 'grid', gridTemplateColumns: 'auto repeat(5, 1fr)', gap: 4 }} role="group" aria-label={t('insights.grid')}>
          {[5, 4, 3, 2, 1].map((r) => (
            <Box key={r} style={{ display: 'contents' }}>
              <Text size="xs" c="dimmed" style={{ alignSelf: 'center' }} aria-hidden>R{r}</Text>
              {[1, 2, 3, 4, 5].map((f) => {
                const cell = props.data.grid.find((c) => c.r === r && c.f === f)!;
                const share = value(cell) / max;
                const picked = props.pick !== null && !('segment' in props.pick) && props.pick.r === r && props.pick.f === f;
                return (
                  <UnstyledButton
                    key={f} data-testid={`rfm-cell-${r}-${f}`}
                    title={t('insights.cell', { r, f, count: cell.count, revenue: props.money(cell.revenue) })}
                    aria-pressed={picked}
                    onClick={() => props.onPick({ r, f })}
                    style={{
                      minHeight: 52, borderRadius: 6, padding: 4, textAlign: 'center',
                      background: `rgba(18, 130, 96, ${0.06 + 0.84 * share})`, color: share > 0.5 ? 'white' : 'inherit',
                      outline: picked ? '3px solid var(--mantine-color-orange-6)' : undefined,
                    }}
                  >
                    <VisuallyHidden>{`R ${r} · F ${f}: `}</VisuallyHidden>
                    <Text size="sm" fw={700} lh={1.1}>{cell.count.toLocaleString()}</Text>
                    <Text size="10px" lh={1.1}>{props.compact(cell.revenue)}</Text>
                  </UnstyledButton>
                );
              })}
            </Box>
          ))}
          <span />
          {[1, 2, 3, 4, 5].map((f) => <Text key={f} size="xs" c="dimmed" ta="center" aria-hidden>F{f}</Text>)}
        </Box>
        <Group justify="space-between"><Text size="xs" c="dimmed">↑ {t('insights.recency')}</Text><Text size="xs" c="dimmed">{t('insights.frequency')} →</Text></Group>
      </Stack>
    </Paper>
  );
}

function SegmentTable(props: { data: RfmOverview; pick: RfmPick | null; onPick: (p: RfmPick) => void; money: (n: number) => string }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label={t('insights.segments')}>
      <Title order={3} mb="xs">{t('insights.segments')}</Title>
      <Table striped highlightOnHover aria-label={t('insights.segments')}>
        <Table.Thead><Table.Tr><Table.Th>{t('insights.segment')}</Table.Th><Table.Th ta="right">{t('insights.customers')}</Table.Th><Table.Th ta="right">{t('insights.revenue')}</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {props.data.segments.map((s) => (
            <Table.Tr key={s.name} data-testid={`rfm-segment-${s.name}`}>
              <Table.Td><Anchor component="button" type="button" size="sm" ta="left" onClick={() => props.onPick({ segment: s.name })}>{t(`insights.segmentNames.${s.name}`)}</Anchor></Table.Td>
              <Table.Td ta="right">{s.count.toLocaleString()}</Table.Td>
              <Table.Td ta="right">{props.money(s.revenue)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

function PickedContacts(props: { pick: RfmPick; money: (n: number) => string; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const list = useRfmContacts(props.pick);
  const what = 'segment' in props.pick ? t(`insights.segmentNames.${props.pick.segment}`, { defaultValue: props.pick.segment }) : t('insights.cellName', { r: props.pick.r, f: props.pick.f });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label={t('insights.contactsOf', { what })} data-testid="rfm-contacts">
      <Group justify="space-between" mb="xs">
        <Title order={3}>{t('insights.contactsOf', { what })}</Title>
        <Button variant="subtle" size="xs" onClick={props.onClose}>{t('common.close')}</Button>
      </Group>
      {list.error && <LoadError error={list.error} onRetry={list.refetch} />}
      {list.data && items.length === 0 && <Text size="sm" c="dimmed">{t('insights.noContacts')}</Text>}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={520} type="native">
          <Table striped>
            <Table.Thead><Table.Tr>
              <Table.Th>{t('contacts.name', { defaultValue: 'Nama' })}</Table.Th><Table.Th>{t('insights.segment')}</Table.Th>
              <Table.Th ta="right">{t('insights.orders')}</Table.Th><Table.Th ta="right">{t('insights.revenue')}</Table.Th><Table.Th>{t('insights.lastOrder')}</Table.Th>
            </Table.Tr></Table.Thead>
            <Table.Tbody>
              {items.map((c) => (
                <Table.Tr key={c.id} data-testid="rfm-contact-row">
                  <Table.Td><Anchor component={Link} to={`/contacts/${c.id}`} size="sm">{c.name || c.phone || c.email || '—'}</Anchor></Table.Td>
                  <Table.Td><Text size="sm">{t(`insights.segmentNames.${c.rfm.segment}`)}</Text><Text size="xs" c="dimmed">R{c.rfm.r} F{c.rfm.f} M{c.rfm.m}</Text></Table.Td>
                  <Table.Td ta="right">{c.value.orders}</Table.Td>
                  <Table.Td ta="right">{props.money(c.value.revenue)}</Table.Td>
                  <Table.Td>{new Date(c.value.lastOrderAt).toLocaleDateString(locale(i18n.language))}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {list.hasNextPage && <Button variant="light" size="xs" mt="xs" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>{t('insights.more')}</Button>}
    </Paper>
  );
}

function ValueSection(props: { money: (n: number) => string; when: (iso: string) => string }) {
  const { t } = useTranslation();
  const value = useValueOverview();
  if (value.error) return <LoadError error={value.error} onRetry={value.refetch} />;
  const v = value.data;
  if (!v) return null;
  const chart = v.deciles.map((d) => ({ decile: String(d.decile), [t('insights.historical')]: d.historical, [t('insights.predicted')]: Math.round(d.predicted) }));
  const m = v.model;
  const num = (n: number | null, digits = 3) => (n === null ? '—' : n.toLocaleString(undefined, { maximumFractionDigits: digits }));
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label={t('insights.value')} data-testid="value-section">
      <Stack gap="xs">
        <Title order={3}>{t('insights.value')}</Title>
        <Text size="xs" c="dimmed">{t('insights.valueHelp')}</Text>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <Box>
            <Text size="sm" fw={600} mb={4}>{v.basis === 'predicted' ? t('insights.deciles') : t('insights.decilesHistorical')}</Text>
            <Box h={240} data-testid="value-deciles">
              <ResponsiveContainer width="100%" height="100%">
                <BarChart data={chart} margin={{ top: 4, right: 4, bottom: 4, left: 4 }}>
                  <CartesianGrid strokeDasharray="3 3" vertical={false} />
                  <XAxis dataKey="decile" tick={{ fontSize: 11 }} />
                  <YAxis tick={{ fontSize: 10 }} width={56} tickFormatter={(n: number) => (n >= 1e6 ? `${Math.round(n / 1e6)} jt` : n >= 1e3 ? `${Math.round(n / 1e3)} rb` : String(n))} />
                  <Tooltip formatter={(n) => props.money(Number(n))} />
                  <Legend wrapperStyle={{ fontSize: 12 }} />
                  <Bar dataKey={t('insights.historical')} fill="#12825f" />
                  {v.basis === 'predicted' && <Bar dataKey={t('insights.predicted')} fill="#f08c00" />}
                </BarChart>
              </ResponsiveContainer>
            </Box>
          </Box>
          <Box data-testid="value-model">
            <Text size="sm" fw={600} mb={4}>{t('insights.model')}</Text>
            {!m ? <Text size="sm" c="dimmed">{t('insights.noModel')}</Text> : (
              <Stack gap={4}>
                <Text size="xs" c="dimmed">{t('insights.fittedAt', { at: props.when(m.fittedAt), count: m.diagnostics.customers, sampled: m.diagnostics.sampled ? t('insights.sampled') : '' })}</Text>
                <Table withTableBorder fz="xs">
                  <Table.Tbody>
                    <Table.Tr><Table.Td>BG/NBD r, α, a, b</Table.Td><Table.Td ta="right">{[m.bgNbd.r, m.bgNbd.alpha, m.bgNbd.a, m.bgNbd.b].map((x) => num(x)).join(' · ')}</Table.Td></Table.Tr>
                    <Table.Tr><Table.Td>{t('insights.logLikelihood')} · {t('insights.converged')}</Table.Td><Table.Td ta="right">{num(m.diagnostics.bgNbdLogLikelihood, 1)} · {m.diagnostics.bgNbdConverged ? '✓' : '✗'}</Table.Td></Table.Tr>
                    <Table.Tr><Table.Td>Gamma-Gamma p, q, γ</Table.Td><Table.Td ta="right">{m.gammaGamma ? [m.gammaGamma.p, m.gammaGamma.q, m.gammaGamma.gamma].map((x) => num(x)).join(' · ') : '—'}</Table.Td></Table.Tr>
                    <Table.Tr><Table.Td>{t('insights.logLikelihood')} · {t('insights.converged')}</Table.Td><Table.Td ta="right">{num(m.diagnostics.gammaGammaLogLikelihood, 1)} · {m.diagnostics.gammaGammaConverged === null ? '—' : m.diagnostics.gammaGammaConverged ? '✓' : '✗'}</Table.Td></Table.Tr>
                    <Table.Tr><Table.Td>{t('insights.repeatCustomers')}</Table.Td><Table.Td ta="right">{m.diagnostics.repeatCustomers.toLocaleString()}</Table.Td></Table.Tr>
                    <Table.Tr><Table.Td>{t('insights.meanRepeat')}</Table.Td><Table.Td ta="right">{num(m.diagnostics.meanRepeatOrders, 2)}</Table.Td></Table.Tr>
                    <Table.Tr><Table.Td>{t('insights.correlation')}</Table.Td><Table.Td ta="right">{num(m.diagnostics.spendFrequencyCorrelation, 3)}</Table.Td></Table.Tr>
                  </Table.Tbody>
                </Table>
              </Stack>
            )}
          </Box>
        </SimpleGrid>
      </Stack>
    </Paper>
  );
}
