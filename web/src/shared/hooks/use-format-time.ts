import { useTranslation } from 'react-i18next';
import { useSession } from '../../features/auth/hooks/use-session.js';
import { DEFAULT_TIME_ZONE, formatDate, formatDateTime } from '../format-time.js';

/** The workspace's IANA time zone (its report days, its quiet hours). */
export function useWorkspaceTimeZone(): string {
  return useSession().data?.workspace.timezone ?? DEFAULT_TIME_ZONE;
}

/** The formatters bound to the UI's language and the workspace's time zone. */
export function useFormatTime() {
  const { i18n } = useTranslation();
  const timeZone = useWorkspaceTimeZone();
  return {
    dateTime: (iso: string | null | undefined) => (iso ? formatDateTime(iso, i18n.language, timeZone) : '—'),
    date: (iso: string | null | undefined) => (iso ? formatDate(iso, i18n.language, timeZone) : '—'),
  };
}
