import { Badge } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Hours and minutes left, e.g. "23 j 05 m" / "23h 05m". */
export function left(ms: number, lang: string): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const h = Math.floor(minutes / 60);
  const m = String(minutes % 60).padStart(2, '0');
  return lang === 'en' ? `${h}h ${m}m` : `${h} j ${m} m`;
}

/** The time now, renewed each half minute: the window's countdowns tick without a request. */
export function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** The 24-hour window's remaining time, ticking each half minute; a closed window says so. */
export function WindowCountdown({ closesAt }: { closesAt: string | null }) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  const remaining = closesAt ? Date.parse(closesAt) - now : 0;
  if (remaining <= 0) return <Badge color="gray" variant="light" data-testid="window">{t('inbox.windowClosed')}</Badge>;
  return <Badge color="teal" variant="light" data-testid="window">{t('inbox.windowOpen', { time: left(remaining, i18n.language) })}</Badge>;
}
