import { Alert, Button, Code, CopyButton, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
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
        <Group gap="sm" wrap="nowrap" align="center">
          <Code block style={{ flex: 1, wordBreak: 'break-all', whiteSpace: 'pre-wrap' }} data-testid="new-api-key">
            {created.key}
          </Code>
          <CopyButton value={created.key} timeout={2000}>
            {({ copied, copy }) => (
              <Button color={copied ? 'teal' : 'dark'} variant={copied ? 'filled' : 'default'} onClick={copy} miw={96}>
                {copied ? t('settings.copied') : t('settings.copy')}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Group justify="flex-end">
          <Button size="xs" variant="light" onClick={onDone}>
            {t('settings.done')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
