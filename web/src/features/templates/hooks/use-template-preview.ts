import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { PreviewResult } from '../../../../../src/contracts/index.js';
import type { TriggerKey } from '../../../../../src/domain/triggers.js';
import { previewTemplate } from '../api.js';

/**
 * Live preview of an unsaved message with sample data for the trigger, rendered by the
 * server's own renderer (POST /templates/preview), debounced so typing stays smooth.
 */
export function useTemplatePreview(message: string, trigger: TriggerKey | null): { result: PreviewResult | undefined; pending: boolean } {
  const [debounced] = useDebouncedValue(message, 250);
  const query = useQuery({
    queryKey: ['template-preview', debounced, trigger],
    queryFn: () => previewTemplate({ message: debounced, ...(trigger ? { trigger } : {}) }),
    enabled: debounced.length > 0,
    placeholderData: keepPreviousData,
    staleTime: Infinity,
  });
  return { result: debounced.length > 0 ? query.data : undefined, pending: debounced !== message || query.isFetching };
}
