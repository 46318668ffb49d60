import { Anchor, Badge, Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { ContactDetail } from '../../../../../src/contracts/index.js';
import { formatMoney } from '../../contacts/format.js';

/** A contact's RFM segment and scores, historical and predicted value (the contact answer's `rfm` and `value`). */
export function ContactInsightCard({ contact }: { contact: Partial<Pick<ContactDetail, 'rfm' | 'value'>> }) {
  const { t, i18n } = useTranslation();
  const money = (n: number) => formatMoney(n, 'IDR', i18n.language);
  const { rfm, value } = contact;
  return (
    <Paper withBorder p="md" data-testid="contact-insight" aria-label={t('insights.contactCard')} component="section">
      <Text fw={600} mb="xs">{t('insights.contactCard')}</Text>
      {!rfm || !value ? <Text size="sm" c="dimmed">{t('insights.noRfm')}</Text> : (
        <Stack gap="xs">
          <Group gap="xs">
            <Anchor component={Link} to={`/insights/rfm?segment=${rfm.segment}`}>
              <Badge size="lg" variant="light" color="teal" data-testid="contact-rfm-segment">{t(`insights.segmentNames.${rfm.segment}`)}</Badge>
            </Anchor>
            <Text size="sm" c="dimmed">{t('insights.scores', { r: rfm.r, f: rfm.f, m: rfm.m })}</Text>
          </Group>
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
            <Figure label={t('insights.historical')} value={money(value.revenue)} />
            <Figure label={t('insights.aov')} value={`${money(value.averageOrderValue)} × ${value.orders}`} />
            <Figure label={t('insights.tenure')} value={t('insights.tenureDays', { count: value.tenureDays })} />
            <Figure label={t('insights.predicted')} value={value.predicted12m === null ? t('insights.predictedNone') : money(Math.round(value.predicted12m))} />
          </SimpleGrid>
        </Stack>
      )}
    </Paper>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text size="sm" fw={600}>{value}</Text>
    </Stack>
  );
}
