import { Button, Group, Paper, SegmentedControl, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { SEGMENT_LIMITS } from '../../../../../src/domain/segment-fields.js';
import { isDraftGroup, newCondition, newGroup, type DraftGroup, type DraftRule } from '../draft.js';
import { RuleRow } from './rule-row.js';

/**
 * A group of rules matched all or any, with its rules and nested groups (up to the domain's
 * depth). `path` is the group's place in the API's terms (`rules[1]`), so the server's errors
 * land on the row they name.
 */
export function RuleGroup(props: {
  group: DraftGroup;
  path: string;
  depth: number;
  errors: (path: string) => string[];
  onChange: (group: DraftGroup) => void;
  onRemove?: () => void;
}) {
  const { t } = useTranslation();
  const { group, onChange } = props;
  const setRule = (index: number, rule: DraftRule | null) =>
    onChange({ ...group, rules: rule ? group.rules.map((r, i) => (i === index ? rule : r)) : group.rules.filter((_, i) => i !== index) });
  const at = (i: number) => `${props.path ? `${props.path}.` : ''}rules[${i}]`;
  const nested = props.depth > 1;

  return (
    <Paper
      withBorder={nested}
      p={nested ? 'xs' : 0}
      radius="sm"
      bg={nested ? 'var(--mantine-color-gray-0)' : undefined}
      style={nested ? { borderLeft: '3px solid var(--mantine-color-teal-5)' } : undefined}
      data-testid={nested ? 'segment-group' : 'segment-root'}
    >
      <Stack gap="xs">
        <Group gap="xs" wrap="wrap">
          <Text size="sm">{t('segments.matchPrefix')}</Text>
          <SegmentedControl
            size="xs"
            aria-label={t('segments.match')}
            value={group.match}
            onChange={(v) => onChange({ ...group, match: v === 'any' ? 'any' : 'all' })}
            data={[{ value: 'all', label: t('segments.matchAll') }, { value: 'any', label: t('segments.matchAny') }]}
          />
          <Text size="sm">{t('segments.matchSuffix')}</Text>
        </Group>
        {group.rules.length === 0 && (
          <Text size="sm" c="dimmed">
            {group.match === 'all' ? t('segments.emptyAll') : t('segments.emptyAny')}
          </Text>
        )}
        {group.rules.map((rule, i) =>
          isDraftGroup(rule) ? (
            <RuleGroup key={rule.key} group={rule} path={at(i)} depth={props.depth + 1} errors={props.errors} onChange={(g) => setRule(i, g)} onRemove={() => setRule(i, null)} />
          ) : (
            <RuleRow key={rule.key} rule={rule} errors={(suffix) => props.errors(`${at(i)}${suffix}`)} onChange={(r) => setRule(i, r)} onRemove={() => setRule(i, null)} />
          ),
        )}
        {props.errors(props.path ? `${props.path}.rules` : 'rules').map((e) => (
          <Text key={e} c="red" size="xs">
            {e}
          </Text>
        ))}
        <Group gap="xs">
          <Button size="compact-sm" variant="light" onClick={() => onChange({ ...group, rules: [...group.rules, newCondition()] })}>
            {t('segments.addRule')}
          </Button>
          {props.depth < SEGMENT_LIMITS.maxDepth && (
            <Button size="compact-sm" variant="subtle" onClick={() => onChange({ ...group, rules: [...group.rules, newGroup(group.match === 'all' ? 'any' : 'all')] })}>
              {t('segments.addGroup')}
            </Button>
          )}
          {props.onRemove && (
            <Button size="compact-sm" variant="subtle" color="red" onClick={props.onRemove}>
              {t('segments.removeGroup')}
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}
