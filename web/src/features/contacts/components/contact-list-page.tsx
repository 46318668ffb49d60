import { ActionIcon, Alert, Badge, Button, Group, Modal, Stack, Table, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contact } from '../../../../../src/contracts/index.js';
import { ConfirmDelete } from '../../../shared/components/confirm-delete.js';
import { errorText } from '../../../shared/error-text.js';
import { useContacts, useDeleteContact } from '../hooks/use-contacts.js';
import { ContactForm } from './contact-form.js';

/** "Kontak": searchable list; create and edit forms in a modal, delete after a confirm. */
export function ContactListPage() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [debouncedQ] = useDebouncedValue(q, 250);
  const contacts = useContacts(debouncedQ.trim());
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Contact | null>(null);
  const [toDelete, setToDelete] = useState<Contact | null>(null);
  const del = useDeleteContact();
  const label = (c: Contact) => c.name || c.phone || c.email || '—';

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('contacts.title')}</Title>
        <Button onClick={() => setCreating(true)}>{t('contacts.add')}</Button>
      </Group>
      <TextInput type="search" aria-label={t('common.search')} placeholder={t('contacts.searchPlaceholder')} value={q} onChange={(e) => setQ(e.currentTarget.value)} maw={420} />
      {contacts.error && <Alert color="red">{errorText(t, contacts.error)}</Alert>}
      <Table striped highlightOnHover withTableBorder data-testid="contact-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('contacts.name')}</Table.Th>
            <Table.Th>{t('contacts.phone')}</Table.Th>
            <Table.Th>{t('contacts.email')}</Table.Th>
            <Table.Th>{t('contacts.created')}</Table.Th>
            <Table.Th w={130}>{t('common.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {contacts.data?.items.map((c) => (
            <Table.Tr key={c.id} data-testid={`contact-row-${label(c)}`}>
              <Table.Td fw={500}>
                {c.name || '—'}
                {c.tags.map((tag) => (
                  <Badge key={tag} size="xs" ml={6} variant="light" tt="none">
                    {tag}
                  </Badge>
                ))}
              </Table.Td>
              <Table.Td>{c.phone ?? '—'}</Table.Td>
              <Table.Td>{c.email ?? '—'}</Table.Td>
              <Table.Td>{new Date(c.createdAt).toLocaleDateString()}</Table.Td>
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  <Button size="compact-sm" variant="light" onClick={() => setEditing(c)} aria-label={`${t('common.edit')} ${label(c)}`}>
                    {t('common.edit')}
                  </Button>
                  <Tooltip label={t('common.delete')}>
                    <ActionIcon
                      variant="light"
                      color="red"
                      aria-label={`${t('common.delete')} ${label(c)}`}
                      onClick={() => {
                        del.reset();
                        setToDelete(c);
                      }}
                    >
                      ✕
                    </ActionIcon>
                  </Tooltip>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
          {contacts.data?.items.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={5}>
                <Text c="dimmed" ta="center" py="md">
                  {t('common.empty')}
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
      <Modal opened={creating} onClose={() => setCreating(false)} title={t('contacts.newTitle')} centered>
        <ContactForm onDone={() => setCreating(false)} />
      </Modal>
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={t('contacts.editTitle')} centered>
        {/* Keyed so reopening on another row starts from that row's values. */}
        {editing && <ContactForm key={editing.id} contact={editing} onDone={() => setEditing(null)} />}
      </Modal>
      <ConfirmDelete
        opened={toDelete !== null}
        text={t('contacts.deleteConfirm', { name: toDelete ? label(toDelete) : '' })}
        loading={del.isPending}
        error={del.error ? errorText(t, del.error) : null}
        onClose={() => setToDelete(null)}
        onConfirm={() => toDelete && del.mutate(toDelete.id, { onSuccess: () => setToDelete(null) })}
      />
    </Stack>
  );
}
