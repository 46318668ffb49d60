import { Alert, Button, Center, Code, Group, Loader, NumberInput, Paper, SegmentedControl, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { ReferralProgram } from '../../../../src/contracts/index.js';
import { LoadError } from '../../shared/components/data-list.js';
import { errorText, fieldErrors } from '../../shared/error-text.js';
import { toastDone } from '../../shared/toast.js';
import { formatMoney } from '../contacts/format.js';
import { useReferralProgram, useReferrers, useSaveReferralProgram } from './api.js';
import './words.js';

/** Referral: the programme's settings, and referrers ranked by the revenue of the friends they brought. */
export function ReferralsPage() {
  const { t } = useTranslation();
  const program = useReferralProgram();
  return (
    <Stack>
      <div>
        <Title order={2}>{t('referrals.title')}</Title>
        <Text size="sm" c="dimmed">{t('referrals.intro')}</Text>
      </div>
      {program.error && <LoadError error={program.error} onRetry={program.refetch} />}
      {!program.data && !program.error && <Center py="md"><Loader aria-label={t('app.loading')} /></Center>}
      {/* Keyed by the saved time: a save (here or elsewhere) starts the form from what was stored. */}
      {program.data && <ProgramForm key={program.data.updatedAt ?? 'new'} program={program.data} />}
      <Ranking />
    </Stack>
  );
}

function ProgramForm({ program }: { program: ReferralProgram }) {
  const { t } = useTranslation();
  const save = useSaveReferralProgram();
  const [form, setForm] = useState(program);
  const errors = save.error ? fieldErrors(t, save.error) : {};
  const err = (field: string) => errors[field]?.join(' ');
  const set = <K extends keyof ReferralProgram>(key: K, value: ReferralProgram[K]) => setForm((f) => ({ ...f, [key]: value }));
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    save.mutate({
      enabled: form.enabled, rewardKind: form.rewardKind, rewardVoucher: form.rewardVoucher, rewardAmount: form.rewardAmount,
      minOrderTotal: form.minOrderTotal, welcomeReward: form.welcomeReward, landingUrl: form.landingUrl,
    }, { onSuccess: () => toastDone(t('referrals.saved')) });
  };
  return (
    <Paper withBorder p="md" radius="md" component="form" onSubmit={submit} aria-label={t('referrals.program')}>
      <Stack gap="sm">
        <Title order={3}>{t('referrals.program')}</Title>
        <Switch label={t('referrals.enabled')} checked={form.enabled} onChange={(e) => set('enabled', e.currentTarget.checked)} data-testid="referral-enabled" />
        <div>
          <Text size="sm" fw={500} id="reward-kind-label">{t('referrals.rewardKind')}</Text>
          <SegmentedControl
            aria-labelledby="reward-kind-label"
            value={form.rewardKind}
            onChange={(v) => set('rewardKind', v as ReferralProgram['rewardKind'])}
            data={[{ value: 'voucher', label: t('referrals.kinds.voucher') }, { value: 'amount', label: t('referrals.kinds.amount') }]}
          />
        </div>
        {form.rewardKind === 'voucher' ? (
          <TextInput label={t('referrals.rewardVoucher')} value={form.rewardVoucher ?? ''} onChange={(e) => set('rewardVoucher', e.currentTarget.value)} error={err('rewardVoucher')} data-testid="referral-voucher" />
        ) : (
          <NumberInput label={t('referrals.rewardAmount')} value={form.rewardAmount ?? ''} min={0} thousandSeparator="." decimalSeparator="," onChange={(v) => set('rewardAmount', typeof v === 'number' ? v : null)} error={err('rewardAmount')} data-testid="referral-amount" />
        )}
        <NumberInput label={t('referrals.minOrderTotal')} value={form.minOrderTotal} min={0} thousandSeparator="." decimalSeparator="," onChange={(v) => set('minOrderTotal', typeof v === 'number' ? v : 0)} error={err('minOrderTotal')} data-testid="referral-minimum" />
        <TextInput label={t('referrals.welcomeReward')} value={form.welcomeReward ?? ''} onChange={(e) => set('welcomeReward', e.currentTarget.value)} error={err('welcomeReward')} />
        <TextInput
          label={t('referrals.landingUrl')}
          placeholder="https://toko.example/promo"
          value={form.landingUrl ?? ''}
          onChange={(e) => set('landingUrl', e.currentTarget.value)}
          error={err('landingUrl')}
          description={program.linkBase ? t('referrals.landingHelp', { base: program.linkBase }) : undefined}
          data-testid="referral-landing"
        />
        {!program.linkBase && <Alert color="yellow">{t('referrals.noPublicUrl')}</Alert>}
        <Text size="xs" c="dimmed">{t('referrals.variables')}</Text>
        {save.error && !Object.keys(errors).length && <Alert color="red">{errorText(t, save.error)}</Alert>}
        <Group><Button type="submit" loading={save.isPending} data-testid="referral-save">{t('referrals.save')}</Button></Group>
      </Stack>
    </Paper>
  );
}

function Ranking() {
  const { t, i18n } = useTranslation();
  const ranking = useReferrers();
  const count = (n: number) => n.toLocaleString(i18n.language === 'en' ? 'en-US' : 'id-ID');
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label={t('referrals.ranking')}>
      <Stack gap="sm">
        <div>
          <Title order={3}>{t('referrals.ranking')}</Title>
          <Text size="sm" c="dimmed">{t('referrals.rankingHelp')}</Text>
        </div>
        {ranking.error && <LoadError error={ranking.error} onRetry={ranking.refetch} />}
        {ranking.data && ranking.data.items.length === 0 && <Text size="sm" c="dimmed">{t('referrals.empty')}</Text>}
        {ranking.data && ranking.data.items.length > 0 && (
          <Table.ScrollContainer minWidth={560}>
            <Table striped data-testid="referral-ranking">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('referrals.cols.name')}</Table.Th>
                  <Table.Th>{t('referrals.cols.code')}</Table.Th>
                  <Table.Th ta="right">{t('referrals.cols.referred')}</Table.Th>
                  <Table.Th ta="right">{t('referrals.cols.paid')}</Table.Th>
                  <Table.Th ta="right">{t('referrals.cols.revenue')}</Table.Th>
                  <Table.Th ta="right">{t('referrals.cols.rewards')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {ranking.data.items.map((r) => (
                  <Table.Tr key={r.contactId}>
                    <Table.Td><Link to={`/contacts/${r.contactId}`}>{r.name || '—'}</Link></Table.Td>
                    <Table.Td>{r.code ? <Code>{r.code}</Code> : '—'}</Table.Td>
                    <Table.Td ta="right">{count(r.referred)}</Table.Td>
                    <Table.Td ta="right">{count(r.paid)}</Table.Td>
                    <Table.Td ta="right">{formatMoney(r.revenue, 'IDR', i18n.language)}</Table.Td>
                    <Table.Td ta="right">{count(r.rewards)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Paper>
  );
}
