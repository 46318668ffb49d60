import { Anchor, Badge, Center, Group, Loader, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { ContactQuickActions } from '../../inbox/components/contact-quick-actions.js';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { Contact } from '../../../../../src/contracts/index.js';
import { formatPhoneNational } from '../../../../../src/domain/phone-display.js';
import { CONSENT_CHANNELS } from '../../../../../src/domain/vocabulary.js';
import { DataList, LoadError } from '../../../shared/components/data-list.js';
import { triggerLabel } from '../../../shared/trigger-labels.js';
import { MessageDrawer } from '../../messages/components/message-drawer.js';
import { StatusBadge } from '../../messages/components/status-badge.js';
import { useFormatTime } from '../../../shared/hooks/use-format-time.js';
import { consentSource } from '../consent-source.js';
import { formatMoney } from '../format.js';
import { useContactPage } from '../hooks/use-contacts.js';
import { ConsentHistory } from './consent-history.js';
import { ContactInsightCard } from '../../insights/components/contact-insight-card.js';
import { ContactReferralCard } from '../../referrals/contact-referral-card.js';
import type { ContactDetail } from '../../../../../src/contracts/index.js';
import { ContactTags } from './contact-tags.js';
import { PersonalDataActions } from './personal-data-actions.js';
import '../../insights/words.js';

const STAGE_BADGE = { new: 'blue', active: 'green', dormant: 'gray', at_risk: 'orange', lost: 'red', won_back: 'cyan' } as const;
const CONSENT_COLORS = { opted_in: 'green', opted_out: 'red', unknown: 'gray' } as const;
const excerpt = (s: string) => (s.length > 120 ? `${s.slice(0, 120)}…` : s);

/**
 * One contact: details, tags (editable inline, agents too), consent per channel and its history,
 * their orders and messages (each opens in the message drawer), and for owners and admins the
 * personal-data export and erasure (UU PDP).
 */
export function ContactPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { contact, orders, messages } = useContactPage(id);
  const [openId, setOpenId] = useState<string | null>(null);
  const lang = i18n.language;
  const time = useFormatTime();

  const back = (
    <Anchor component={Link} to="/contacts" size="sm">
      {t('contacts.back')}
    </Anchor>
  );
  if (!contact.data) {
    return (
      <Stack>
        {back}
        {contact.error ? <LoadError error={contact.error} onRetry={contact.refetch} /> : <Center py="xl"><Loader aria-label={t('app.loading')} /></Center>}
      </Stack>
    );
  }
  const c = contact.data;
  const phone = c.phone ? formatPhoneNational(c.phone) : null;

  return (
    <Stack>
      {back}
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Title order={2} style={{ overflowWrap: 'anywhere' }}>
          {c.name || phone || c.email || '—'}
        </Title>
        <ContactQuickActions contactId={c.id} optedOut={c.consent.whatsapp?.status === 'opted_out'} />
      </Group>
      <Paper withBorder p="md" data-testid="contact-details">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Field label={t('contacts.phone')}>{phone ?? '—'}</Field>
          <Field label={t('contacts.email')}>
            {c.email ?? '—'}
            {c.email && c.emailBounced && (
              <Text size="sm" c="red.8" data-testid="email-bounced" title={c.emailBounced.reason ?? undefined}>
                {t('contacts.emailBounced')}
              </Text>
            )}
          </Field>
          <Field label={t('contacts.tags')}>
            <ContactTags contact={c} />
          </Field>
          <Field label={t('contacts.consent')}>
            <Consent contact={c} />
          </Field>
          <Field label={t('lifecycle.stage')}>
            {c.lifecycle ? (
              <Group gap="xs" data-testid="contact-lifecycle">
                <Badge variant="light" color={STAGE_BADGE[c.lifecycle.stage]}>{t(`lifecycle.stages.${c.lifecycle.stage}`)}</Badge>
                <Text size="sm" c="dimmed">{t('lifecycle.since', { date: time.date(c.lifecycle.since) })}</Text>
              </Group>
            ) : <Text size="sm" c="dimmed" data-testid="contact-lifecycle">{t('lifecycle.notStaged')}</Text>}
          </Field>
        </SimpleGrid>
      </Paper>

      <ContactInsightCard contact={c as Partial<ContactDetail>} />

      <ContactReferralCard contactId={c.id} />

      <Title order={3}>{t('pdp.history.title')}</Title>
      <ConsentHistory contactId={c.id} />

      <Title order={3}>{t('contacts.orders')}</Title>
      <DataList
        testId="contact-orders"
        rows={orders.data}
        query={orders}
        rowKey={(o) => o.id}
        rowTestId={(o) => `order-row-${o.number}`}
        columns={[
          { label: t('contacts.orderNumber'), render: (o) => <Text fw={500} size="sm" style={{ overflowWrap: 'anywhere' }}>{o.number}</Text> },
          { label: t('contacts.orderStatus'), render: (o) => triggerLabel(o.status, lang) },
          { label: t('contacts.orderTotal'), render: (o) => (o.total === null ? '—' : formatMoney(o.total, o.currency, lang)) },
          { label: t('contacts.orderDate'), render: (o) => time.date(o.occurredAt) },
        ]}
      />

      <Group justify="space-between" align="baseline">
        <Title order={3}>{t('contacts.messages')}</Title>
        {(phone || c.name) && (
          <Anchor component={Link} to={`/messages?q=${encodeURIComponent(phone ?? c.name)}`} size="sm">
            {t('contacts.allMessages')}
          </Anchor>
        )}
      </Group>
      <DataList
        testId="contact-messages"
        rows={messages.data}
        query={messages}
        rowKey={(m) => m.id}
        rowTestId={() => 'contact-message-row'}
        onRowClick={(m) => setOpenId(m.id)}
        rowLabel={(m) => `${t('messages.detail')}: ${time.dateTime(m.createdAt)}, ${t(`messages.statuses.${m.status}`)}`}
        columns={[
          { label: t('contacts.messageTime'), render: (m) => <Text size="sm" style={{ whiteSpace: 'nowrap' }}>{time.dateTime(m.createdAt)}</Text> },
          { label: t('contacts.messageStatus'), render: (m) => <StatusBadge status={m.status} /> },
          { label: t('contacts.messageBody'), render: (m) => <Text size="sm" style={{ overflowWrap: 'anywhere' }}>{excerpt(m.body)}</Text> },
        ]}
      />
      <MessageDrawer id={openId} onClose={() => setOpenId(null)} />
      <PersonalDataActions contact={c} name={c.name || phone || c.email || '—'} />
    </Stack>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text component="div" size="sm" style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </div>
  );
}

/** Each channel's consent, with where and when it was given once it was recorded. */
function Consent({ contact }: { contact: Contact }) {
  const { t } = useTranslation();
  const time = useFormatTime();
  return (
    <Stack gap={4} data-testid="contact-consent">
      {CONSENT_CHANNELS.map((channel) => {
        const entry = contact.consent[channel];
        const status = entry?.status ?? 'unknown';
        return (
          <Group key={channel} gap={6} wrap="wrap" data-channel={channel}>
            <Text size="sm" miw={130}>
              {t(`contacts.channels.${channel}`)}
            </Text>
            <Badge color={CONSENT_COLORS[status]} variant="light" data-status={status}>
              {t(`contacts.consentStatuses.${status}`)}
            </Badge>
            {entry && (
              <Text size="xs" c="dimmed">
                {t('contacts.consentFrom', { source: consentSource(t, entry.source), date: time.date(entry.at) })}
              </Text>
            )}
          </Group>
        );
      })}
    </Stack>
  );
}
