import { Alert, Button, Center, Fieldset, Grid, Group, Loader, Select, Stack, Textarea, TextInput, Title } from '@mantine/core';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { Template } from '../../../../../src/contracts/index.js';
import { isTriggerKey, VARIABLES, type TriggerKey, type VariableName } from '../../../../../src/domain/triggers.js';
import { defaultWhatsappName } from '../../../../../src/domain/whatsapp-name.js';
import { ApiError } from '../../../shared/api-client.js';
import { errorText, fieldErrors, fieldErrorText } from '../../../shared/error-text.js';
import { useTemplatePreview } from '../hooks/use-template-preview.js';
import { useSaveTemplate, useTemplate, useTriggers } from '../hooks/use-templates.js';
import { PreviewPanel } from './preview-panel.js';
import { VariableChips, type ChipVariable } from './variable-chips.js';

const ALL_VARIABLES: ChipVariable[] = (Object.keys(VARIABLES) as VariableName[]).map((code) => ({ code, label: VARIABLES[code].label.id, labelEn: VARIABLES[code].label.en }));

/** "Template Chat – New" / "Template Chat – Edit" (route /templates/new, /templates/:id/edit). */
export function TemplateFormPage() {
  const { id } = useParams();
  const existing = useTemplate(id);
  const { t } = useTranslation();
  if (id && !existing.data) {
    return existing.error ? <Alert color="red">{errorText(t, existing.error)}</Alert> : <Center py="xl"><Loader /></Center>;
  }
  // Keyed so the form's state starts from the loaded template without syncing effects.
  return <TemplateForm key={id ?? 'new'} initial={existing.data} />;
}

function TemplateForm({ initial }: { initial: Template | undefined }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const triggers = useTriggers();
  const save = useSaveTemplate(initial?.id);
  const [code, setCode] = useState(initial?.code ?? '');
  const [message, setMessage] = useState(initial?.message ?? '');
  const [category, setCategory] = useState<'utility' | 'marketing'>(initial?.category ?? 'utility');
  // Empty means "derive from Code" (the server stores null and answers the derived name).
  const [whatsappName, setWhatsappName] = useState(initial && initial.whatsappName !== defaultWhatsappName(initial.code) ? initial.whatsappName : '');
  const [whatsappLanguage, setWhatsappLanguage] = useState(initial?.whatsappLanguage ?? 'id');
  const [trigger, setTrigger] = useState<TriggerKey | null>(null);
  const [submitted, setSubmitted] = useState<{ code: string; message: string } | null>(null);
  const messageRef = useRef<HTMLTextAreaElement>(null);
  const preview = useTemplatePreview(message, trigger);

  const triggerInfo = triggers.data?.find((x) => x.key === trigger);
  const chips = triggerInfo ? triggerInfo.variables : ALL_VARIABLES;

  // Server errors from the last Save stay visible only while the field still holds what was sent.
  const saveErrors = fieldErrors(t, save.error);
  const codeErrors = submitted?.code === code ? saveErrors.code : undefined;
  const liveErrors = message && preview.result ? preview.result.errors.map((e) => fieldErrorText(t, e)) : [];
  const savedMessageErrors = submitted?.message === message ? saveErrors.message : undefined;
  const messageErrors = savedMessageErrors?.length ? savedMessageErrors : liveErrors;
  const otherError = save.error instanceof ApiError && save.error.errors.length === 0 ? errorText(t, save.error) : save.error && !(save.error instanceof ApiError) ? errorText(t, save.error) : null;

  const insertVariable = (name: string) => {
    const el = messageRef.current;
    const token = `{${name}}`;
    const start = el?.selectionStart ?? message.length;
    const end = el?.selectionEnd ?? message.length;
    setMessage(message.slice(0, start) + token + message.slice(end));
    requestAnimationFrame(() => {
      if (!el) return;
      el.focus();
      el.setSelectionRange(start + token.length, start + token.length);
    });
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted({ code, message });
    save.mutate(
      { code, message, category, whatsappName: whatsappName.trim() === '' ? null : whatsappName.trim(), whatsappLanguage: whatsappLanguage.trim() || 'id' },
      { onSuccess: () => navigate('/templates') },
    );
  };

  const renderErrors = (lines: string[] | undefined) =>
    lines && lines.length > 0 ? (
      <span data-testid="field-error">
        {lines.map((l, i) => (
          <span key={i} style={{ display: 'block' }}>
            {l}
          </span>
        ))}
      </span>
    ) : undefined;

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack maw={1100}>
        <Title order={2}>{initial ? t('templates.editTitle') : t('templates.newTitle')}</Title>
        <Grid gap="xl">
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Stack>
              <TextInput label={t('templates.code')} required placeholder={t('templates.codePlaceholder')} value={code} onChange={(e) => setCode(e.currentTarget.value)} error={renderErrors(codeErrors)} maxLength={100} />
              <Select
                label={t('templates.trigger')}
                placeholder={t('templates.triggerPlaceholder')}
                clearable
                data={(triggers.data ?? []).map((x) => ({ value: x.key, label: x.label }))}
                value={trigger}
                onChange={(v) => setTrigger(v && isTriggerKey(v) ? v : null)}
              />
              <VariableChips variables={chips} hint={triggerInfo ? t('templates.triggerHint') : t('templates.allVariablesHint')} onInsert={insertVariable} />
              <Textarea
                ref={messageRef}
                label={t('templates.message')}
                required
                autosize
                minRows={5}
                maxRows={14}
                placeholder={t('templates.messagePlaceholder')}
                value={message}
                onChange={(e) => setMessage(e.currentTarget.value)}
                error={renderErrors(messageErrors)}
              />
              <Select
                label={t('templates.category')}
                data={[
                  { value: 'utility', label: t('templates.categories.utility') },
                  { value: 'marketing', label: t('templates.categories.marketing') },
                ]}
                value={category}
                onChange={(v) => setCategory(v === 'marketing' ? 'marketing' : 'utility')}
                allowDeselect={false}
              />
              <Fieldset legend={t('templates.whatsappSection')}>
                <Stack gap="sm">
                  <TextInput
                    label={t('templates.whatsappName')}
                    description={t('templates.whatsappNameHelp')}
                    placeholder={defaultWhatsappName(code)}
                    value={whatsappName}
                    onChange={(e) => setWhatsappName(e.currentTarget.value)}
                    error={renderErrors(saveErrors.whatsappName)}
                    maxLength={512}
                  />
                  <TextInput
                    label={t('templates.whatsappLanguage')}
                    description={t('templates.whatsappLanguageHelp')}
                    value={whatsappLanguage}
                    onChange={(e) => setWhatsappLanguage(e.currentTarget.value)}
                    error={renderErrors(saveErrors.whatsappLanguage)}
                    maxLength={10}
                  />
                </Stack>
              </Fieldset>
              {otherError && (
                <Alert color="red" role="alert">
                  {otherError}
                </Alert>
              )}
              <Group>
                <Button type="submit" loading={save.isPending}>
                  {t('templates.save')}
                </Button>
                <Button variant="default" component={Link} to="/templates">
                  {t('common.cancel')}
                </Button>
              </Group>
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <PreviewPanel result={preview.result} pending={preview.pending} empty={message.length === 0} />
          </Grid.Col>
        </Grid>
      </Stack>
    </form>
  );
}
