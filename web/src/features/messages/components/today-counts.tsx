import { Paper, SimpleGrid, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useTodayCounts } from '../hooks/use-messages.js';

const KEYS = ['sent', 'delivered', 'read', 'failed'] as const;

/** Today's sent, delivered, read and failed messages (the shop's day), for the top of the Messages page. */
export function TodayCounts() {
  const { t } = useTranslation();
  const counts = useTodayCounts();
  return (
    <section aria-label={t('messageTools.todayCounts')} data-testid="today-counts">
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
        {KEYS.map((k) => (
          <Paper key={k} withBorder p="xs" data-testid={`today-${k}`}>
            <Text size="xs" c="dimmed">{t(`messageTools.${k}`)}</Text>
            <Text fw={700} size="xl" c={k === 'failed' && (counts.data?.failed ?? 0) > 0 ? 'red.9' : undefined}>
              {counts.data ? counts.data[k] : '—'}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
    </section>
  );
}
