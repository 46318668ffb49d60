import { Alert, Badge, Button, Group, Modal, Stack, Table, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contact } from '../../../../../src/contracts/index.js';
import { ConfirmDelete } from '../../../shared/components/confirm-delete.js';
import { ListTable } from '../../../shared/components/list-table.js';
import { RowActions } from '../../../shared/components/row-actions.js';
import { errorText } from '../../../shared/error-text.js';
import { useConfirmDelete } from '../../../shared/hooks/use-confirm-delete.js';
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
  const del = useConfirmDelete<Contact>(useDeleteContact());
  const label = (c: Contact) => c.name || c.phone || c.email || '—';

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('contacts.title')}</Title>
        <Button onClick={() => setCreating(true)}>{t('contacts.add')}</Button>
      </Group>
      <TextInput type="search" aria-label={t('common.search')} placeholder={t('contacts.searchPlaceholder')} value={q} onChange={(e) => setQ(e.currentTarget.value)} maw={420} />
      {contacts.error && <Alert color="red">{errorText(t, contacts.error)}</Alert>}
      <ListTable
        testId="contact-table"
        highlightOnHover
        columns={[t('contacts.name'), t('contacts.phone'), t('contacts.email'), t('contacts.created'), { label: t('common.actions'), w: 130 }]}
        empty={contacts.data?.items.length === 0}
      >
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
              <RowActions name={label(c)} edit={{ onClick: () => setEditing(c) }} onDelete={() => del.ask(c)} deleteTooltip />
            </Table.Td>
          </Table.Tr>
        ))}
      </ListTable>
      <Modal opened={creating} onClose={() => setCreating(false)} title={t('contacts.newTitle')} centered>
        <ContactForm onDone={() => setCreating(false)} />
      </Modal>
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={t('contacts.editTitle')} centered>
        {/* Keyed so reopening on another row starts from that row's values. */}
        {editing && <ContactForm key={editing.id} contact={editing} onDone={() => setEditing(null)} />}
      </Modal>
      <ConfirmDelete {...del.dialogProps} text={t('contacts.deleteConfirm', { name: del.target ? label(del.target) : '' })} />
    </Stack>
  );
}
