import { Alert, Anchor, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { DemoAutomations } from '../../../../../src/contracts/index.js';
import { api } from '../../../shared/api-client.js';
import '../../messages/words.js';

/**
 * Says, while the demo's automations are in the workspace, whether they are off and what turning
 * one on does (real WhatsApp messages to the numbers events name). Renders nothing without a demo.
 */
export function DemoBanner() {
  const { t } = useTranslation();
  const demo = useQuery({ queryKey: ['automations', 'demo'], queryFn: () => api.get<DemoAutomations>('/automations/demo'), staleTime: 30_000 });
  const items = demo.data?.items ?? [];
  if (items.length === 0) return null;
  const on = items.filter((a) => a.enabled).length;
  return (
    <Alert color={on > 0 ? 'orange' : 'blue'} title={t('messageTools.demoTitle')} mb="md" data-testid="demo-banner">
      <Text size="sm">
        {on === 0 ? t('messageTools.demoOff', { count: items.length }) : t('messageTools.demoOn', { on, count: items.length })} {t('messageTools.demoWhat')}{' '}
        <Anchor component={Link} to="/automations" size="sm" c="inherit" fw={700} underline="always">{t('messageTools.demoLink')}</Anchor>
      </Text>
    </Alert>
  );
}
