import { notifications } from '@mantine/notifications';
import i18n from '../i18n/index.js';

/**
 * A short confirmation after a save or a delete; announced politely by screen readers. Its close
 * button is named ("Tutup"): unnamed, axe flags it as a button without text while the toast shows.
 */
export function toastDone(message: string): void {
  notifications.show({ message, color: 'teal', autoClose: 3000, withBorder: true, closeButtonProps: { 'aria-label': i18n.t('common.close') } });
}
