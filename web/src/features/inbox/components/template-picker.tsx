import { Alert, Button, Group, Modal, ScrollArea, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../shared/error-text.js';
import { useFormatTime } from '../../../shared/hooks/use-format-time.js';
import { toastDone } from '../../../shared/toast.js';
import type { TFunction } from 'i18next';
import type { Template } from '../../../../../src/contracts/index.js';
import { listTemplates } from '../../templates/api.js';
import { previewQuick, sendQuick } from '../api.js';

/**
 * The quick-message picker: search templates by code (arrow keys move, Enter sends), with the
 * highlighted one rendered for this contact before anything goes — their latest order named, the
 * agent's own name, and any missing value shown (the send button stays off: no holes). Mounted
 * only while open, so each opening starts from a clean search.
 */
export function TemplatePicker({ contactId, opened, onClose, onSent, approvedOnly = false }: {
  contactId: string; opened: boolean; onClose: () => void; onSent: () => void;
  /** Outside the window on a number that needs Meta's approval: only approved templates can be picked; the others say why not. */
  approvedOnly?: boolean;
}) {
  const { t } = useTranslation();
  const time = useFormatTime();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 150);
  const [index, setIndex] = useState(0);
  const templates = useQuery({ queryKey: ['templates', 'picker', q], queryFn: () => listTemplates(q || undefined), enabled: opened });
  const items = templates.data ?? [];
  const blocked = (tpl: Template) => (approvedOnly ? unapprovedReason(t, tpl) : null);
  const sendable = items.filter((tpl) => blocked(tpl) === null);
  const chosen = sendable[Math.min(index, Math.max(sendable.length - 1, 0))];
  const preview = useQuery({ queryKey: ['quick-preview', contactId, chosen?.id], queryFn: () => previewQuick(contactId, chosen!.id), enabled: opened && !!chosen });
  const send = useMutation({
    mutationFn: () => sendQuick(contactId, { templateId: chosen!.id }),
    onSuccess: () => {
      toastDone(t('inbox.sentToast'));
      onSent();
      onClose();
    },
  });
  const canSend = !!preview.data && preview.data.refusal === null && !send.isPending;

  const onKey = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowDown') { e.preventDefault(); setIndex((i) => Math.min(i + 1, sendable.length - 1)); }
    if (e.key === 'ArrowUp') { e.preventDefault(); setIndex((i) => Math.max(i - 1, 0)); }
    if (e.key === 'Enter' && canSend) { e.preventDefault(); send.mutate(); }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('inbox.pickerTitle')} size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
      <Stack gap="sm">
        <TextInput data-autofocus label={t('inbox.pickerSearch')} value={search} onChange={(e) => { setSearch(e.currentTarget.value); setIndex(0); }} onKeyDown={onKey}
          aria-controls="quick-templates" aria-activedescendant={chosen ? `quick-${chosen.id}` : undefined} />
        <ScrollArea.Autosize mah={180}>
          <Stack gap={2} id="quick-templates" role="listbox" aria-label={t('inbox.pickTemplate')}>
            {items.map((tpl) => {
              const why = blocked(tpl);
              return (
                <UnstyledButton key={tpl.id} id={`quick-${tpl.id}`} role="option" aria-selected={tpl.id === chosen?.id} aria-disabled={why !== null || undefined}
                  disabled={why !== null} onClick={() => setIndex(sendable.indexOf(tpl))} p={6} data-testid="quick-option"
                  style={{ borderRadius: 6, background: tpl.id === chosen?.id ? 'var(--mantine-color-teal-light)' : undefined, cursor: why ? 'not-allowed' : undefined }}>
                  <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>{tpl.code}</Text>
                  <Text size="xs" c="dimmed" lineClamp={1}>{tpl.message}</Text>
                  {why && <Text size="xs" c="orange.8" data-testid="quick-option-blocked">{why}</Text>}
                </UnstyledButton>
              );
            })}
            {templates.data && items.length === 0 && <Text size="sm" c="dimmed">{t('inbox.pickerEmpty')}</Text>}
            {templates.data && items.length > 0 && sendable.length === 0 && <Text size="sm" c="dimmed" data-testid="quick-none-approved">{t('inbox.pickerNoneApproved')}</Text>}
          </Stack>
        </ScrollArea.Autosize>
        {chosen && preview.data && (
          <Stack gap={6} data-testid="quick-preview">
            <Text size="sm" fw={600}>{t('inbox.preview')}</Text>
            <Text size="sm" p="xs" bg="gray.0" style={{ whiteSpace: 'pre-wrap', borderRadius: 6, overflowWrap: 'anywhere' }} data-testid="quick-preview-text">{preview.data.text}</Text>
            <Text size="xs" c="dimmed" data-testid="quick-order">
              {preview.data.order ? t('inbox.fromOrder', { number: preview.data.order.number, date: time.date(preview.data.order.occurredAt) }) : t('inbox.noOrder')}
            </Text>
            {preview.data.missing.length > 0 && (
              <Alert color="orange" variant="light" p="xs" data-testid="quick-missing">{t('inbox.missing', { names: preview.data.missing.map((m) => `{${m}}`).join(', ') })}</Alert>
            )}
            {preview.data.refusal === 'quick_message.opted_out' && <Alert color="red" variant="light" p="xs">{t('inbox.optedOut')}</Alert>}
            {preview.data.refusal === 'whatsapp.template_not_approved' && <Alert color="orange" variant="light" p="xs">{t('errors.whatsapp.template_not_approved')}</Alert>}
            <Text size="xs" fw={600} c={preview.data.sendAs === 'template' ? 'grape.8' : 'teal.9'}>
              {t(preview.data.sendAs === 'template' ? 'inbox.sendAsTemplate' : 'inbox.sendAsText')}
            </Text>
          </Stack>
        )}
        {send.error && <Alert color="red" variant="light" p="xs">{errorText(t, send.error)}</Alert>}
        <Group justify="flex-end">
          <Button onClick={() => send.mutate()} disabled={!canSend} loading={send.isPending}>{t('inbox.sendTemplate')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Why Meta's review keeps a template from going outside the window, in the agent's words; null when approved. */
function unapprovedReason(t: TFunction, tpl: Template): string | null {
  switch (tpl.whatsappStatus) {
    case 'approved': return null;
    case 'pending': return t('inbox.unapproved.pending');
    case 'rejected': return tpl.whatsappRejectionReason ? t('inbox.unapproved.rejectedBecause', { reason: tpl.whatsappRejectionReason }) : t('inbox.unapproved.rejected');
    case 'paused': return t('inbox.unapproved.paused');
    case 'disabled': return t('inbox.unapproved.disabled');
    case null: return t('inbox.unapproved.none');
  }
}
