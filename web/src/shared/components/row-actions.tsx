import { ActionIcon, Button, Group, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

/** Where the edit button goes: a route (rendered as a link) or a callback (e.g. opening a modal). */
export type RowEdit = { to: string } | { onClick: () => void };

/**
 * A table row's edit button and red ✕ delete icon. Both are named "<Edit|Delete> <name>" so
 * screen readers (and the e2e tests) can tell the rows apart; `deleteTooltip` adds a hover hint.
 */
export function RowActions(props: { name: string; edit: RowEdit; onDelete: () => void; deleteTooltip?: boolean }) {
  const { t } = useTranslation();
  const editLabel = `${t('common.edit')} ${props.name}`;
  const deleteIcon = (
    <ActionIcon variant="light" color="red" aria-label={`${t('common.delete')} ${props.name}`} onClick={props.onDelete}>
      ✕
    </ActionIcon>
  );
  return (
    <Group gap="xs" wrap="nowrap">
      {'to' in props.edit ? (
        <Button size="compact-sm" variant="light" component={Link} to={props.edit.to} aria-label={editLabel}>
          {t('common.edit')}
        </Button>
      ) : (
        <Button size="compact-sm" variant="light" onClick={props.edit.onClick} aria-label={editLabel}>
          {t('common.edit')}
        </Button>
      )}
      {props.deleteTooltip ? <Tooltip label={t('common.delete')}>{deleteIcon}</Tooltip> : deleteIcon}
    </Group>
  );
}
