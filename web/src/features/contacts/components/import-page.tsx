import { Alert, Anchor, Badge, Button, FileInput, Group, Paper, Progress, ScrollArea, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { ImportResult } from '../../../../../src/contracts/index.js';
import type { ColumnTarget } from '../../../../../src/domain/contact-import.js';
import { ApiError } from '../../../shared/api-client.js';
import { errorText } from '../../../shared/error-text.js';
import { previewFile, type CsvPreview } from '../import/csv-preview.js';
import { uploadCsv } from '../import/upload-csv.js';

type Step =
  | { kind: 'pick' }
  | { kind: 'preview'; file: File; preview: CsvPreview | null }
  | { kind: 'uploading'; file: File; progress: number }
  | { kind: 'done'; result: ImportResult }
  | { kind: 'failed'; file: File; error: unknown };

/**
 * "Impor CSV": pick a file → its first rows and which column becomes which field → import with a
 * progress bar → counts and the rows that were refused, each with its reason in words.
 */
export function ImportPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [step, setStep] = useState<Step>({ kind: 'pick' });
  const abort = useRef<AbortController | null>(null);

  const pick = async (file: File | null) => {
    if (!file) return setStep({ kind: 'pick' });
    setStep({ kind: 'preview', file, preview: await previewFile(file) });
  };
  const start = async (file: File) => {
    abort.current = new AbortController();
    setStep({ kind: 'uploading', file, progress: 0 });
    try {
      const result = await uploadCsv(file, (progress) => setStep({ kind: 'uploading', file, progress }), abort.current.signal);
      setStep({ kind: 'done', result });
      void qc.invalidateQueries({ queryKey: ['contacts'] });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') return setStep({ kind: 'pick' });
      setStep({ kind: 'failed', file, error });
    }
  };

  return (
    <Stack>
      <Anchor component={Link} to="/contacts" size="sm">
        {t('contacts.back')}
      </Anchor>
      <Title order={2}>{t('contactImport.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('contactImport.intro')}
      </Text>
      {(step.kind === 'pick' || step.kind === 'preview' || step.kind === 'failed') && (
        <FileInput
          label={t('contactImport.file')}
          placeholder={t('contactImport.choose')}
          accept=".csv,text/csv"
          clearable
          value={step.kind === 'pick' ? null : step.file}
          onChange={(f) => void pick(f)}
          maw={480}
          data-testid="import-file"
        />
      )}
      {step.kind === 'preview' && <PreviewPanel preview={step.preview} onImport={() => void start(step.file)} />}
      {step.kind === 'uploading' && (
        <Paper withBorder p="md" data-testid="import-progress">
          <Stack gap="xs">
            <Text size="sm">{step.progress < 1 ? t('contactImport.uploading', { percent: Math.floor(step.progress * 100) }) : t('contactImport.finishing')}</Text>
            <Progress value={step.progress * 100} animated={step.progress >= 1} aria-label={t('contactImport.progress')} />
            <Group>
              <Button variant="default" size="xs" onClick={() => abort.current?.abort()}>
                {t('common.cancel')}
              </Button>
            </Group>
          </Stack>
        </Paper>
      )}
      {step.kind === 'failed' && <ImportFailure error={step.error} />}
      {step.kind === 'done' && <ResultPanel result={step.result} onAgain={() => setStep({ kind: 'pick' })} />}
    </Stack>
  );
}

function targetLabel(t: TFunction, target: ColumnTarget) {
  return target.kind === 'known' ? t(`contactImport.fields.${target.field}`) : t('contactImport.customField', { key: target.key });
}

function PreviewPanel({ preview, onImport }: { preview: CsvPreview | null; onImport: () => void }) {
  const { t } = useTranslation();
  if (!preview) return <Alert color="red">{t('errors.import.empty')}</Alert>;
  const { mapping, headers, rows } = preview;
  const problemAt = new Map(mapping.ok ? [] : mapping.problems.map((p) => [p.column, p.reason]));
  let next = 0;
  // Mapped columns come back in header order, minus the refused ones.
  const targets = headers.map((_, i) => (problemAt.has(i) || !mapping.ok ? null : (mapping.columns[next++] ?? null)));
  return (
    <Stack data-testid="import-preview">
      <Text fw={500}>{t('contactImport.mapping')}</Text>
      <ScrollArea type="auto">
        <Table withTableBorder withColumnBorders fz="sm" miw={Math.min(headers.length * 140, 1200)}>
          <Table.Thead>
            <Table.Tr>
              {headers.map((h, i) => (
                <Table.Th key={i} style={{ verticalAlign: 'top' }}>
                  <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
                    {h || '—'}
                  </Text>
                  {targets[i] ? (
                    <Badge size="sm" variant="light" color={targets[i]!.kind === 'custom' ? 'grape' : 'blue'} tt="none" mt={4} style={{ height: 'auto', whiteSpace: 'normal' }}>
                      → {targetLabel(t, targets[i]!)}
                    </Badge>
                  ) : problemAt.has(i) ? (
                    <Badge size="sm" variant="light" color="red" tt="none" mt={4} style={{ height: 'auto', whiteSpace: 'normal' }}>
                      {t(`errors.${problemAt.get(i)!}`)}
                    </Badge>
                  ) : null}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row, r) => (
              <Table.Tr key={r}>
                {headers.map((_, i) => (
                  <Table.Td key={i} style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-line' }}>
                    {row[i] ?? ''}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
      <Text size="xs" c="dimmed">
        {t('contactImport.previewNote', { count: rows.length })}
      </Text>
      {!mapping.ok && <Alert color="red">{mapping.reason ? t(`errors.${mapping.reason}`) : t('contactImport.fixHeaders')}</Alert>}
      <Group>
        <Button onClick={onImport} disabled={!mapping.ok}>
          {t('contactImport.start')}
        </Button>
      </Group>
    </Stack>
  );
}

function ImportFailure({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const items = error instanceof ApiError ? error.errors : [];
  return (
    <Alert color="red" title={t('contactImport.failed')} data-testid="import-failed">
      <Text size="sm">{errorText(t, error)}</Text>
      {items.map((e, i) => (
        <Text size="sm" key={i}>
          {e.field}: {t(`errors.${e.reason}`, { defaultValue: e.reason })}
        </Text>
      ))}
    </Alert>
  );
}

function ResultPanel({ result, onAgain }: { result: ImportResult; onAgain: () => void }) {
  const { t } = useTranslation();
  const stats = [
    ['created', result.created, 'green'],
    ['updated', result.updated, 'blue'],
    ['failed', result.failed, result.failed > 0 ? 'red' : 'gray'],
  ] as const;
  return (
    <Stack data-testid="import-result">
      <SimpleGrid cols={3} spacing="sm" maw={600}>
        {stats.map(([key, n, color]) => (
          <Paper withBorder p="sm" key={key} data-testid={`import-${key}`}>
            <Text size="xs" c="dimmed">
              {t(`contactImport.counts.${key}`)}
            </Text>
            <Text fw={700} size="xl" c={color}>
              {n.toLocaleString(t('app.lang') === 'en' ? 'en-GB' : 'id-ID')}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
      {result.errors.length > 0 && (
        <>
          <Text fw={500}>{t('contactImport.errorsTitle')}</Text>
          <ScrollArea type="auto">
            <Table withTableBorder fz="sm" data-testid="import-errors" miw={360}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={70}>{t('contactImport.row')}</Table.Th>
                  <Table.Th w={140}>{t('contactImport.column')}</Table.Th>
                  <Table.Th>{t('contactImport.reason')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {result.errors.map((e, i) => (
                  <Table.Tr key={i} data-testid={`import-error-${e.row}`}>
                    <Table.Td>{e.row}</Table.Td>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>{e.field === 'row' ? t('contactImport.wholeRow') : e.field}</Table.Td>
                    <Table.Td>{t(`errors.${e.reason}`)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea>
          {result.errorsOmitted > 0 && (
            <Text size="sm" c="dimmed">
              {t('contactImport.moreErrors', { count: result.errorsOmitted })}
            </Text>
          )}
        </>
      )}
      <Group>
        <Button variant="default" onClick={onAgain}>
          {t('contactImport.again')}
        </Button>
        <Button component={Link} to="/contacts">
          {t('contactImport.toContacts')}
        </Button>
      </Group>
    </Stack>
  );
}
