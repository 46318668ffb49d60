import { Button, Group, Modal, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useBlocker } from 'react-router-dom';

/**
 * Holds a navigation away from an edited form until the user confirms, and asks the browser
 * to warn on reload or close. Returns the confirm dialog to render, and `release()` to call just
 * before navigating away after a save (the state saying "clean" would arrive one render too late).
 */
export function useUnsavedGuard(dirty: boolean) {
  const { t } = useTranslation();
  const released = useRef(false);
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && !released.current && currentLocation.pathname !== nextLocation.pathname);

  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const dialog = (
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
  return {
    dialog,
    release: () => {
      released.current = true;
    },
  };
}
