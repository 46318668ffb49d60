import { Alert, Button, CloseButton, FileButton, Group, Stack, Text, Textarea } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Conversation, Media } from '../../../../../src/contracts/index.js';
import { errorText } from '../../../shared/error-text.js';
import { sendQuick } from '../api.js';
import { uploadMedia } from '../../templates/api.js';
import { TemplatePicker } from './template-picker.js';

/**
 * The composer, keyboard first: `/` in an empty box opens the template picker, Ctrl/⌘+Enter sends.
 * Outside the 24-hour window it says why only a template can go and offers them; an opted-out
 * contact cannot be written to at all.
 */
export function Composer({ conversation, onSent }: { conversation: Conversation; onSent: () => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [picker, setPicker] = useState(false);
  // An image or PDF sent with the text as its caption (uploaded as soon as it is picked).
  const [file, setFile] = useState<Media | null>(null);
  const attach = useMutation({ mutationFn: uploadMedia, onSuccess: setFile });
  const send = useMutation({
    mutationFn: () => sendQuick(conversation.contactId, file ? { text: text.trim(), mediaId: file.id } : { text: text.trim() }),
    onSuccess: () => {
      setText('');
      setFile(null);
      onSent();
    },
  });
  if (conversation.consent === 'opted_out') return <Alert color="red" variant="light" data-testid="composer-opted-out">{t('inbox.optedOut')}</Alert>;
  const windowOpen = conversation.windowOpen;
  const picking = picker && (
    <TemplatePicker contactId={conversation.contactId} opened onClose={() => setPicker(false)} onSent={onSent} approvedOnly={!windowOpen && conversation.templatesNeedApproval} />
  );
  if (!windowOpen) {
    return (
      <Stack gap="xs" data-testid="composer">
        <Alert color="orange" variant="light" data-testid="composer-window-closed">{t('inbox.outsideWindow')}</Alert>
        <Group justify="flex-end"><Button onClick={() => setPicker(true)}>{t('inbox.pickTemplate')}</Button></Group>
        {picking}
      </Stack>
    );
  }
  return (
    <Stack gap="xs" data-testid="composer">
      <Textarea aria-label={t('inbox.composer')} placeholder={t('inbox.composerPlaceholder')} autosize minRows={2} maxRows={6} value={text} maxLength={file ? 1024 : 4096}
        onChange={(e) => setText(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === '/' && text === '') { e.preventDefault(); setPicker(true); }
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && text.trim()) { e.preventDefault(); send.mutate(); }
        }} />
      {file && (
        <Group gap="xs" data-testid="composer-file">
          <Text size="sm">{file.kind === 'image' ? '🖼' : '📄'} {file.filename}</Text>
          <CloseButton size="sm" aria-label={t('inbox.detach', { name: file.filename })} onClick={() => setFile(null)} />
        </Group>
      )}
      {(send.error ?? attach.error) && <Alert color="red" variant="light" p="xs">{errorText(t, send.error ?? attach.error)}</Alert>}
      <Group justify="space-between">
        <Group gap="xs">
          <Button variant="default" onClick={() => setPicker(true)}>{t('inbox.pickTemplate')}</Button>
          <FileButton onChange={(f) => { if (f) attach.mutate(f); }} accept="image/jpeg,image/png,application/pdf">
            {(props) => <Button {...props} variant="default" loading={attach.isPending}>{t('inbox.attach')}</Button>}
          </FileButton>
        </Group>
        <Button onClick={() => send.mutate()} disabled={!text.trim()} loading={send.isPending}>{t('inbox.send')}</Button>
      </Group>
      {picking}
    </Stack>
  );
}
