import { Text, type SelectProps } from '@mantine/core';

/**
 * A Select option with a second, dimmed line from the option's `description` (the seed's English
 * trigger label beside the Indonesian one, or why an option cannot be chosen).
 */
export const optionWithDescription: SelectProps['renderOption'] = ({ option }) => {
  const description = (option as { description?: string | null }).description;
  return (
    <div>
      <Text size="sm">{option.label}</Text>
      {description && (
        <Text size="xs" c="dimmed">
          {description}
        </Text>
      )}
    </div>
  );
};
