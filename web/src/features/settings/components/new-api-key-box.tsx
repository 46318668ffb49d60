import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CopyValue } from '../../../shared/components/copy-value.js';
import type { NewApiKey } from '../api.js';

/** The freshly created secret, shown this one time only (the server stores a hash). */
export function NewApiKeyBox({ created, onDone }: { created: NewApiKey; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert color="yellow" variant="light" title={t('settings.newKeyTitle', { name: created.name })} data-testid="new-api-key-box">
      <Stack gap="sm">
        <Text size="sm" fw={600} role="alert">
          ⚠ {t('settings.newKeyWarning')}
        </Text>
        <CopyValue value={created.key} testId="new-api-key" />
        <Group justify="flex-end">
          <Button size="xs" variant="light" onClick={onDone}>
            {t('settings.done')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
