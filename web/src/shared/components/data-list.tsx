import { Alert, Button, Group, Paper, Skeleton, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { Fragment, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../error-text.js';

/** One column: its heading, an optional fixed width on a desktop, and how a row shows in it. */
export interface DataColumn<T> {
  label: string;
  w?: number;
  render: (row: T) => ReactNode;
}

/** The parts of a TanStack query a list shows: loading, a failure with retry, the rows. */
export interface ListQuery {
  isPending: boolean;
  error: Error | null;
  refetch: () => unknown;
}

export interface DataListProps<T> {
  testId: string;
  rows: readonly T[] | undefined;
  query: ListQuery;
  /** The first column is the card's title on a phone; the others become label/value lines. */
  columns: readonly DataColumn<T>[];
  rowKey: (row: T) => string;
  rowTestId: (row: T) => string;
  /** Edit/delete buttons: the last table column, the card's foot. */
  actions?: { label: string; w: number; render: (row: T) => ReactNode };
  /** A search or filter is applied: an empty answer reads "no results", not "no data yet". */
  filtered?: boolean;
  onRowClick?: (row: T) => void;
  /** Name of the row for assistive technology when the row itself opens something. */
  rowLabel?: (row: T) => string;
}

/** Cards under Mantine's `sm` (768 px): a table would scroll sideways on a phone. */
const PHONE = '(max-width: 47.99em)';

/**
 * A list page's rows: a table on a desktop, cards on a phone, skeletons while the first load
 * runs, the failure with a retry button, and "Belum ada data." apart from "Tidak ada hasil".
 */
export function DataList<T>(props: DataListProps<T>) {
  const { t } = useTranslation();
  const phone = useMediaQuery(PHONE, false, { getInitialValueInEffect: false });
  const { query, rows } = props;

  if (query.error && !rows) return <LoadError error={query.error} onRetry={query.refetch} />;
  if (!rows) return <Loading testId={props.testId} />;

  const empty = rows.length === 0 && (
    <Text c="dimmed" ta="center" py="md" data-testid={`${props.testId}-empty`}>
      {props.filtered ? t('common.noResults') : t('common.empty')}
    </Text>
  );
  const clickable = (row: T) =>
    props.onRowClick
      ? {
          onClick: () => props.onRowClick?.(row),
          onKeyDown: (e: KeyboardEvent) => {
            if (e.key === 'Enter' || e.key === ' ') {
              e.preventDefault();
              props.onRowClick?.(row);
            }
          },
          tabIndex: 0,
          'aria-label': props.rowLabel?.(row),
          style: { cursor: 'pointer' },
        }
      : {};
  const refetchError = query.error && <LoadError error={query.error} onRetry={query.refetch} />;

  if (phone) {
    const [head, ...rest] = props.columns;
    return (
      <Stack gap="sm" data-testid={props.testId} data-layout="cards">
        {refetchError}
        {empty}
        {rows.map((row) => (
          <Paper key={props.rowKey(row)} withBorder p="sm" radius="md" data-testid={props.rowTestId(row)} {...clickable(row)}>
            {head && (
              <Text size="sm" fw={600} component="div" style={{ overflowWrap: 'anywhere' }}>
                {head.render(row)}
              </Text>
            )}
            {/* Label beside value: a phone screen holds a whole card at a glance. */}
            <div style={{ display: 'grid', gridTemplateColumns: 'minmax(5.5rem, 30%) minmax(0, 1fr)', gap: '6px 12px', marginTop: 8, alignItems: 'baseline' }}>
              {rest.map((c) => (
                <Fragment key={c.label}>
                  <Text size="xs" c="dimmed">
                    {c.label}
                  </Text>
                  <Text size="sm" component="div" style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
                    {c.render(row)}
                  </Text>
                </Fragment>
              ))}
            </div>
            {props.actions && (
              <Group justify="flex-end" mt="sm">
                {props.actions.render(row)}
              </Group>
            )}
          </Paper>
        ))}
      </Stack>
    );
  }

  const headings = props.actions ? [...props.columns, { label: props.actions.label, w: props.actions.w }] : props.columns;
  return (
    <Stack gap="sm">
      {refetchError}
      <Table striped highlightOnHover={!!props.onRowClick || !!props.actions} withTableBorder data-testid={props.testId} data-layout="table">
        <Table.Thead>
          <Table.Tr>
            {headings.map((c) => (
              <Table.Th key={c.label} w={c.w}>
                {c.label}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={props.rowKey(row)} data-testid={props.rowTestId(row)} {...clickable(row)}>
              {props.columns.map((c) => (
                <Table.Td key={c.label} maw={c.w ? undefined : 420} style={{ overflowWrap: 'anywhere' }}>
                  {c.render(row)}
                </Table.Td>
              ))}
              {props.actions && <Table.Td>{props.actions.render(row)}</Table.Td>}
            </Table.Tr>
          ))}
          {empty && (
            <Table.Tr>
              <Table.Td colSpan={headings.length}>{empty}</Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

function Loading({ testId }: { testId: string }) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm" aria-busy="true" aria-label={t('app.loading')} data-testid={`${testId}-loading`}>
      {[0, 1, 2].map((i) => (
        <Skeleton key={i} h={44} radius="sm" />
      ))}
    </Stack>
  );
}

/** A failed load: what went wrong and a button to try again (queries already retried twice). */
export function LoadError({ error, onRetry }: { error: Error; onRetry: () => unknown }) {
  const { t } = useTranslation();
  return (
    <Alert color="red" title={t('common.loadError')} role="alert" data-testid="load-error">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{errorText(t, error)}</Text>
        <Button size="xs" variant="default" onClick={() => void onRetry()}>
          {t('common.retry')}
        </Button>
      </Stack>
    </Alert>
  );
}
