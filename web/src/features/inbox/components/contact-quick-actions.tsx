import { Button, Group } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Conversation } from '../../../../../src/contracts/index.js';
import { api, ApiError } from '../../../shared/api-client.js';
import '../words.js';
import { TemplatePicker } from './template-picker.js';

/** On a contact's page: their conversation in the inbox, and a quick message (a template) from here. */
export function ContactQuickActions({ contactId, optedOut }: { contactId: string; optedOut: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [picker, setPicker] = useState(false);
  // 404 until the first message either way: then there is simply no conversation to open.
  const conversation = useQuery({
    queryKey: ['contact-conversation', contactId],
    queryFn: () => api.get<Conversation>(`/contacts/${contactId}/conversation`).catch((e: unknown) => {
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    }),
  });
  return (
    <Group gap="xs">
      {conversation.data && <Button component={Link} to={`/inbox/${conversation.data.id}`} variant="default" size="xs">{t('inbox.openConversation')}</Button>}
      {!optedOut && <Button size="xs" onClick={() => setPicker(true)}>{t('inbox.quickMessage')}</Button>}
      {picker && (
        <TemplatePicker contactId={contactId} opened onClose={() => setPicker(false)}
          onSent={() => void qc.invalidateQueries({ queryKey: ['contact-conversation', contactId] })} />
      )}
    </Group>
  );
}
