import { Alert, Badge, Button, Group, Modal, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../shared/error-text.js';
import { useContacts } from '../hooks/use-contacts.js';
import { ContactForm } from './contact-form.js';

/** "Kontak": searchable list and a create form in a modal. */
export function ContactListPage() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [debouncedQ] = useDebouncedValue(q, 250);
  const contacts = useContacts(debouncedQ.trim());
  const [creating, setCreating] = useState(false);

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
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {contacts.data?.items.map((c) => (
            <Table.Tr key={c.id}>
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
            </Table.Tr>
          ))}
          {contacts.data?.items.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={4}>
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
    </Stack>
  );
}
