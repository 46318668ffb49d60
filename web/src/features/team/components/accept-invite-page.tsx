import { Alert, Anchor, Button, Center, Paper, PasswordInput, Skeleton, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { errorText, fieldErrors } from '../../../shared/error-text.js';
import { LanguageSwitch } from '../../shell/components/language-switch.js';
import { acceptInvite, inviteInfo } from '../api.js';

/** /undangan#<token>: the invited person sets a name and password; then logs in. */
export function AcceptInvitePage() {
  const { t } = useTranslation();
  // The token lives in the fragment, which browsers never send to a server (logs, proxies).
  const [token] = useState(() => window.location.hash.replace(/^#/, ''));
  const info = useQuery({ queryKey: ['invite', token], queryFn: () => inviteInfo(token), enabled: token.length > 0, retry: false });
  const accept = useMutation({ mutationFn: acceptInvite });
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const errors = fieldErrors(t, accept.error);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (password !== repeat) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    accept.mutate({ token, name: name.trim(), password });
  };

  return (
    <Center mih="100vh" bg="gray.0" p="md">
      <Paper withBorder shadow="sm" p="xl" radius="md" w={420} maw="100%">
        <Stack>
          <Title order={2}>{t('invite.title')}</Title>
          {!token && <Alert color="red" role="alert">{t('errors.members.invite_invalid')}</Alert>}
          {info.isPending && token && <Skeleton h={80} />}
          {info.error && <Alert color="red" role="alert">{errorText(t, info.error)}</Alert>}
          {accept.isSuccess ? (
            <Alert color="teal" role="status" data-testid="invite-accepted">
              <Stack gap="xs">
                <Text>{t('invite.done')}</Text>
                <Anchor component={Link} to="/login">{t('invite.toLogin')}</Anchor>
              </Stack>
            </Alert>
          ) : info.data && (
            <form onSubmit={onSubmit} noValidate aria-label={t('invite.title')}>
              <Stack>
                <Text>{t('invite.intro', { workspace: info.data.workspaceName, role: t(`team.roles.${info.data.role}`) })}</Text>
                <TextInput label={t('team.email')} value={info.data.email} readOnly />
                <TextInput label={t('invite.name')} autoComplete="name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name?.join(' ')} />
                <PasswordInput label={t('team.newPassword')} autoComplete="new-password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={errors.password?.join(' ')} description={t('team.passwordRule')} />
                <PasswordInput label={t('team.repeatPassword')} autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.currentTarget.value)} error={mismatch ? t('team.mismatch') : undefined} />
                {accept.error && !errors.name && !errors.password && <Alert color="red" role="alert">{errorText(t, accept.error)}</Alert>}
                <Button type="submit" loading={accept.isPending}>{t('invite.submit')}</Button>
              </Stack>
            </form>
          )}
          <LanguageSwitch />
        </Stack>
      </Paper>
    </Center>
  );
}
