import { Alert, Button, Card, Group, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, fieldErrors } from '../../../shared/error-text.js';
import { useChangePassword } from '../hooks/use-team.js';

/** "Kata sandi": change your own password; your other sessions end. */
export function PasswordSection() {
  const { t } = useTranslation();
  const change = useChangePassword();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const errors = fieldErrors(t, change.error);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (next !== repeat) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    change.mutate({ currentPassword: current, newPassword: next }, {
      onSuccess: () => {
        setCurrent('');
        setNext('');
        setRepeat('');
      },
    });
  };

  return (
    <Card withBorder padding="lg" data-testid="password-section">
      <form onSubmit={onSubmit} noValidate aria-label={t('team.passwordTitle')}>
        <Stack>
          <div>
            <Title order={3}>{t('team.passwordTitle')}</Title>
            <Text size="sm" c="dimmed">{t('team.passwordHint')}</Text>
          </div>
          <PasswordInput label={t('team.currentPassword')} autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.currentTarget.value)} error={errors.currentPassword?.join(' ')} />
          <PasswordInput label={t('team.newPassword')} autoComplete="new-password" value={next} onChange={(e) => setNext(e.currentTarget.value)} error={errors.newPassword?.join(' ')} description={t('team.passwordRule')} />
          <PasswordInput label={t('team.repeatPassword')} autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.currentTarget.value)} error={mismatch ? t('team.mismatch') : undefined} />
          {change.error && !errors.currentPassword && !errors.newPassword && <Alert color="red" role="alert">{errorText(t, change.error)}</Alert>}
          {change.isSuccess && <Alert color="teal" role="status">{t('team.passwordChanged')}</Alert>}
          <Group>
            <Button type="submit" loading={change.isPending}>{t('team.changePassword')}</Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
