import type { UseMutationResult } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../error-text.js';
import { toastDone } from '../toast.js';

/** What `<ConfirmDelete>` needs besides its text and wording; spread it into the dialog. */
export interface ConfirmDeleteDialogProps {
  opened: boolean;
  loading: boolean;
  error: string | null;
  onClose: () => void;
  onConfirm: () => void;
}

/**
 * The ask → confirm → delete flow for a list: `ask(row)` opens the dialog with the previous
 * refusal cleared; confirming deletes `target` by id and closes only on success, so a refusal
 * (e.g. template.in_use) stays visible in the dialog. `onDeleted` runs before the dialog closes;
 * a toast confirms it (`doneText`, default "Terhapus.").
 */
export function useConfirmDelete<T extends { id: string }>(
  mutation: UseMutationResult<unknown, Error, string>,
  onDeleted?: (row: T) => void,
  doneText?: string,
): { target: T | null; ask: (row: T) => void; dialogProps: ConfirmDeleteDialogProps } {
  const { t } = useTranslation();
  const [target, setTarget] = useState<T | null>(null);
  return {
    target,
    ask: (row) => {
      mutation.reset();
      setTarget(row);
    },
    dialogProps: {
      opened: target !== null,
      loading: mutation.isPending,
      error: mutation.error ? errorText(t, mutation.error) : null,
      onClose: () => setTarget(null),
      onConfirm: () => {
        if (!target) return;
        mutation.mutate(target.id, {
          onSuccess: () => {
            onDeleted?.(target);
            toastDone(doneText ?? t('common.deleted'));
            setTarget(null);
          },
        });
      },
    },
  };
}
