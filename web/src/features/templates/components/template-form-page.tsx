import { Alert, Anchor, Button, Center, Fieldset, Grid, Group, Loader, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { FieldError, Template } from '../../../../../src/contracts/index.js';
import { isTriggerKey, VARIABLES, type TriggerKey, type VariableName } from '../../../../../src/domain/triggers.js';
import { defaultWhatsappName } from '../../../../../src/domain/whatsapp-name.js';
import { ApiError } from '../../../shared/api-client.js';
import { LoadError } from '../../../shared/components/data-list.js';
import { OPTION_CLASS, optionWithDescription } from '../../../shared/components/option-with-description.js';
import { errorText, fieldErrors, fieldErrorText } from '../../../shared/error-text.js';
import { useUnsavedGuard } from '../../../shared/hooks/use-unsaved-guard.js';
import { toastDone } from '../../../shared/toast.js';
import { triggerOptions } from '../../../shared/trigger-labels.js';
import { useTemplatePreview } from '../hooks/use-template-preview.js';
import { useSaveTemplate, useTemplate, useTriggers } from '../hooks/use-templates.js';
import { PreviewPanel } from './preview-panel.js';
import { VariableChips, type ChipVariable } from './variable-chips.js';
import { WhatsAppReviewPanel } from './whatsapp-status.js';
import { HeaderButtonsFields, type ButtonValue, type HeaderValue } from './header-buttons-fields.js';
import { useCan } from '../../auth/hooks/use-can.js';
import { templateSpamWarnings } from '../../../../../src/domain/template-lint.js';
import { ChannelFieldsSet } from './channel-fields.js';
import { ChannelPreviews, type ChannelFields } from './channel-previews.js';
import { SpamWarnings } from './spam-warnings.js';

/** WhatsApp's limit on a template body; Sapa accepts longer texts for session messages, so this warns. */
const WHATSAPP_BODY_LIMIT = 1024;

const ALL_VARIABLES: ChipVariable[] = (Object.keys(VARIABLES) as VariableName[]).map((code) => ({ code, label: VARIABLES[code].label.id, labelEn: VARIABLES[code].label.en }));

/** "Template Chat – New" / "Template Chat – Edit" (route /templates/new, /templates/:id/edit). */
export function TemplateFormPage() {
  const { id } = useParams();
  const existing = useTemplate(id);
  const { t } = useTranslation();
  if (id && !existing.data) {
    return existing.error ? <LoadError error={existing.error} onRetry={existing.refetch} /> : <Center py="xl"><Loader aria-label={t('app.loading')} /></Center>;
  }
  // Keyed so the form's state starts from the loaded template without syncing effects.
  return <TemplateForm key={id ?? 'new'} initial={existing.data} />;
}

function TemplateForm({ initial }: { initial: Template | undefined }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const triggers = useTriggers();
  const save = useSaveTemplate(initial?.id);
  const [code, setCode] = useState(initial?.code ?? '');
  const [message, setMessage] = useState(initial?.message ?? '');
  const [category, setCategory] = useState<'utility' | 'marketing'>(initial?.category ?? 'utility');
  // Empty means "derive from Code" (the server stores null and answers the derived name).
  const [whatsappName, setWhatsappName] = useState(initial && initial.whatsappName !== defaultWhatsappName(initial.code) ? initial.whatsappName : '');
  const [whatsappLanguage, setWhatsappLanguage] = useState(initial?.whatsappLanguage ?? 'id');
  const [header, setHeader] = useState<HeaderValue>(initial?.header ?? null);
  const [buttons, setButtons] = useState<ButtonValue[]>(initial?.buttons ?? []);
  const [channelFields, setChannelFields] = useState<ChannelFields>({ subject: initial?.subject ?? '', html: initial?.html ?? '', title: initial?.title ?? '', link: initial?.link ?? '' });
  const [trigger, setTrigger] = useState<TriggerKey | null>(null);
  const [submitted, setSubmitted] = useState<{ code: string; message: string } | null>(null);
  const messageRef = useRef<HTMLTextAreaElement>(null);
  const preview = useTemplatePreview(message, trigger);

  const triggerInfo = triggers.data?.find((x) => x.key === trigger);
  const chips = triggerInfo ? triggerInfo.variables : ALL_VARIABLES;

  // Server errors from the last Save stay visible only while the field still holds what was sent.
  const saveErrors = fieldErrors(t, save.error);
  const codeErrors = submitted?.code === code ? saveErrors.code : undefined;
  const liveErrors: FieldError[] = message && preview.result ? preview.result.errors : [];
  const savedMessageErrors = submitted?.message === message && save.error instanceof ApiError ? save.error.errors.filter((e) => e.field === 'message') : [];
  const messageErrors = savedMessageErrors.length > 0 ? savedMessageErrors : liveErrors;
  const dirty =
    code !== (initial?.code ?? '') ||
    message !== (initial?.message ?? '') ||
    category !== (initial?.category ?? 'utility') ||
    whatsappLanguage !== (initial?.whatsappLanguage ?? 'id') ||
    (header?.mediaId ?? null) !== (initial?.header?.mediaId ?? null) ||
    JSON.stringify(buttons) !== JSON.stringify(initial?.buttons ?? []) ||
    channelFields.subject !== (initial?.subject ?? '') || channelFields.html !== (initial?.html ?? '') || channelFields.title !== (initial?.title ?? '') || channelFields.link !== (initial?.link ?? '') ||
    whatsappName !== (initial && initial.whatsappName !== defaultWhatsappName(initial.code) ? initial.whatsappName : '');
  const guard = useUnsavedGuard(dirty && !save.isSuccess);
  const canWrite = useCan('templates:write');
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

  // Selecting the bad part in the textarea marks it in the field itself, where it can be retyped.
  const showInMessage = (e: FieldError) => {
    const el = messageRef.current;
    if (!el || e.index === undefined) return;
    el.focus();
    el.setSelectionRange(e.index, e.index + Math.max(e.length ?? 1, 1));
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted({ code, message });
    save.mutate(
      {
        code, message, category, whatsappName: whatsappName.trim() === '' ? null : whatsappName.trim(), whatsappLanguage: whatsappLanguage.trim() || 'id',
        header: header ? { mediaId: header.mediaId } : null,
        // An emptied button is dropped; a relabelled one sends its new label back (payload defaults to the text).
        buttons: buttons.filter((b) => b.text.trim() !== '').map((b) => (b.payload ? { text: b.text, payload: b.payload } : { text: b.text })),
        // Empty means none: no subject (email then fails with a reason), plain text only, the shop's name as title.
        subject: channelFields.subject.trim() === '' ? null : channelFields.subject,
        html: channelFields.html.trim() === '' ? null : channelFields.html,
        title: channelFields.title.trim() === '' ? null : channelFields.title,
        link: channelFields.link.trim() === '' ? null : channelFields.link.trim(),
      },
      {
        onSuccess: () => {
          toastDone(t('common.saved'));
          guard.release();
          navigate('/templates');
        },
      },
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

  const over = message.length > WHATSAPP_BODY_LIMIT;
  const number = (n: number) => n.toLocaleString(i18n.language === 'en' ? 'en-GB' : 'id-ID');
  // Beside the form on a wide screen (sticky); on a phone right under the message, so it stays in view while typing.
  const wide = useMediaQuery('(min-width: 62em)', true, { getInitialValueInEffect: false });
  const bubble = <PreviewPanel message={message} trigger={trigger} result={preview.result} header={header} buttons={buttons.map((b) => b.text).filter((x) => x.trim() !== '')} />;
  const previewPanel = <ChannelPreviews whatsapp={bubble} message={message} trigger={trigger} result={preview.result} fields={channelFields} />;
  // The same lint as the API's spamWarnings, live: a warning beside the fields, never a block.
  const spam = templateSpamWarnings({ category, message, subject: channelFields.subject, title: channelFields.title });

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack maw={1100}>
        <Title order={2}>{initial ? t('templates.editTitle') : t('templates.newTitle')}</Title>
        <Grid gap="xl">
          <Grid.Col span={wide ? 7 : 12}>
            <Stack>
              <TextInput label={t('templates.code')} required placeholder={t('templates.codePlaceholder')} value={code} onChange={(e) => setCode(e.currentTarget.value)} error={renderErrors(codeErrors)} maxLength={100} />
              <Select
                label={t('templates.trigger')}
                placeholder={t('templates.triggerPlaceholder')}
                clearable
                data={triggerOptions(i18n.language)}
                renderOption={optionWithDescription}
                classNames={{ option: OPTION_CLASS }}
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
                error={messageErrors.length > 0 ? <MessageErrors errors={messageErrors} onShow={showInMessage} /> : undefined}
                // Only the bad variable is marked (in the preview, and selected on "show"), not the whole field.
                withErrorStyles={false}
                inputWrapperOrder={['label', 'input', 'description', 'error']}
                description={
                  <Group justify="space-between" gap="xs" wrap="wrap" component="span">
                    <span>{t('templates.formatHint')}</span>
                    <Text span size="xs" c={over ? 'red.9' : 'dimmed'} fw={over ? 700 : undefined} data-testid="message-counter" aria-live="polite">
                      {t('templates.counter', { count: number(message.length), max: number(WHATSAPP_BODY_LIMIT) })}
                      {over && ` — ${t('templates.counterOver', { max: number(WHATSAPP_BODY_LIMIT) })}`}
                    </Text>
                  </Group>
                }
              />
              <SpamWarnings warnings={spam.filter((w) => w.field === 'message')} />
              {!wide && previewPanel}
              <HeaderButtonsFields header={header} onHeader={setHeader} buttons={buttons} onButtons={setButtons} errors={saveErrors} />
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
              <ChannelFieldsSet value={channelFields} onChange={setChannelFields} errors={(f) => renderErrors(saveErrors[f])}
                warnings={(f) => <SpamWarnings warnings={spam.filter((w) => w.field === f)} />} />
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
                  {initial && <WhatsAppReviewPanel template={initial} canWrite={canWrite} dirty={dirty} />}
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
          {wide && (
            <Grid.Col span={5}>
              <div style={{ position: 'sticky', top: 72 }}>{previewPanel}</div>
            </Grid.Col>
          )}
        </Grid>
      </Stack>
      {guard.dialog}
    </form>
  );
}

/** The message's errors in words, each with a button that selects the bad part in the textarea. */
function MessageErrors({ errors, onShow }: { errors: FieldError[]; onShow: (e: FieldError) => void }) {
  const { t } = useTranslation();
  return (
    <span data-testid="field-error">
      {errors.map((e, i) => (
        <span key={i} style={{ display: 'block' }}>
          <span>{fieldErrorText(t, e)}</span>
          {e.index !== undefined && (
            <>
              {' '}
              <Anchor component="button" type="button" size="xs" c="red.9" td="underline" onClick={() => onShow(e)}>
                {t('templates.showError')}
              </Anchor>
            </>
          )}
        </span>
      ))}
    </span>
  );
}
