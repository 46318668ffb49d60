import { Alert, Button, Card, Checkbox, Group, Select, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../shared/api-client.js';
import { errorText, fieldErrorText } from '../../../shared/error-text.js';
import { toastDone } from '../../../shared/toast.js';
import { listTemplates } from '../../templates/api.js';
import '../words.js';
import { createAutoReply, deleteAutoReply, getAway, listAutoReplies, saveAway, updateAutoReply, type Away } from '../api.js';

const KEY = ['auto-replies'];

/**
 * Pengaturan → Balasan otomatis: keywords answered with a template, and the away message outside
 * business hours. Everyone reads them; owners and admins change them.
 */
export function AutoRepliesSection({ canManage }: { canManage: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const replies = useQuery({ queryKey: KEY, queryFn: listAutoReplies });
  const templates = useQuery({ queryKey: ['templates', 'all'], queryFn: () => listTemplates() });
  const options = (templates.data ?? []).map((x) => ({ value: x.id, label: x.code }));
  const [keyword, setKeyword] = useState('');
  const [templateId, setTemplateId] = useState<string | null>(null);
  const refresh = () => void qc.invalidateQueries({ queryKey: KEY });
  const create = useMutation({ mutationFn: createAutoReply, onSuccess: () => { setKeyword(''); setTemplateId(null); refresh(); } });
  const toggle = useMutation({ mutationFn: ({ id, enabled }: { id: string; enabled: boolean }) => updateAutoReply(id, { enabled }), onSuccess: refresh });
  const remove = useMutation({ mutationFn: deleteAutoReply, onSuccess: refresh });

  return (
    <Card withBorder padding="lg" data-testid="auto-replies">
      <Stack>
        <div>
          <Title order={3}>{t('inbox.autoReplies.title')}</Title>
          <Text size="sm" c="dimmed">{t('inbox.autoReplies.intro')}</Text>
        </div>
        {replies.data && replies.data.length === 0 && <Text size="sm" c="dimmed">{t('inbox.autoReplies.none')}</Text>}
        {replies.data && replies.data.length > 0 && (
          <Table.ScrollContainer minWidth={320}>
            <Table>
              <Table.Thead>
                <Table.Tr><Table.Th>{t('inbox.autoReplies.keyword')}</Table.Th><Table.Th>{t('inbox.autoReplies.template')}</Table.Th><Table.Th>{t('inbox.autoReplies.enabled')}</Table.Th>{canManage && <Table.Th />}</Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {replies.data.map((r) => (
                  <Table.Tr key={r.id} data-testid="auto-reply-row">
                    <Table.Td><Text fw={600} size="sm">{r.keyword}</Text></Table.Td>
                    <Table.Td><Text size="sm" style={{ overflowWrap: 'anywhere' }}>{r.templateCode}</Text></Table.Td>
                    <Table.Td><Switch checked={r.enabled} disabled={!canManage} aria-label={`${t('inbox.autoReplies.enabled')}: ${r.keyword}`} onChange={(e) => toggle.mutate({ id: r.id, enabled: e.currentTarget.checked })} /></Table.Td>
                    {canManage && <Table.Td><Button size="xs" variant="subtle" color="red" onClick={() => remove.mutate(r.id)} aria-label={`${t('inbox.autoReplies.remove')} ${r.keyword}`}>{t('inbox.autoReplies.remove')}</Button></Table.Td>}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {canManage && (
          <Group align="flex-end" wrap="wrap" gap="xs">
            <TextInput label={t('inbox.autoReplies.keyword')} placeholder="JAM BUKA" value={keyword} onChange={(e) => setKeyword(e.currentTarget.value)} maxLength={100} w={180} />
            <Select label={t('inbox.autoReplies.template')} data={options} value={templateId} onChange={setTemplateId} searchable w={220} data-testid="auto-reply-template" />
            <Button onClick={() => templateId && create.mutate({ keyword, templateId })} disabled={!keyword.trim() || !templateId} loading={create.isPending}>{t('inbox.autoReplies.add')}</Button>
          </Group>
        )}
        {create.error && (
          <Alert color="red" variant="light" p="xs" data-testid="auto-reply-error">
            {create.error instanceof ApiError && create.error.errors[0] ? fieldErrorText(t, create.error.errors[0]) : errorText(t, create.error)}
          </Alert>
        )}
        <AwayForm canManage={canManage} options={options} />
      </Stack>
    </Card>
  );
}

function AwayForm({ canManage, options }: { canManage: boolean; options: { value: string; label: string }[] }) {
  const away = useQuery({ queryKey: ['away'], queryFn: getAway });
  if (!away.data) return null;
  return <AwayFields key={JSON.stringify(away.data)} away={away.data} canManage={canManage} options={options} />;
}

function AwayFields({ away, canManage, options }: { away: Away; canManage: boolean; options: { value: string; label: string }[] }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [open, setOpen] = useState(away.businessHours === null);
  const [days, setDays] = useState<string[]>((away.businessHours?.days ?? [1, 2, 3, 4, 5, 6]).map(String));
  const [start, setStart] = useState(away.businessHours?.start ?? '08:00');
  const [end, setEnd] = useState(away.businessHours?.end ?? '17:00');
  const [templateId, setTemplateId] = useState<string | null>(away.awayTemplateId);
  const save = useMutation({
    mutationFn: () => saveAway({ businessHours: open ? null : { days: days.map(Number), start, end }, awayTemplateId: templateId }),
    onSuccess: () => { toastDone(t('inbox.autoReplies.saved')); void qc.invalidateQueries({ queryKey: ['away'] }); },
  });
  const weekdays = t('inbox.autoReplies.weekdays', { returnObjects: true }) as string[];
  return (
    <Stack gap="xs" data-testid="away-settings">
      <Title order={4}>{t('inbox.autoReplies.away')}</Title>
      <Text size="sm" c="dimmed">{t('inbox.autoReplies.awayIntro', { zone: away.timezone })}</Text>
      <Select label={t('inbox.autoReplies.awayTemplate')} data={options} value={templateId} onChange={setTemplateId} clearable placeholder={t('inbox.autoReplies.noAway')} disabled={!canManage} w={260} />
      <Switch label={t('inbox.autoReplies.alwaysOpen')} checked={open} onChange={(e) => setOpen(e.currentTarget.checked)} disabled={!canManage} />
      {!open && (
        <>
          <Checkbox.Group label={t('inbox.autoReplies.days')} value={days} onChange={setDays}>
            <Group gap="xs" mt={4}>{weekdays.map((d, i) => <Checkbox key={d} value={String(i + 1)} label={d} disabled={!canManage} />)}</Group>
          </Checkbox.Group>
          <Group gap="xs">
            <TextInput type="time" label={t('inbox.autoReplies.start')} value={start} onChange={(e) => setStart(e.currentTarget.value)} disabled={!canManage} w={120} />
            <TextInput type="time" label={t('inbox.autoReplies.end')} value={end} onChange={(e) => setEnd(e.currentTarget.value)} disabled={!canManage} w={120} />
          </Group>
        </>
      )}
      {save.error && <Alert color="red" variant="light" p="xs">{errorText(t, save.error)}</Alert>}
      {canManage && <Group><Button variant="default" onClick={() => save.mutate()} loading={save.isPending}>{t('inbox.autoReplies.save')}</Button></Group>}
    </Stack>
  );
}
