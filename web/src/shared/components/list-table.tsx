import { Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** A column heading: its text, or its text and a fixed width (e.g. the actions column). */
export type ListColumn = string | { label: string; w: number };

/** The "nothing here" row spanning every column of a table. */
export function EmptyRow(props: { colSpan: number }) {
  const { t } = useTranslation();
  return (
    <Table.Tr>
      <Table.Td colSpan={props.colSpan}>
        <Text c="dimmed" ta="center" py="md">
          {t('common.empty')}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}

/**
 * The list pages' striped, bordered table: one heading per column, the rows given as children,
 * and the empty row when `empty` (a loaded, zero-length list; not while loading).
 */
export function ListTable(props: { testId: string; columns: readonly ListColumn[]; empty: boolean; highlightOnHover?: boolean; children: ReactNode }) {
  return (
    <Table striped highlightOnHover={props.highlightOnHover ?? false} withTableBorder data-testid={props.testId}>
      <Table.Thead>
        <Table.Tr>
          {props.columns.map((c) =>
            typeof c === 'string' ? (
              <Table.Th key={c}>{c}</Table.Th>
            ) : (
              <Table.Th key={c.label} w={c.w}>
                {c.label}
              </Table.Th>
            ),
          )}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {props.children}
        {props.empty && <EmptyRow colSpan={props.columns.length} />}
      </Table.Tbody>
    </Table>
  );
}
