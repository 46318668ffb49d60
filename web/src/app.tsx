import { DashboardPage } from './features/insights/dashboard-page.js';
import { LifecyclePage } from './features/insights/lifecycle-page.js';
import { Center, Loader, MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { createBrowserRouter, createRoutesFromElements, Navigate, Route, RouterProvider, useLocation } from 'react-router-dom';
import { LoginPage } from './features/auth/components/login-page.js';
import { SESSION_KEY, useSession } from './features/auth/hooks/use-session.js';
import { AutomationFormPage } from './features/automations/components/automation-form-page.js';
import { AutomationListPage } from './features/automations/components/automation-list-page.js';
import { JourneyListPage } from './features/journeys/components/journey-list-page.js';
import { JourneyPage } from './features/journeys/components/journey-page.js';
import { BroadcastFormPage } from './features/broadcasts/components/broadcast-form-page.js';
import { BroadcastListPage } from './features/broadcasts/components/broadcast-list-page.js';
import { BroadcastPage } from './features/broadcasts/components/broadcast-page.js';
import { ContactListPage } from './features/contacts/components/contact-list-page.js';
import { ContactPage } from './features/contacts/components/contact-page.js';
import { ImportPage } from './features/contacts/components/import-page.js';
import { InsightsPage } from './features/insights/components/insights-page.js';
import { ReferralsPage } from './features/referrals/referrals-page.js';
import { InboxPage } from './features/inbox/components/inbox-page.js';
import { MessagesPage } from './features/messages/components/messages-page.js';
import { SegmentEditorPage } from './features/segments/components/segment-editor-page.js';
import { SegmentListPage } from './features/segments/components/segment-list-page.js';
import { SettingsPage } from './features/settings/components/settings-page.js';
import { AppLayout } from './features/shell/components/app-layout.js';
import { AcceptInvitePage } from './features/team/components/accept-invite-page.js';
import { AuditPage } from './features/team/components/audit-page.js';
import { TemplateFormPage } from './features/templates/components/template-form-page.js';
import { TemplateListPage } from './features/templates/components/template-list-page.js';
import { ApiError } from './shared/api-client.js';
import { cssVariablesResolver, theme } from './shared/theme.js';

// A 401 from any call means the session is gone: clearing it makes the guard show the login page.
const onError = (err: unknown) => {
  if (err instanceof ApiError && err.status === 401 && err.code !== 'auth.invalid_credentials') {
    queryClient.setQueryData(SESSION_KEY, null);
  }
};
const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    queries: { retry: (n, err) => !(err instanceof ApiError && err.status < 500 && err.status > 0) && n < 2, refetchOnWindowFocus: false },
  },
});

function RequireSession() {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();
  if (session.isPending)
    return (
      <Center mih="100vh" aria-label={t('app.loading')}>
        <Loader />
      </Center>
    );
  if (!session.data) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <AppLayout me={session.data} />;
}

// A data router, so an edited form can hold a navigation (useBlocker) until the user confirms.
const router = createBrowserRouter(
  createRoutesFromElements(
    <>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/undangan" element={<AcceptInvitePage />} />
      <Route element={<RequireSession />}>
        <Route path="/" element={<Navigate to="/templates" replace />} />
        <Route path="/inbox" element={<InboxPage />} />
        <Route path="/inbox/:id" element={<InboxPage />} />
        <Route path="/templates" element={<TemplateListPage />} />
        <Route path="/templates/new" element={<TemplateFormPage />} />
        <Route path="/templates/:id/edit" element={<TemplateFormPage />} />
        <Route path="/automations" element={<AutomationListPage />} />
        <Route path="/automations/new" element={<AutomationFormPage />} />
        <Route path="/automations/:id/edit" element={<AutomationFormPage />} />
        <Route path="/journeys" element={<JourneyListPage />} />
        <Route path="/journeys/new" element={<JourneyPage />} />
        <Route path="/journeys/:id" element={<JourneyPage />} />
        <Route path="/broadcasts" element={<BroadcastListPage />} />
        <Route path="/broadcasts/new" element={<BroadcastFormPage />} />
        <Route path="/broadcasts/:id" element={<BroadcastPage />} />
        <Route path="/broadcasts/:id/edit" element={<BroadcastFormPage />} />
        <Route path="/messages" element={<MessagesPage />} />
        <Route path="/contacts" element={<ContactListPage />} />
        <Route path="/contacts/import" element={<ImportPage />} />
        <Route path="/contacts/:id" element={<ContactPage />} />
        <Route path="/insights/rfm" element={<InsightsPage />} />
        <Route path="/referrals" element={<ReferralsPage />} />
        <Route path="/segments" element={<SegmentListPage />} />
        <Route path="/segments/new" element={<SegmentEditorPage />} />
        <Route path="/segments/:id" element={<SegmentEditorPage />} />
        <Route path="/dashboard" element={<DashboardPage />} />
        <Route path="/insights/lifecycle" element={<LifecyclePage />} />
        <Route path="/settings" element={<SettingsPage />} />
        <Route path="/audit" element={<AuditPage />} />
        <Route path="*" element={<Navigate to="/templates" replace />} />
      </Route>
    </>,
  ),
);

/** The whole web app: providers + routes. */
export function App() {
  return (
    <MantineProvider defaultColorScheme="light" theme={theme} cssVariablesResolver={cssVariablesResolver}>
      <Notifications position="top-center" />
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  );
}
