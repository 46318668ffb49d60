import { Alert, Button, Group, Modal, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Broadcast } from '../../../../../src/contracts/index.js';
import { errorText } from '../../../shared/error-text.js';
import { toastDone } from '../../../shared/toast.js';
import { useCancelBroadcast } from '../hooks/use-broadcasts.js';

/** Stops a scheduled or sending broadcast after a confirmation; what went out stays out. */
export function CancelButton({ broadcast: b }: { broadcast: Broadcast }) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const cancel = useCancelBroadcast(b.id);
  return (
    <>
      <Button
        color="red"
        variant="outline"
        onClick={() => {
          cancel.reset();
          setAsking(true);
        }}
      >
        {t('broadcasts.cancel')}
      </Button>
      <Modal opened={asking} onClose={() => setAsking(false)} title={t('broadcasts.cancelTitle')} centered closeButtonProps={{ 'aria-label': t('common.close') }}>
        <Text mb="md">{t('broadcasts.cancelConfirm', { name: b.name })}</Text>
        {cancel.error && (
          <Alert color="red" role="alert" mb="md">
            {errorText(t, cancel.error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setAsking(false)}>
            {t('broadcasts.keep')}
          </Button>
          <Button
            color="red"
            loading={cancel.isPending}
            onClick={() =>
              cancel.mutate(undefined, {
                onSuccess: () => {
                  setAsking(false);
                  toastDone(t('broadcasts.cancelled'));
                },
              })
            }
            data-testid="cancel-confirm"
          >
            {t('broadcasts.cancelYes')}
          </Button>
        </Group>
      </Modal>
    </>
  );
}
