import { Badge, Group, TagsInput, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contact } from '../../../../../src/contracts/index.js';
import { errorText } from '../../../shared/error-text.js';
import { useCan } from '../../auth/hooks/use-can.js';
import { useSaveTags, useTagCounts } from '../hooks/use-contacts.js';

// A tag is the shop's own word and can be long: it wraps inside its badge rather than being cut.
const WRAPPING_BADGE = { root: { height: 'auto', paddingBlock: 2 }, label: { whiteSpace: 'normal', overflowWrap: 'anywhere', textOverflow: 'clip' } } as const;
/** The API's limits (contracts/contacts.ts): up to 100 tags of up to 100 characters. */
const MAX_TAGS = 100;
const MAX_TAG_LENGTH = 100;

/**
 * The contact's tags: chips with × and an input suggesting the workspace's tags (most used first).
 * Each change saves at once; a refused save puts the tags back and says why.
 */
export function ContactTags({ contact }: { contact: Contact }) {
  const { t } = useTranslation();
  const canTag = useCan('contacts:tag');
  const [focused, setFocused] = useState(false);
  const suggestions = useTagCounts(focused);
  const save = useSaveTags(contact.id);
  const [tags, setTags] = useState(contact.tags);

  if (!canTag) {
    if (contact.tags.length === 0) return <>{t('contacts.noTags')}</>;
    return (
      <Group gap={6} data-testid="contact-tags">
        {contact.tags.map((tag) => <Badge key={tag} variant="light" tt="none" maw="100%" styles={WRAPPING_BADGE}>{tag}</Badge>)}
      </Group>
    );
  }

  const change = (next: string[]) => {
    const clean = [...new Set(next.map((tag) => tag.trim()).filter((tag) => tag !== '' && tag.length <= MAX_TAG_LENGTH))];
    const before = tags;
    setTags(clean);
    save.mutate(clean, { onError: () => setTags(before) });
  };

  return (
    <div>
      <div data-testid="contact-tags">
        <TagsInput
          aria-label={t('contacts.tags')}
          placeholder={tags.length === 0 ? t('pdp.tags.placeholder') : undefined}
          data={(suggestions.data ?? []).map((s) => s.tag)}
          value={tags}
          onChange={change}
          onFocus={() => setFocused(true)}
          maxTags={MAX_TAGS}
          splitChars={[',']}
          clearable={false}
          comboboxProps={{ withinPortal: true }}
          styles={{ pill: { maxWidth: '100%' } }}
        />
      </div>
      <Text size="xs" c={save.isError ? 'red' : 'dimmed'} mt={4} role={save.isError ? 'alert' : undefined} data-testid="contact-tags-status">
        {save.isError ? errorText(t, save.error) : save.isPending ? t('pdp.tags.saving') : t('pdp.tags.hint')}
      </Text>
    </div>
  );
}
