import { AppShell, Badge, Burger, Button, Group, NavLink, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router-dom';
import type { Me } from '../../../../../src/contracts/index.js';
import { useLogout } from '../../auth/hooks/use-session.js';
import { LanguageSwitch } from './language-switch.js';

const MENU = [
  { to: '/templates', key: 'nav.templates' },
  { to: '/automations', key: 'nav.automations' },
  { to: '/messages', key: 'nav.messages' },
  { to: '/contacts', key: 'nav.contacts' },
  { to: '/settings', key: 'nav.settings' },
] as const;

/** Header (workspace, sandbox badge, language, user, logout) + navbar + the routed page. */
export function AppLayout({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const logoutMutation = useLogout();
  // On a phone the menu is a drawer behind the burger; open, it would cover the whole page.
  const [menuOpen, menu] = useDisclosure(false);

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'xs', collapsed: { mobile: !menuOpen } }} padding="lg">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
            <Burger opened={menuOpen} onClick={menu.toggle} hiddenFrom="xs" size="sm" aria-label={t('nav.menu')} />
            <Title order={3} c="teal.7">
              {t('app.name')}
            </Title>
            <Text fw={500} data-testid="workspace-name" truncate="end" style={{ minWidth: 0 }}>
              {me.workspace.name}
            </Text>
            {me.whatsappTransport === 'sandbox' && (
              <Tooltip label={t('app.sandboxHint')}>
                <Badge color="orange" variant="filled" data-testid="sandbox-badge">
                  {t('app.sandbox')}
                </Badge>
              </Tooltip>
            )}
          </Group>
          <Group gap="sm" wrap="nowrap">
            <LanguageSwitch />
            <Text size="sm" c="dimmed" data-testid="user-name" visibleFrom="sm">
              {me.user.name || me.user.email}
            </Text>
            <Button variant="default" size="xs" onClick={() => logoutMutation.mutate()} loading={logoutMutation.isPending}>
              {t('nav.logout')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label={t('nav.menu')}>
        <Stack gap={4}>
          {MENU.map((m) => (
            <NavLink key={m.to} component={Link} to={m.to} label={t(m.key)} active={pathname.startsWith(m.to)} variant="filled" onClick={menu.close} />
          ))}
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
