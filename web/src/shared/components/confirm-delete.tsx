import { Button, Group, Modal, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * Yes/no modal before a delete; `error` shows the server's refusal (e.g. template.in_use).
 * `title`/`confirmLabel` default to the delete wording; revoking a key passes its own.
 */
export function ConfirmDelete(props: {
  opened: boolean;
  text: string;
  loading: boolean;
  error?: string | null;
  title?: string;
  confirmLabel?: string;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={props.title ?? t('common.confirmDelete')} centered>
      <Text mb="md">{props.text}</Text>
      {props.error && (
        <Text c="red" size="sm" mb="md" role="alert">
          {props.error}
        </Text>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={props.onClose}>
          {t('common.cancel')}
        </Button>
        <Button color="red" onClick={props.onConfirm} loading={props.loading}>
          {props.confirmLabel ?? t('common.delete')}
        </Button>
      </Group>
    </Modal>
  );
}
