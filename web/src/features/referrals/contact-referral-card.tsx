import { Anchor, Code, CopyButton, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useContactReferral } from './api.js';
import './words.js';

/** A contact's referral code and short link (made on first view), who referred it and how many it brought. */
export function ContactReferralCard({ contactId }: { contactId: string }) {
  const { t } = useTranslation();
  const r = useContactReferral(contactId);
  if (!r.data) return null;
  const d = r.data;
  return (
    <Paper withBorder p="md" data-testid="contact-referral" component="section" aria-label={t('referrals.card')}>
      <Stack gap="xs">
        <Title order={3}>{t('referrals.card')}</Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
          <div>
            <Text size="xs" c="dimmed">{t('referrals.code')}</Text>
            <Code data-testid="referral-code">{d.code}</Code>
          </div>
          <div style={{ minWidth: 0 }}>
            <Text size="xs" c="dimmed">{t('referrals.link')}</Text>
            {d.link ? (
              <Group gap="xs" wrap="nowrap">
                <Text size="sm" data-testid="referral-link" style={{ overflowWrap: 'anywhere' }}>{d.link}</Text>
                <CopyButton value={d.link}>{({ copied, copy }) => <Button size="compact-xs" variant="default" onClick={copy}>{copied ? t('referrals.copied') : t('referrals.copy')}</Button>}</CopyButton>
              </Group>
            ) : <Text size="sm">—</Text>}
          </div>
          <div>
            <Text size="xs" c="dimmed">{t('referrals.referredBy')}</Text>
            {d.referredBy ? <Anchor component={Link} to={`/contacts/${d.referredBy.contactId}`} size="sm">{d.referredBy.name || '—'}</Anchor> : <Text size="sm">{t('referrals.nobody')}</Text>}
          </div>
          <div>
            <Text size="xs" c="dimmed">{t('referrals.referredCount')} · {t('referrals.rewardsCount')}</Text>
            <Text size="sm" data-testid="referral-counts">{d.referred} · {d.rewards}</Text>
          </div>
        </SimpleGrid>
      </Stack>
    </Paper>
  );
}
