import { Fieldset, Stack, Textarea, TextInput } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelFields } from './channel-previews.js';

/** The template's texts for email (subject, optional HTML) and web push (title, the link it opens), in the template language. */
export function ChannelFieldsSet({ value, onChange, errors, warnings }: {
  value: ChannelFields; onChange: (next: ChannelFields) => void; errors: (field: keyof ChannelFields) => ReactNode;
  /** Spam warnings of the subject and title, shown under each. */
  warnings: (field: 'subject' | 'title') => ReactNode;
}) {
  const { t } = useTranslation();
  const set = (field: keyof ChannelFields) => (e: { currentTarget: { value: string } }) => onChange({ ...value, [field]: e.currentTarget.value });
  return (
    <Fieldset legend={t('templates.channelFields')}>
      <Stack gap="sm">
        <TextInput label={t('templates.subject')} description={t('templates.subjectHelp')} value={value.subject} onChange={set('subject')} error={errors('subject')} maxLength={998} data-testid="template-subject" />
        {warnings('subject')}
        <Textarea label={t('templates.html')} description={t('templates.htmlHelp')} value={value.html} onChange={set('html')} error={errors('html')} autosize minRows={2} maxRows={10}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }} data-testid="template-html" />
        <TextInput label={t('templates.pushTitle')} description={t('templates.pushTitleHelp')} value={value.title} onChange={set('title')} error={errors('title')} maxLength={200} data-testid="template-title" />
        {warnings('title')}
        <TextInput label={t('templates.pushLink')} description={t('templates.pushLinkHelp')} value={value.link} onChange={set('link')} error={errors('link')} maxLength={2000}
          inputMode="url" placeholder="https://toko.id/pesanan/{documentnumber}" data-testid="template-link" />
      </Stack>
    </Fieldset>
  );
}
