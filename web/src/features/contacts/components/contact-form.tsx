import { Alert, Button, Group, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../shared/api-client.js';
import { errorText, fieldErrors } from '../../../shared/error-text.js';
import { toastDone } from '../../../shared/toast.js';
import type { Contact } from '../../../../../src/contracts/index.js';
import { useSaveContact } from '../hooks/use-contacts.js';

/**
 * Name/phone/email form (new, or editing `contact`); the server's 422 phone error shows under the
 * phone field. `onDirtyChange` tells the dialog whether closing it would lose typed edits.
 */
export function ContactForm({ contact, onDone, onDirtyChange }: { contact?: Contact; onDone: () => void; onDirtyChange?: (dirty: boolean) => void }) {
  const { t } = useTranslation();
  const save = useSaveContact(contact?.id);
  const [name, setName] = useState(contact?.name ?? '');
  const [phone, setPhone] = useState(contact?.phone ?? '');
  const [email, setEmail] = useState(contact?.email ?? '');
  // Told in the same keystroke that changes a field, not from an effect after the render: an
  // Escape pressed right after typing must already see the form as dirty.
  const change = (next: { name?: string; phone?: string; email?: string }) => {
    const v = { name, phone, email, ...next };
    setName(v.name);
    setPhone(v.phone);
    setEmail(v.email);
    onDirtyChange?.(v.name !== (contact?.name ?? '') || v.phone !== (contact?.phone ?? '') || v.email !== (contact?.email ?? ''));
  };
  const errs = fieldErrors(t, save.error);
  // A 422/409 without a field (or for a field not on this form) still needs to be seen.
  const shown = new Set(['name', 'phone', 'email']);
  const general =
    save.error && !(save.error instanceof ApiError && save.error.errors.some((e) => shown.has(e.field))) ? errorText(t, save.error) : null;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(
      { name, phone: phone || null, email: email || null },
      {
        onSuccess: () => {
          toastDone(t('common.saved'));
          onDone();
        },
      },
    );
  };
  const join = (xs: string[] | undefined) => (xs?.length ? xs.join(' ') : undefined);

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        <TextInput label={t('contacts.name')} value={name} onChange={(e) => change({ name: e.currentTarget.value })} error={join(errs.name)} data-autofocus />
        <TextInput label={t('contacts.phone')} placeholder="0812-3456-7890" value={phone} onChange={(e) => change({ phone: e.currentTarget.value })} error={join(errs.phone)} />
        <TextInput label={t('contacts.email')} type="email" value={email} onChange={(e) => change({ email: e.currentTarget.value })} error={join(errs.email)} />
        {general && (
          <Alert color="red" role="alert">
            {general}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
