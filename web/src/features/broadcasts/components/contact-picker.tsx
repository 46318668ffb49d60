import { MultiSelect, Select, type OptionsFilter } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contact } from '../../../../../src/contracts/index.js';
import { formatPhoneNational } from '../../../../../src/domain/phone-display.js';
import { useContactSearch } from '../hooks/use-broadcasts.js';

/** A chosen contact as the pickers show it: "Budi Santoso · 0812-3456-7890". */
export interface PickedContact { value: string; label: string }

export const contactOption = (c: Contact): PickedContact => ({
  value: c.id,
  label: [c.name, c.phone ? formatPhoneNational(c.phone) : c.email].filter(Boolean).join(' · ') || c.id,
});

// The server already matched the search (a number as typed, 0812… or +62 812…); the browser must not filter again by label.
const serverFiltered: OptionsFilter = ({ options }) => options;

/** Search-as-you-type over the workspace's contacts (name or number), the search debounced. */
function useSearch(skip: string | null) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  // After a pick the single select shows the pick's label as its text: that is not a new search.
  const q = debounced === skip ? '' : debounced.trim();
  return { search, setSearch, results: useContactSearch(q) };
}

/** Pick many contacts (a broadcast's explicit audience); the chosen stay listed whatever the search shows. */
export function ContactMultiPicker(props: { value: PickedContact[]; onChange: (v: PickedContact[]) => void; max: number; label: string; description?: ReactNode; error?: ReactNode }) {
  const { t } = useTranslation();
  const { search, setSearch, results } = useSearch(null);
  const found = (results.data ?? []).map(contactOption);
  const data = [...props.value, ...found.filter((f) => !props.value.some((v) => v.value === f.value))];
  return (
    <MultiSelect
      label={props.label}
      description={props.description}
      error={props.error}
      placeholder={props.value.length === 0 ? t('broadcasts.contactsPlaceholder') : undefined}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={serverFiltered}
      data={data}
      value={props.value.map((v) => v.value)}
      onChange={(ids) => props.onChange(ids.map((id) => data.find((d) => d.value === id) ?? { value: id, label: id }))}
      maxValues={props.max}
      nothingFoundMessage={results.isFetching ? t('app.loading') : t('common.noResults')}
      hidePickedOptions
      clearable
      clearButtonProps={{ 'aria-label': t('broadcasts.clear') }}
      data-testid="audience-contacts"
    />
  );
}

/** Pick one contact (the test send's recipient). */
export function ContactPicker(props: { value: PickedContact | null; onChange: (v: PickedContact | null) => void; label: string }) {
  const { t } = useTranslation();
  const { search, setSearch, results } = useSearch(props.value?.label ?? null);
  const found = (results.data ?? []).map(contactOption);
  const data = props.value && !found.some((f) => f.value === props.value?.value) ? [props.value, ...found] : found;
  return (
    <Select
      label={props.label}
      placeholder={t('broadcasts.contactsPlaceholder')}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={serverFiltered}
      data={data}
      value={props.value?.value ?? null}
      onChange={(id) => props.onChange(data.find((d) => d.value === id) ?? null)}
      nothingFoundMessage={results.isFetching ? t('app.loading') : t('common.noResults')}
      clearable
      clearButtonProps={{ 'aria-label': t('broadcasts.clear') }}
      data-testid="test-contact"
    />
  );
}
