import { Badge, Group, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export interface ChipVariable {
  code: string;
  label: string;
  labelEn: string;
}

/** The variables a trigger allows, each with its meaning beside it, as buttons that insert `{code}` into the message. */
export function VariableChips({ variables, hint, onInsert }: { variables: ChipVariable[]; hint: string; onInsert: (code: string) => void }) {
  const { i18n } = useTranslation();
  return (
    <div>
      <Text size="xs" c="dimmed" mb={4}>
        {hint}
      </Text>
      <Group gap={6} data-testid="variable-chips">
        {variables.map((v) => {
          const label = i18n.language === 'en' ? v.labelEn : v.label;
          return (
            // mousedown is prevented so the textarea keeps its caret position
            <UnstyledButton
              key={v.code}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => onInsert(v.code)}
              aria-label={`{${v.code}} ${label}`}
              style={{ border: '1px solid var(--mantine-color-teal-3)', borderRadius: 16, padding: '2px 8px 2px 2px', maxWidth: '100%' }}
            >
              <Group gap={6} wrap="nowrap">
                <Badge variant="light" tt="none" style={{ cursor: 'pointer', flexShrink: 0 }}>{`{${v.code}}`}</Badge>
                <Text size="xs" truncate="end">
                  {label}
                </Text>
              </Group>
            </UnstyledButton>
          );
        })}
      </Group>
    </div>
  );
}
