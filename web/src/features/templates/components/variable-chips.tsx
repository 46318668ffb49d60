import { Badge, Group, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export interface ChipVariable {
  code: string;
  label: string;
  labelEn: string;
}

/** The variables a trigger allows, as buttons that insert `{code}` into the message. */
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
            <Tooltip key={v.code} label={label}>
              {/* mousedown is prevented so the textarea keeps its caret position */}
              <UnstyledButton onMouseDown={(e) => e.preventDefault()} onClick={() => onInsert(v.code)} aria-label={`{${v.code}} ${label}`}>
                <Badge variant="light" tt="none" style={{ cursor: 'pointer' }}>{`{${v.code}}`}</Badge>
              </UnstyledButton>
            </Tooltip>
          );
        })}
      </Group>
    </div>
  );
}
