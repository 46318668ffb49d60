import { Button, Card, Group, Modal, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { Contact } from '../../../../../src/contracts/index.js';
import { errorText } from '../../../shared/error-text.js';
import { toastDone } from '../../../shared/toast.js';
import { useCan } from '../../auth/hooks/use-can.js';
import { contactExportUrl } from '../api.js';
import { useDeleteContact } from '../hooks/use-contacts.js';

/**
 * Personal data under UU PDP, for owners and admins: download everything held about the contact
 * (JSON), or erase the contact after typing a confirmation word.
 */
export function PersonalDataActions({ contact, name }: { contact: Contact; name: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const canExport = useCan('contacts:export');
  const canErase = useCan('contacts:erase');
  const erase = useDeleteContact();
  const [asking, setAsking] = useState(false);
  const [typed, setTyped] = useState('');
  if (!canExport && !canErase) return null;
  // Typed to confirm an erasure: it cannot be undone, so a click alone is not enough.
  const word = t('pdp.erase.word');

  const close = () => {
    setAsking(false);
    setTyped('');
    erase.reset();
  };
  const confirm = () => erase.mutate(contact.id, {
    onSuccess: () => {
      toastDone(t('pdp.erase.done', { name }));
      navigate('/contacts');
    },
  });

  return (
    <Card withBorder padding="lg" data-testid="personal-data">
      <Stack gap="sm">
        <Title order={3}>{t('pdp.title')}</Title>
        <Text size="sm" c="dimmed">{t('pdp.hint')}</Text>
        <Group gap="sm" wrap="wrap">
          {canExport && (
            <Button component="a" href={contactExportUrl(contact.id)} download={`kontak-${contact.id}.json`} variant="default">
              {t('pdp.export')}
            </Button>
          )}
          {canErase && (
            <Button color="red" variant="light" onClick={() => setAsking(true)}>
              {t('pdp.erase.button')}
            </Button>
          )}
        </Group>
      </Stack>
      <Modal opened={asking} onClose={close} title={t('pdp.erase.title')} centered>
        <Stack gap="sm">
          <Text size="sm">{t('pdp.erase.text', { name })}</Text>
          <TextInput
            label={t('pdp.erase.typeWord', { word: word })}
            value={typed}
            onChange={(e) => setTyped(e.currentTarget.value)}
            autoComplete="off"
            data-autofocus
          />
          {erase.error && <Text c="red" size="sm" role="alert">{errorText(t, erase.error)}</Text>}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>{t('common.cancel')}</Button>
            <Button color="red" onClick={confirm} loading={erase.isPending} disabled={typed.trim().toLocaleUpperCase() !== word}>
              {t('pdp.erase.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}
