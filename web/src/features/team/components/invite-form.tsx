import { Alert, Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES, type Role } from '../../../../../src/domain/vocabulary.js';
import { CopyValue } from '../../../shared/components/copy-value.js';
import { errorText, fieldErrors } from '../../../shared/error-text.js';
import type { NewInvite } from '../api.js';
import { useInviteMember } from '../hooks/use-team.js';

/** Email + role → a one-time link shown once, to copy into WhatsApp or email (no mail server needed). */
export function InviteForm() {
  const { t } = useTranslation();
  const invite = useInviteMember();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('agent');
  const [created, setCreated] = useState<NewInvite | null>(null);
  const [badEmail, setBadEmail] = useState(false);
  const emailErrors = badEmail ? [t('errors.invalid_email')] : fieldErrors(t, invite.error).email;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    // Checked here too so the message is in the user's language; the server checks it again.
    const bad = !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim());
    setBadEmail(bad);
    if (bad) return;
    invite.mutate({ email: email.trim(), role }, {
      onSuccess: (inv) => {
        setCreated(inv);
        setEmail('');
      },
    });
  };

  return (
    <Stack gap="sm">
      <form onSubmit={onSubmit} noValidate aria-label={t('team.invite')}>
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput
            label={t('team.email')}
            type="email"
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={emailErrors?.join(' ')}
            style={{ flex: '1 1 220px' }}
          />
          <Select
            label={t('team.role')}
            data={ROLES.map((r) => ({ value: r, label: t(`team.roles.${r}`) }))}
            value={role}
            onChange={(v) => v && setRole(v as Role)}
            allowDeselect={false}
            w={160}
          />
          <Button type="submit" loading={invite.isPending}>{t('team.createInvite')}</Button>
        </Group>
      </form>
      {invite.error && !emailErrors && <Alert color="red" role="alert">{errorText(t, invite.error)}</Alert>}
      {created && (
        <Alert color="teal" title={t('team.inviteReady', { email: created.email })} data-testid="invite-link-box">
          <Stack gap="xs">
            <Text size="sm">{t('team.inviteOnce')}</Text>
            <CopyValue value={created.link} testId="invite-link" />
          </Stack>
        </Alert>
      )}
    </Stack>
  );
}
