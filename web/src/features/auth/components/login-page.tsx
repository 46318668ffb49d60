import { Alert, Button, Center, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router-dom';
import { errorText } from '../../../shared/error-text.js';
import { LanguageSwitch } from '../../shell/components/language-switch.js';
import { useLogin, useSession } from '../hooks/use-session.js';

/** Email + password form; a 401 shows `auth.invalid_credentials` inline. */
export function LoginPage() {
  const { t } = useTranslation();
  const session = useSession();
  const loginMutation = useLogin();
  const location = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const next = new URLSearchParams(location.search).get('next') || '/templates';

  if (session.data) return <Navigate to={next.startsWith('/') ? next : '/templates'} replace />;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    loginMutation.mutate({ email, password });
  };

  return (
    <Center mih="100vh" bg="gray.0" px="sm">
      <Paper withBorder shadow="sm" p={{ base: 'lg', xs: 'xl' }} radius="md" w="100%" maw={380}>
        <form onSubmit={onSubmit} aria-label={t('auth.title')}>
          <Stack>
            <Title order={2}>{t('auth.title')}</Title>
            <TextInput label={t('auth.email')} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
            <PasswordInput label={t('auth.password')} autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
            {loginMutation.error && (
              <Alert color="red" role="alert" data-testid="login-error">
                {errorText(t, loginMutation.error)}
              </Alert>
            )}
            <Button type="submit" loading={loginMutation.isPending}>
              {t('auth.submit')}
            </Button>
            <LanguageSwitch />
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
