import { Alert, Button, Group, Modal, Paper, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Broadcast } from '../../../../../src/contracts/index.js';
import { errorText } from '../../../shared/error-text.js';
import { DEFAULT_TIME_ZONE } from '../../../shared/format-time.js';
import { useFormatTime } from '../../../shared/hooks/use-format-time.js';
import { toastDone } from '../../../shared/toast.js';
import { useSession } from '../../auth/hooks/use-session.js';
import { useSegmentCount, useSendBroadcast } from '../hooks/use-broadcasts.js';
import { isoToZonedLocal, zonedLocalToIso } from '../zoned-time.js';

type When = 'now' | 'later';
const HOUR = 3_600_000;

/** Who it goes to, in the confirmation's words: "1.234 kontak", or the segment by name while its count loads. */
function useAudienceSize(b: Broadcast): string {
  const { t } = useTranslation();
  const count = useSegmentCount(b.segmentId);
  const n = b.segmentId ? count.data : b.contactCount;
  if (n === undefined || n === null) return t('broadcasts.audienceSizeUnknown', { name: b.segmentName ?? '' });
  return t('broadcasts.audienceSize', { count: n });
}

/** Send now, or at a time on the shop's clock; either after a confirmation naming how many it goes to. */
export function SendPanel({ broadcast: b }: { broadcast: Broadcast }) {
  const { t } = useTranslation();
  const time = useFormatTime().dateTime;
  const zone = useSession().data?.workspace.timezone ?? DEFAULT_TIME_ZONE;
  const [when, setWhen] = useState<When>('now');
  // A round hour at least an hour ahead, on the shop's clock.
  const [openedAt] = useState(() => Date.now());
  const [local, setLocal] = useState(() => isoToZonedLocal(Math.ceil((openedAt + HOUR) / HOUR) * HOUR, zone));
  const [scheduleError, setScheduleError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const send = useSendBroadcast(b.id);
  const audience = useAudienceSize(b);

  const iso = when === 'later' ? zonedLocalToIso(local, zone) : null;
  const ask = () => {
    if (when === 'later') {
      const problem = iso === null ? t('broadcasts.scheduleInvalid') : Date.parse(iso) <= Date.now() ? t('broadcasts.schedulePast') : null;
      setScheduleError(problem);
      if (problem) return;
    }
    send.reset();
    setConfirming(true);
  };
  const confirm = () =>
    send.mutate(when === 'later' ? iso : null, {
      onSuccess: (next) => {
        setConfirming(false);
        toastDone(next.status === 'scheduled' ? t('broadcasts.scheduled') : t('broadcasts.sent'));
      },
    });
  const action = when === 'now' ? t('broadcasts.sendNow') : t('broadcasts.schedule');

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="send-title" data-testid="send-panel">
      <Stack gap="sm">
        <Title order={3} size="h4" id="send-title">
          {t('broadcasts.sendTitle')}
        </Title>
        <SegmentedControl
          aria-label={t('broadcasts.sendTitle')}
          data={[
            { value: 'now', label: t('broadcasts.sendNow') },
            { value: 'later', label: t('broadcasts.schedule') },
          ]}
          value={when}
          onChange={(v) => setWhen(v === 'later' ? 'later' : 'now')}
          maw={360}
        />
        {when === 'later' && (
          <TextInput
            type="datetime-local"
            label={t('broadcasts.scheduleAt')}
            description={t('broadcasts.scheduleZone', { zone })}
            value={local}
            min={isoToZonedLocal(openedAt, zone)}
            onChange={(e) => {
              setLocal(e.currentTarget.value);
              setScheduleError(null);
            }}
            error={scheduleError}
            maw={320}
            data-testid="schedule-at"
          />
        )}
        <Text size="sm" c="dimmed">
          {t('broadcasts.audienceNote')}
        </Text>
        <Group>
          <Button onClick={ask} data-testid="send-button">
            {action}
          </Button>
        </Group>
      </Stack>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={when === 'now' ? t('broadcasts.confirmSendTitle') : t('broadcasts.confirmScheduleTitle')} centered closeButtonProps={{ 'aria-label': t('common.close') }}>
        <Text mb="md" data-testid="send-confirm-text">
          {when === 'now' ? t('broadcasts.confirmSend', { name: b.name, audience }) : t('broadcasts.confirmSchedule', { name: b.name, audience, time: time(iso) })}
        </Text>
        {send.error && (
          <Alert color="red" role="alert" mb="md">
            {errorText(t, send.error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setConfirming(false)}>
            {t('common.cancel')}
          </Button>
          <Button onClick={confirm} loading={send.isPending} data-testid="send-confirm">
            {action}
          </Button>
        </Group>
      </Modal>
    </Paper>
  );
}
