import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** The playbook's warning for promotions on WhatsApp: said plainly, never in the way of sending. */
export function MarketingWarning() {
  const { t } = useTranslation();
  return (
    <Alert color="yellow" title={t('broadcasts.warningTitle')} data-testid="marketing-warning">
      {t('broadcasts.warnings.marketing_on_whatsapp')}
    </Alert>
  );
}
