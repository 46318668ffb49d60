import { AppShell, Badge, Box, Burger, Button, Group, NavLink, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router-dom';
import type { Me } from '../../../../../src/contracts/index.js';
import { useLogout } from '../../auth/hooks/use-session.js';
import { DemoBanner } from '../../automations/components/demo-banner.js';
import { UnsavedGuardRoot } from '../../../shared/hooks/use-unsaved-guard.js';
import { LanguageSwitch } from './language-switch.js';
import '../../journeys/words.js';

const MENU = [
  { to: '/dashboard', key: 'nav.dashboard' },
  { to: '/inbox', key: 'nav.inbox' },
  { to: '/templates', key: 'nav.templates' },
  { to: '/automations', key: 'nav.automations' },
  { to: '/journeys', key: 'nav.journeys' },
  { to: '/broadcasts', key: 'nav.broadcasts' },
  { to: '/messages', key: 'nav.messages' },
  { to: '/contacts', key: 'nav.contacts' },
  { to: '/segments', key: 'nav.segments' },
  { to: '/insights/lifecycle', key: 'nav.lifecycle' },
  { to: '/insights/rfm', key: 'nav.insights' },
  { to: '/referrals', key: 'nav.referrals' },
  { to: '/settings', key: 'nav.settings' },
] as const;

/** Header (workspace, sandbox badge, language, user, logout) + navbar + the routed page. */
export function AppLayout({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const logoutMutation = useLogout();
  // Under 768 px (Mantine's `sm`) the menu hides behind the burger; choosing a page closes it.
  const [menuOpen, menu] = useDisclosure(false);
  // A closed phone menu is only moved off screen: inert keeps Tab and screen readers out of it.
  const phone = useMediaQuery('(max-width: 47.99em)') ?? false;
  const logout = (
    <Button variant="default" size="xs" onClick={() => logoutMutation.mutate()} loading={logoutMutation.isPending}>
      {t('nav.logout')}
    </Button>
  );

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !menuOpen } }} padding={{ base: 'sm', sm: 'lg' }}>
      <AppShell.Header>
        <Group h="100%" px={{ base: 'xs', sm: 'md' }} justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
            <Burger opened={menuOpen} onClick={menu.toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.menu')} aria-expanded={menuOpen} aria-controls="sapa-navbar" />
            <Title order={3} c="teal.9">
              {t('app.name')}
            </Title>
            <Text fw={500} data-testid="workspace-name" truncate="end" style={{ minWidth: 0 }} visibleFrom="xs">
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
          <Group gap="xs" wrap="nowrap">
            <LanguageSwitch />
            <Text size="sm" c="dimmed" data-testid="user-name" visibleFrom="sm">
              {me.user.name || me.user.email}
            </Text>
            <Box visibleFrom="sm">{logout}</Box>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label={t('nav.menu')} id="sapa-navbar" inert={phone && !menuOpen}>
        <Stack gap={4}>
          {MENU.map((m) => (
            <NavLink key={m.to} component={Link} to={m.to} label={t(m.key)} active={pathname.startsWith(m.to)} variant="filled" onClick={menu.close} />
          ))}
          {me.user.role === 'owner' && (
            <NavLink component={Link} to="/audit" label={t('nav.audit')} active={pathname.startsWith('/audit')} variant="filled" onClick={menu.close} />
          )}
        </Stack>
        {/* On a phone the header has no room for it: logging out lives at the menu's foot. */}
        <Box hiddenFrom="sm" mt="md" px="xs">
          <Text size="sm" c="dimmed" mb="xs" truncate="end">
            {me.workspace.name} · {me.user.name || me.user.email}
          </Text>
          {logout}
        </Box>
      </AppShell.Navbar>
      <AppShell.Main>
        <DemoBanner />
        <Outlet />
        <UnsavedGuardRoot />
      </AppShell.Main>
    </AppShell>
  );
}
