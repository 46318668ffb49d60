import { Anchor, Badge, Button, Group, Modal, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Contact } from '../../../../../src/contracts/index.js';
import { formatPhoneNational } from '../../../../../src/domain/phone-display.js';
import { ConfirmDelete } from '../../../shared/components/confirm-delete.js';
import { DataList } from '../../../shared/components/data-list.js';
import { RowActions } from '../../../shared/components/row-actions.js';
import { useConfirmDelete } from '../../../shared/hooks/use-confirm-delete.js';
import { useContacts, useDeleteContact } from '../hooks/use-contacts.js';
import { ContactForm } from './contact-form.js';
import { useFormatTime } from '../../../shared/hooks/use-format-time.js';
import { useCan } from '../../auth/hooks/use-can.js';

/**
 * "Kontak": searchable list; create and edit forms in a modal (closing it with typed edits asks
 * first), delete after a confirm. Agents read contacts and are offered no changes.
 */
export function ContactListPage() {
  const { t } = useTranslation();
  const time = useFormatTime();
  const canWrite = useCan('contacts:write');
  const canImport = useCan('contacts:import');
  const canExport = useCan('contacts:export');
  // A search can be linked to as /contacts?q=<name or number>.
  const [params] = useSearchParams();
  const [q, setQ] = useState(() => params.get('q') ?? '');
  const [debouncedQ] = useDebouncedValue(q, 250);
  const contacts = useContacts(debouncedQ.trim());
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Contact | null>(null);
  const del = useConfirmDelete<Contact>(useDeleteContact());
  const [formDirty, setFormDirty] = useState(false);
  const [confirmClose, setConfirmClose] = useState(false);
  const closeForm = () => {
    setCreating(false);
    setEditing(null);
    setFormDirty(false);
    setConfirmClose(false);
  };
  const requestClose = () => (formDirty ? setConfirmClose(true) : closeForm());
  const label = (c: Contact) => c.name || (c.phone ? formatPhoneNational(c.phone) : null) || c.email || '—';

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('contacts.title')}</Title>
        <Group gap="xs">
          {canExport && (
            // A plain link: the browser downloads the streamed file itself, with the session cookie.
            <Button component="a" href="/api/v1/contacts/export" download variant="default">
              {t('contactImport.export')}
            </Button>
          )}
          {canImport && (
            <Button component={Link} to="/contacts/import" variant="default">
              {t('contactImport.action')}
            </Button>
          )}
          {canWrite && <Button onClick={() => setCreating(true)}>{t('contacts.add')}</Button>}
        </Group>
      </Group>
      <TextInput type="search" aria-label={t('common.search')} placeholder={t('contacts.searchPlaceholder')} value={q} onChange={(e) => setQ(e.currentTarget.value)} maw={420} />
      <DataList
        testId="contact-table"
        rows={contacts.data?.items}
        query={contacts}
        filtered={debouncedQ.trim() !== ''}
        rowKey={(c) => c.id}
        rowTestId={(c) => `contact-row-${label(c)}`}
        columns={[
          {
            label: t('contacts.name'),
            render: (c) => (
              <>
                <Anchor component={Link} to={`/contacts/${c.id}`} fw={500} size="sm">
                  {label(c)}
                </Anchor>
                {c.tags.map((tag) => (
                  <Badge key={tag} size="xs" ml={6} variant="light" tt="none">
                    {tag}
                  </Badge>
                ))}
              </>
            ),
          },
          { label: t('contacts.phone'), render: (c) => (c.phone ? formatPhoneNational(c.phone) : '—') },
          { label: t('contacts.email'), render: (c) => c.email ?? '—' },
          { label: t('contacts.created'), render: (c) => time.date(c.createdAt) },
        ]}
        actions={canWrite ? { label: t('common.actions'), w: 130, render: (c) => <RowActions name={label(c)} edit={{ onClick: () => setEditing(c) }} onDelete={() => del.ask(c)} deleteTooltip /> } : undefined}
      />
      {/*
        One stack for the form and its "unsaved changes" question: every open Mantine modal listens
        for Escape on window, and React commits the question's opening between those listeners, so
        without the stack the same Escape that asks also closed the question at once. In a stack
        only the top modal answers Escape, and an Escape already handled is not handled again.
      */}
      <Modal.Stack>
        <Modal stackId="contact-new" opened={creating} onClose={requestClose} title={t('contacts.newTitle')} centered>
          <ContactForm onDone={closeForm} onDirtyChange={setFormDirty} />
        </Modal>
        <Modal stackId="contact-edit" opened={editing !== null} onClose={requestClose} title={t('contacts.editTitle')} centered>
          {/* Keyed so reopening on another row starts from that row's values. */}
          {editing && <ContactForm key={editing.id} contact={editing} onDone={closeForm} onDirtyChange={setFormDirty} />}
        </Modal>
        <Modal stackId="contact-unsaved" opened={confirmClose} onClose={() => setConfirmClose(false)} title={t('common.unsavedTitle')} centered>
          <Text mb="md">{t('common.unsavedText')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmClose(false)}>
              {t('common.stay')}
            </Button>
            <Button color="red" onClick={closeForm}>
              {t('common.leave')}
            </Button>
          </Group>
        </Modal>
      </Modal.Stack>
      <ConfirmDelete {...del.dialogProps} text={t('contacts.deleteConfirm', { name: del.target ? label(del.target) : '' })} />
    </Stack>
  );
}
