import { Button, Group, Modal, Text } from '@mantine/core';
import { useEffect, useId, useLayoutEffect, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { useBlocker } from 'react-router-dom';

/*
 * A router supports one blocker at a time (react-router keeps only the last one registered), and a
 * page may hold several forms (Pengaturan: the WhatsApp number and the marketing rules). So each form
 * only reports whether it is edited, and one <UnsavedGuardRoot/> in the layout blocks navigation
 * while any of them is.
 */
const edited = new Set<string>();
/** Forms that saved and are about to navigate away: not edited whatever their state says. */
const released = new Set<string>();
const listeners = new Set<() => void>();
let version = 0;
function report(id: string, dirty: boolean): void {
  if (dirty === edited.has(id)) return;
  if (dirty) edited.add(id);
  else edited.delete(id);
  version++;
  for (const l of listeners) l();
}
const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

/**
 * Holds a navigation away from an edited form until the user confirms, and asks the browser to
 * warn on reload or close. Returns `release()` to call just before navigating away after a save
 * (the state saying "clean" would arrive one render too late); `dialog` is kept for callers and
 * renders nothing (the root renders the one dialog).
 */
export function useUnsavedGuard(dirty: boolean) {
  const id = useId();
  // A layout effect runs in the same task as the keystroke's render: a click right after sees it.
  useLayoutEffect(() => report(id, dirty && !released.has(id)), [id, dirty]);
  useEffect(() => () => {
    released.delete(id);
    report(id, false);
  }, [id]);
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
  return {
    dialog: null,
    release: () => {
      released.add(id);
      report(id, false);
    },
  };
}

/** The one navigation blocker and its question, for every form on the page (render once, in the layout). */
export function UnsavedGuardRoot() {
  const { t } = useTranslation();
  useSyncExternalStore(subscribe, () => version);
  const blocker = useBlocker(({ currentLocation, nextLocation }) => edited.size > 0 && currentLocation.pathname !== nextLocation.pathname);
  return (
    <Modal opened={blocker.state === 'blocked'} onClose={() => blocker.reset?.()} title={t('common.unsavedTitle')} centered>
      <Text mb="md">{t('common.unsavedText')}</Text>
      <Group justify="flex-end">
        <Button variant="default" onClick={() => blocker.reset?.()}>
          {t('common.stay')}
        </Button>
        <Button color="red" onClick={() => blocker.proceed?.()}>
          {t('common.leave')}
        </Button>
      </Group>
    </Modal>
  );
}
