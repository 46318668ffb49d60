import { Alert, Button, Group, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../shared/api-client.js';
import { errorText, fieldErrors } from '../../../shared/error-text.js';
import { useCreateContact } from '../hooks/use-contacts.js';

/** Name/phone/email form; the server's 422 phone error shows under the phone field. */
export function ContactForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const create = useCreateContact();
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [email, setEmail] = useState('');
  const errs = fieldErrors(t, create.error);
  // A 422/409 without a field (or for a field not on this form) still needs to be seen.
  const shown = new Set(['name', 'phone', 'email']);
  const general =
    create.error && !(create.error instanceof ApiError && create.error.errors.some((e) => shown.has(e.field))) ? errorText(t, create.error) : null;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ name, phone: phone || null, email: email || null }, { onSuccess: onDone });
  };
  const join = (xs: string[] | undefined) => (xs?.length ? xs.join(' ') : undefined);

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        <TextInput label={t('contacts.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} error={join(errs.name)} data-autofocus />
        <TextInput label={t('contacts.phone')} placeholder="0812-3456-7890" value={phone} onChange={(e) => setPhone(e.currentTarget.value)} error={join(errs.phone)} />
        <TextInput label={t('contacts.email')} type="email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={join(errs.email)} />
        {general && (
          <Alert color="red" role="alert">
            {general}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={create.isPending}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
