import { Anchor, Badge, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { SegmentPreview as Preview } from '../../../../../src/contracts/index.js';
import { formatPhoneNational } from '../../../../../src/domain/phone-display.js';

/** The live count and the newest matching contacts; `invalid` while the rules still have problems. */
export function SegmentPreview(props: { data: Preview | undefined; fetching: boolean; invalid: boolean }) {
  const { t } = useTranslation();
  const { data } = props;
  return (
    <Paper withBorder p="md" radius="md" data-testid="segment-preview" aria-live="polite">
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <Title order={3} size="h5">
            {t('segments.previewTitle')}
          </Title>
          {props.fetching && <Loader size="xs" aria-label={t('app.loading')} />}
        </Group>
        {props.invalid ? (
          <Text size="sm" fw={500}>
            {t('segments.fixRules')}
          </Text>
        ) : (
          <Text size="xl" fw={700} data-testid="segment-live-count">
            {data ? t('segments.matching', { count: data.count, formatted: data.count.toLocaleString('id-ID') }) : '…'}
          </Text>
        )}
        {!props.invalid && data && data.sample.length > 0 && (
          <Stack gap={4}>
            <Text size="xs" c="dimmed">
              {t('segments.sample')}
            </Text>
            {data.sample.map((c) => (
              <Group key={c.id} gap={6} wrap="nowrap">
                <Anchor component={Link} to={`/contacts/${c.id}`} size="sm" truncate>
                  {c.name || (c.phone ? formatPhoneNational(c.phone) : c.email) || '—'}
                </Anchor>
                {c.phone && c.name && (
                  <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                    {formatPhoneNational(c.phone)}
                  </Text>
                )}
                {c.tags.slice(0, 2).map((tag) => (
                  <Badge key={tag} size="xs" variant="light" tt="none">
                    {tag}
                  </Badge>
                ))}
              </Group>
            ))}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
