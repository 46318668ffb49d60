import { ActionIcon, Alert, Anchor, Button, FileButton, Group, Image, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Template } from '../../../../../src/contracts/index.js';
import { BUTTON_TEXT_MAX, TEMPLATE_BUTTONS_MAX } from '../../../../../src/domain/template-extras.js';
import { errorText } from '../../../shared/error-text.js';
import { uploadMedia } from '../api.js';

export type HeaderValue = NonNullable<Template['header']> | null;
export interface ButtonValue { text: string; payload: string }

const ACCEPT = 'image/jpeg,image/png,application/pdf';

/**
 * A template's header (an image or PDF uploaded to Sapa, previewed) and its quick-reply buttons
 * (at most TEMPLATE_BUTTONS_MAX). The payload a tap sends back defaults to the label.
 */
export function HeaderButtonsFields({ header, onHeader, buttons, onButtons, errors }: {
  header: HeaderValue; onHeader: (h: HeaderValue) => void;
  buttons: ButtonValue[]; onButtons: (b: ButtonValue[]) => void;
  errors: Record<string, string[]>;
}) {
  const { t } = useTranslation();
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<string | null>(null);

  const pick = async (file: File | null) => {
    if (!file) return;
    setUploading(true);
    setUploadError(null);
    try {
      const m = await uploadMedia(file);
      onHeader({ type: m.kind, mediaId: m.id, filename: m.filename, url: m.url });
    } catch (e) {
      setUploadError(errorText(t, e));
    } finally {
      setUploading(false);
    }
  };
  const setButton = (i: number, patch: Partial<ButtonValue>) => onButtons(buttons.map((b, j) => (j === i ? { ...b, ...patch } : b)));

  return (
    <Stack gap="sm">
      <div>
        <Text fw={500} size="sm">{t('templates.header')}</Text>
        <Text size="xs" c="dimmed" mb={6}>{t('templates.headerHelp')}</Text>
        {header ? (
          <Group align="flex-start" gap="sm" data-testid="template-header">
            {header.type === 'image'
              ? <Image src={header.url} alt={t('templates.headerImageAlt', { name: header.filename })} w={120} h={120} fit="contain" radius="sm" bg="gray.1" />
              : <Anchor href={header.url} target="_blank" rel="noreferrer" size="sm">📄 {header.filename}</Anchor>}
            <Button variant="default" size="xs" onClick={() => onHeader(null)}>{t('templates.headerRemove')}</Button>
          </Group>
        ) : (
          <FileButton onChange={(f) => void pick(f)} accept={ACCEPT}>
            {(props) => <Button {...props} variant="default" size="sm" loading={uploading} data-testid="header-upload">{t('templates.headerUpload')}</Button>}
          </FileButton>
        )}
        {(uploadError || errors.header) && <Alert color="red" mt="xs" role="alert" p="xs">{uploadError ?? errors.header?.join(' ')}</Alert>}
      </div>
      <div>
        <Text fw={500} size="sm">{t('templates.buttons')}</Text>
        <Text size="xs" c="dimmed" mb={6}>{t('templates.buttonsHelp', { max: TEMPLATE_BUTTONS_MAX, chars: BUTTON_TEXT_MAX })}</Text>
        <Stack gap="xs">
          {buttons.map((b, i) => (
            <Group key={i} gap="xs" align="flex-start" wrap="nowrap">
              <TextInput
                style={{ flex: 1 }}
                aria-label={t('templates.buttonLabel', { n: i + 1 })}
                placeholder={t('templates.buttonLabel', { n: i + 1 })}
                value={b.text}
                maxLength={BUTTON_TEXT_MAX}
                onChange={(e) => setButton(i, { text: e.currentTarget.value, payload: '' })}
                error={errors[`buttons.${i}.text`]?.join(' ') ?? errors[`buttons.${i}`]?.join(' ')}
              />
              <ActionIcon variant="default" size="lg" onClick={() => onButtons(buttons.filter((_, j) => j !== i))} aria-label={t('templates.buttonRemove', { n: i + 1 })}>×</ActionIcon>
            </Group>
          ))}
          {buttons.length < TEMPLATE_BUTTONS_MAX && (
            <Group><Button variant="default" size="xs" onClick={() => onButtons([...buttons, { text: '', payload: '' }])}>{t('templates.buttonAdd')}</Button></Group>
          )}
        </Stack>
      </div>
    </Stack>
  );
}
