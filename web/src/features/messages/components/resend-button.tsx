import { Alert, Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Message } from '../../../../../src/contracts/index.js';
import { ApiError } from '../../../shared/api-client.js';
import { errorText } from '../../../shared/error-text.js';
import { useResendMessage } from '../hooks/use-messages.js';
import { uiLanguage } from '../words.js';

/**
 * "Kirim ulang" for a failed or skipped message. The server sends it once however often it is
 * asked; the button is also busy while the request runs. When it still cannot go, the reason is
 * shown inline; once resent, the button opens the new message instead, and a message whose intent
 * a fallback channel took over opens that message.
 */
export function ResendButton({ message, onOpen }: { message: Pick<Message, 'id' | 'status' | 'resentAs' | 'fallbackAs'>; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const resend = useResendMessage();
  // Its intent went on by the next channel: sending this one again would make it two messages.
  if (message.fallbackAs) {
    const fallbackAs = message.fallbackAs;
    return (
      <Group>
        <Button variant="light" size="xs" onClick={() => onOpen(fallbackAs)} data-testid="open-fallback">
          {t('messageTools.openFallback')}
        </Button>
      </Group>
    );
  }
  if (message.resentAs) {
    const resentAs = message.resentAs;
    return (
      <Group>
        <Button variant="light" size="xs" onClick={() => onOpen(resentAs)} data-testid="open-resent">
          {t('messageTools.openResend')}
        </Button>
      </Group>
    );
  }
  if (message.status !== 'failed' && message.status !== 'skipped') return null;
  return (
    <>
      <Group>
        <Button
          size="xs"
          loading={resend.isPending}
          disabled={resend.isPending}
          onClick={() => resend.mutate(message.id, { onSuccess: (again) => onOpen(again.id) })}
          data-testid="resend-message"
        >
          {resend.isPending ? t('messageTools.resending') : t('messageTools.resend')}
        </Button>
      </Group>
      {resend.error && (
        <Alert color="red" role="alert" data-testid="resend-error">
          {resendErrorText(resend.error) ?? errorText(t, resend.error)}
        </Alert>
      )}
    </>
  );
}

/** The server's reason in the UI's language: Indonesian in errors[0].message, English in the detail. */
function resendErrorText(err: unknown): string | null {
  if (!(err instanceof ApiError) || err.code !== 'message.cannot_resend') return null;
  return uiLanguage() === 'id' ? (err.errors[0]?.message ?? err.message) : err.message;
}
