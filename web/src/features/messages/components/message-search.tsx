import { Group, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessageSearch } from '../api.js';

/**
 * The Messages page's search: a contact's name, a phone number as typed (0812…, 62812…, +62 812…)
 * or an order number, and a range of days. Typing is debounced so the log is not asked per key.
 */
export function MessageSearchBar({ value, onChange }: { value: MessageSearch; onChange: (next: MessageSearch) => void }) {
  const { t } = useTranslation();
  const [q, setQ] = useState(value.q ?? '');
  const sendQ = useDebouncedCallback((next: string) => onChange({ ...value, q: next }), 300);
  return (
    <Group align="end" gap="xs" wrap="wrap">
      <TextInput
        type="search"
        label={t('messageTools.search')}
        placeholder={t('messageTools.searchPlaceholder')}
        value={q}
        maxLength={200}
        onChange={(e) => {
          setQ(e.currentTarget.value);
          sendQ(e.currentTarget.value);
        }}
        style={{ flex: '1 1 16rem' }}
        data-testid="message-search"
      />
      <TextInput type="date" label={t('messageTools.from')} value={value.from ?? ''} onChange={(e) => onChange({ ...value, from: e.currentTarget.value || undefined })} data-testid="message-from" />
      <TextInput type="date" label={t('messageTools.to')} value={value.to ?? ''} onChange={(e) => onChange({ ...value, to: e.currentTarget.value || undefined })} data-testid="message-to" />
    </Group>
  );
}
