import { Text, type SelectProps } from '@mantine/core';
import './option-with-description.css';

/** Give a Select this class for its options so a disabled one stays readable. */
export const OPTION_CLASS = 'sapa-option';

/**
 * A Select option with a second line from the option's `description` (the seed's English trigger
 * label beside the Indonesian one, or why a disabled option cannot be chosen — then in full colour,
 * the label dimmed).
 */
export const optionWithDescription: SelectProps['renderOption'] = ({ option }) => {
  const description = (option as { description?: string | null }).description;
  return (
    <div>
      <Text size="sm" c={option.disabled ? 'dimmed' : undefined}>
        {option.label}
      </Text>
      {description && (
        <Text size="xs" c={option.disabled ? undefined : 'dimmed'}>
          {description}
        </Text>
      )}
    </div>
  );
};
