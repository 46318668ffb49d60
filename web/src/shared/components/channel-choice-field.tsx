import { MultiSelect, Select, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { AUTOMATION_CHANNELS, type ChannelKind } from '../../../../src/domain/vocabulary.js';

const isChannel = (v: string | null): v is ChannelKind => v !== null && (AUTOMATION_CHANNELS as readonly string[]).includes(v);

/**
 * Channel choice (issue 9 part 5) for an automation or a broadcast: the preferred channel and its
 * fallbacks in the order picked. The value is the API's `channels` list, preferred first.
 */
export function ChannelChoiceField({ value, onChange, error }: { value: readonly ChannelKind[]; onChange: (next: ChannelKind[]) => void; error?: React.ReactNode }) {
  const { t } = useTranslation();
  const name = (c: ChannelKind) => t(`channelChoice.names.${c}`);
  const [preferred, ...fallbacks] = value.length > 0 ? value : (['whatsapp'] as ChannelKind[]);
  const options = AUTOMATION_CHANNELS.map((c) => ({ value: c, label: name(c) }));
  return (
    <Stack gap={6}>
      <Select
        label={t('channelChoice.preferred')}
        required
        data={options}
        value={preferred}
        allowDeselect={false}
        // The new preferred channel leaves the fallbacks; the old one is not added back on its own.
        onChange={(v) => { if (isChannel(v)) onChange([v, ...fallbacks.filter((c) => c !== v)]); }}
        error={error}
      />
      <MultiSelect
        label={t('channelChoice.fallbacks')}
        description={t('channelChoice.fallbacksHelp')}
        placeholder={fallbacks.length === 0 ? t('channelChoice.fallbacksPlaceholder') : undefined}
        data={options.filter((o) => o.value !== preferred)}
        // Mantine keeps the values in the order they were picked: that order is the fallback order.
        value={fallbacks}
        onChange={(vs) => onChange([preferred!, ...vs.filter(isChannel)])}
        clearable
        hidePickedOptions
        comboboxProps={{ withinPortal: true }}
      />
      {fallbacks.length > 0 && (
        <Text size="sm" c="dimmed" data-testid="channel-order">
          {t('channelChoice.order', { order: [preferred!, ...fallbacks].map(name).join(' → ') })}
        </Text>
      )}
    </Stack>
  );
}
