import { notifications } from '@mantine/notifications';

/** A short confirmation after a save or a delete; announced politely by screen readers. */
export function toastDone(message: string): void {
  notifications.show({ message, color: 'teal', autoClose: 3000, withBorder: true });
}
