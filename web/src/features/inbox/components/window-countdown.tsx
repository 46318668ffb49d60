import { Badge } from '@mantine/core';
import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { SERVICE_WINDOW_MS } from '../../../../../src/domain/conversation.js';

/** Hours and minutes left, e.g. "23 j 05 m" / "23h 05m". */
export function left(ms: number, lang: string): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const h = Math.floor(minutes / 60);
  const m = String(minutes % 60).padStart(2, '0');
  return lang === 'en' ? `${h}h ${m}m` : `${h} j ${m} m`;
}

/**
 * One clock for every countdown on the page, renewed each half minute: the list's rows and the open
 * conversation read the same instant, so they never disagree by a tick.
 */
const listeners = new Set<() => void>();
let current = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;
function subscribe(listener: () => void): () => void {
  if (listeners.size === 0) {
    current = Date.now();
    timer = setInterval(() => {
      current = Date.now();
      for (const l of listeners) l();
    }, 30_000);
  }
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) clearInterval(timer);
  };
}
export const useNow = (): number => useSyncExternalStore(subscribe, () => current);

/** Time left in the window at `now`: never more than its 24 hours (a message may have arrived since the clock's last tick). */
export const windowLeftMs = (closesAt: string | null, now: number): number => (closesAt ? Math.min(Date.parse(closesAt) - now, SERVICE_WINDOW_MS) : 0);

/** The 24-hour window's remaining time, ticking each half minute; a closed window says so. */
export function WindowCountdown({ closesAt }: { closesAt: string | null }) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  const remaining = windowLeftMs(closesAt, now);
  if (remaining <= 0) return <Badge color="gray" variant="light" data-testid="window">{t('inbox.windowClosed')}</Badge>;
  return <Badge color="teal" variant="light" data-testid="window">{t('inbox.windowOpen', { time: left(remaining, i18n.language) })}</Badge>;
}
