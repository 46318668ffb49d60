import { Alert, Button, Card, Group, List, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SHOP_SAMPLES } from '../../../../src/domain/shop/samples.js';
import { SHOP_PLATFORMS, type ShopPlatform } from '../../../../src/domain/shop/platform.js';
import { errorText, fieldErrorText } from '../../shared/error-text.js';
import { triggerLabel } from '../../shared/trigger-labels.js';
import { PLATFORM_LABELS } from './shop-section.js';
import { usePreviewShopPayload } from './use-shop-connections.js';

/** Paste a notification as the platform sends it and see the events it becomes, or why none; nothing is stored or sent. */
export function ShopTester() {
  const { t, i18n } = useTranslation();
  const preview = usePreviewShopPayload();
  const [platform, setPlatform] = useState<ShopPlatform>('woocommerce');
  const [topic, setTopic] = useState(SHOP_SAMPLES.woocommerce.topic);
  const [payload, setPayload] = useState('');
  const result = preview.data;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    preview.mutate({ platform, topic: topic.trim() === '' ? null : topic.trim(), payload });
  };
  const useExample = () => {
    setTopic(SHOP_SAMPLES[platform].topic);
    setPayload(SHOP_SAMPLES[platform].payload);
    preview.reset();
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label={t('shop.tester')}>
      <Stack gap="sm">
        <div>
          <Text fw={600}>{t('shop.tester')}</Text>
          <Text size="sm" c="dimmed">{t('shop.testerHint')}</Text>
        </div>
        <Group align="flex-start" wrap="wrap">
          <Select label={t('shop.platform')} data={SHOP_PLATFORMS.map((p) => ({ value: p, label: PLATFORM_LABELS[p] }))} value={platform} allowDeselect={false} w={200}
            onChange={(v) => { if (v) { setPlatform(v as ShopPlatform); setTopic(SHOP_SAMPLES[v as ShopPlatform].topic); preview.reset(); } }} data-testid="shop-test-platform" />
          <TextInput style={{ flex: 1, minWidth: 180 }} label={t('shop.topic')} description={t(`shop.topicHelp.${platform}`)} spellCheck={false}
            value={topic} onChange={(e) => setTopic(e.currentTarget.value)} data-testid="shop-test-topic" />
        </Group>
        <Textarea label={t('shop.payload')} autosize minRows={6} maxRows={16} spellCheck={false} styles={{ input: { fontFamily: 'monospace', fontSize: 12 } }}
          value={payload} onChange={(e) => setPayload(e.currentTarget.value)} data-testid="shop-test-payload" />
        <Group justify="flex-end" wrap="wrap">
          <Button variant="default" onClick={useExample}>{t('shop.useExample')}</Button>
          <Button type="submit" loading={preview.isPending} disabled={payload.trim() === ''} data-testid="shop-test-run">{t('shop.run')}</Button>
        </Group>
        {preview.error && <Alert color="red" role="alert">{errorText(t, preview.error)}</Alert>}
        {result && !result.ok && (
          <Alert color="orange" role="status" title={t('shop.noEvent')} data-testid="shop-test-refusal">
            <Text size="sm">{t(`shop.refusals.${result.reason ?? 'invalid_event'}`)}</Text>
            {result.errors.map((e) => <Text size="sm" key={`${e.field}-${e.reason}`}><Text span ff="monospace">{e.field}</Text>: {fieldErrorText(t, e)}</Text>)}
          </Alert>
        )}
        {result?.ok && (
          <Stack gap="xs" data-testid="shop-test-events" role="status">
            <Text size="sm">{t('shop.becomes', { count: result.events.length })}</Text>
            {result.events.map((ev) => {
              const doc = ev.type === 'order.delivery' ? ev.order.trackingNumber : ev.type === 'order.paid' ? ev.order.invoiceNumber : ev.order.number;
              return (
                <Card withBorder padding="sm" key={ev.id} data-testid="shop-test-event">
                  <Text fw={600}>{triggerLabel(ev.type, i18n.language)} <Text span size="xs" c="dimmed" ff="monospace">{ev.type}</Text></Text>
                  <List size="sm" spacing={2}>
                    <List.Item>{t('shop.eventId')}: <Text span ff="monospace">{ev.id}</Text></List.Item>
                    <List.Item>{t('shop.contact')}: {[ev.contact.name, ev.contact.phone, ev.contact.email].filter(Boolean).join(' · ')}</List.Item>
                    <List.Item>{'{documentnumber}'}: <Text span ff="monospace">{doc ?? t('shop.missing')}</Text></List.Item>
                    <List.Item>{'{productname}'}: {ev.order.items.map((i) => `${i.name} × ${i.quantity}`).join(', ') || t('shop.missing')}</List.Item>
                    {ev.order.total !== undefined && <List.Item>{t('shop.total')}: {new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'id-ID', { style: 'currency', currency: ev.order.currency, maximumFractionDigits: 2 }).format(ev.order.total)}</List.Item>}
                  </List>
                </Card>
              );
            })}
          </Stack>
        )}
      </Stack>
    </form>
  );
}
