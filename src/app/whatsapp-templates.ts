/**
 * Template Chats at Meta: submitting one as a WhatsApp message template, and keeping its review
 * status (Meta's `message_template_status_update` webhook, and a periodic fetch for webhooks that
 * never came). Only for a workspace with a real number whose WABA id Sapa knows.
 *
 * Resubmitting: a template Meta already has (it carries Meta's id) is EDITED in place
 * (`POST /{template-id}`: it goes back to review; Meta allows an approved one one edit a day and
 * ten a month, a rejected or paused one any number), never created again under the same name,
 * which Meta refuses. An approved template whose text is unchanged is not sent again.
 */
import {
  defaultWhatsappName, sampleValues, toWhatsAppBody, whatsappCategory, whatsappNeedsResubmit, whatsappReasonFromMeta, whatsappStatusFromMeta,
} from '../domain/index.js';
import type { WhatsAppTemplateStatus } from '../domain/vocabulary.js';
import { audit } from './audit.js';
import { AppError, found } from './errors.js';
import type { Deps, WorkLease } from './ports.js';
import type { Principal, TemplateRecord, TemplateWhatsAppLink } from './records.js';
import type { MetaResult, MetaTemplate, TemplateStatusUpdate, TemplateSubmission, WhatsAppTemplateApi } from './whatsapp-template.port.js';

export type TemplateDeps = Pick<Deps, 'store' | 'clock' | 'log' | 'whatsappTemplates'>;

export interface TemplateWarning { code: 'whatsapp_dangling_variable'; message: string }

/** The WhatsApp name a template goes by at Meta. */
export const whatsappNameOf = (t: Pick<TemplateRecord, 'whatsappName' | 'code'>) => t.whatsappName ?? defaultWhatsappName(t.code);

/** The workspace's template account, or 409 when it sends through the sandbox or has no WABA id. */
export async function templateAccount(deps: Pick<Deps, 'whatsappTemplates'>, workspaceId: string): Promise<{ wabaId: string; api: WhatsAppTemplateApi }> {
  let account: Awaited<ReturnType<Deps['whatsappTemplates']['forWorkspace']>>;
  try {
    account = await deps.whatsappTemplates.forWorkspace(workspaceId);
  } catch {
    // The stored credentials cannot be opened with this server's key (the same state sends wait in).
    throw new AppError('channels.secret_key_missing', "The workspace's WhatsApp credentials cannot be decrypted with this server's SAPA_SECRET_KEY; restore the key or save the number again in Pengaturan.");
  }
  if (!account) {
    throw new AppError('whatsapp.no_business_account', 'This workspace has no WhatsApp Business Account to submit templates to: connect a number with its WABA id in Pengaturan → WhatsApp (the sandbox needs no approval).');
  }
  return account;
}

/** Meta's refusal as an AppError: its words in the detail. */
export function metaFailure(result: Extract<MetaResult<unknown>, { ok: false }>): never {
  if (result.reason === 'network' || result.reason.startsWith('http_5') || result.reason === 'whatsapp:bad_response') {
    throw new AppError('whatsapp.unreachable', `WhatsApp did not answer as expected: ${result.detail}`);
  }
  throw new AppError('whatsapp.meta_refused', `WhatsApp refused: ${result.detail}`);
}

/** Meta's reason is kept for the statuses it explains. */
export function reasonFor(status: WhatsAppTemplateStatus | null, reason: string | null): string | null {
  return status === 'rejected' || status === 'paused' || status === 'disabled' ? whatsappReasonFromMeta(reason) : null;
}

/** Submits (or resubmits) a Template Chat to Meta as a message template; it is then `pending` until Meta's review. */
export async function submitTemplateToWhatsApp(deps: TemplateDeps, principal: Principal, id: string): Promise<{ template: TemplateRecord; warnings: TemplateWarning[] }> {
  const workspaceId = principal.workspaceId;
  const template = found(await deps.store.templates.get(workspaceId, id), 'Template');
  const account = await templateAccount(deps, workspaceId);
  const body = toWhatsAppBody(template.message, sampleValues());
  if (!body.ok) {
    throw new AppError('template.whatsapp_format', 'The message cannot be a WhatsApp template as it is',
      body.problems.map((p) => ({ field: 'message', reason: p.code, message: p.message })));
  }
  const warnings: TemplateWarning[] = body.dangling
    ? [{ code: 'whatsapp_dangling_variable', message: "The message starts or ends with a variable; Meta's review often rejects that (INVALID_FORMAT): add words before or after it." }]
    : [];
  const unchanged = !whatsappNeedsResubmit(template);
  if (template.whatsappTemplateId !== null && unchanged && (template.whatsappStatus === 'pending' || template.whatsappStatus === 'approved')) {
    return { template, warnings };
  }
  const submission = {
    name: whatsappNameOf(template), language: template.whatsappLanguage, category: whatsappCategory(template.category), body: body.text, examples: body.examples,
    buttons: template.buttons.map((b) => b.text), header: await headerExample(deps, workspaceId, template, account.api),
  };
  let link: Partial<TemplateWhatsAppLink>;
  if (template.whatsappTemplateId !== null) {
    const edited = await account.api.edit(template.whatsappTemplateId, submission);
    if (!edited.ok) metaFailure(edited);
    link = { whatsappStatus: 'pending', whatsappRejectionReason: null, whatsappSubmittedBody: body.text, whatsappSubmittedButtons: submission.buttons };
  } else {
    const created = await account.api.create(submission);
    if (!created.ok) {
      // 2388024: Meta already has a template of that name and language (made in WhatsApp Manager).
      if (created.subcode === 2388024) {
        throw new AppError('whatsapp.template_exists', `WhatsApp already has a template "${submission.name}" (${submission.language}): import it to link it to this Template Chat, or change the WhatsApp name.`);
      }
      metaFailure(created);
    }
    link = {
      whatsappTemplateId: created.value.id, whatsappStatus: whatsappStatusFromMeta(created.value.status) ?? 'pending',
      whatsappRejectionReason: null, whatsappSubmittedBody: body.text, whatsappSubmittedButtons: submission.buttons,
    };
  }
  const saved = found(await deps.store.templates.setWhatsApp(workspaceId, id, link, deps.clock.now()), 'Template');
  await audit(deps, principal, 'template.submitted_to_whatsapp', { type: 'template', id }, {
    code: template.code, whatsappName: submission.name, language: submission.language, whatsappTemplateId: saved.whatsappTemplateId, edit: template.whatsappTemplateId !== null,
  });
  deps.log.info({ workspaceId, templateId: id, whatsappTemplateId: saved.whatsappTemplateId }, 'template submitted to WhatsApp');
  return { template: saved, warnings };
}

/**
 * A media header's example for Meta's review: the header's file uploaded through Meta's Resumable
 * Upload API (it needs the workspace's Meta app id), its handle for `example.header_handle`.
 */
async function headerExample(deps: TemplateDeps, workspaceId: string, template: TemplateRecord, api: WhatsAppTemplateApi): Promise<TemplateSubmission['header']> {
  if (template.header === null) return null;
  const file = await deps.store.media.byToken(template.header.token);
  if (!file || file.workspaceId !== workspaceId) throw new AppError('not_found', 'The header file of this template is gone: pick it again in the editor');
  const uploaded = await api.uploadExample({ bytes: file.bytes, type: file.contentType, name: file.filename });
  if (!uploaded.ok) {
    if (uploaded.reason === 'app_id_missing') {
      throw new AppError('whatsapp.app_id_missing',
        "Meta reviews an image or document header from an example uploaded through the Meta app: fill in the App ID in Pengaturan → WhatsApp (or WHATSAPP_APP_ID for the server's number), then submit again.",
        [{ field: 'header', reason: 'whatsapp.app_id_missing' }]);
    }
    metaFailure(uploaded);
  }
  return { format: template.header.type === 'image' ? 'IMAGE' : 'DOCUMENT', handle: uploaded.value.handle };
}

/** Applies Meta's review decisions (the status webhook) to the workspace's templates; returns how many changed. */
export async function applyTemplateStatuses(deps: Pick<Deps, 'store' | 'clock' | 'log'>, workspaceId: string, updates: readonly TemplateStatusUpdate[]): Promise<number> {
  let changed = 0;
  let unlinked: TemplateRecord[] | null = null;
  for (const u of updates) {
    const status = whatsappStatusFromMeta(u.event);
    if (status === null) continue;
    let template = await deps.store.templates.findByWhatsAppId(workspaceId, u.templateId);
    if (!template) {
      // A template made by hand in WhatsApp Manager under the name Sapa uses: linked by its decision.
      unlinked ??= (await deps.store.templates.list(workspaceId)).filter((t) => t.whatsappTemplateId === null);
      template = unlinked.find((t) => whatsappNameOf(t) === u.name && t.whatsappLanguage === u.language) ?? null;
    }
    if (!template) {
      deps.log.warn({ workspaceId, whatsappTemplateId: u.templateId, event: u.event }, 'template status for a template Sapa does not have');
      continue;
    }
    await deps.store.templates.setWhatsApp(workspaceId, template.id, {
      whatsappTemplateId: u.templateId, whatsappStatus: status, whatsappRejectionReason: reasonFor(status, u.reason),
    }, deps.clock.now());
    changed++;
  }
  return changed;
}

export interface TemplateSyncOptions {
  /** Templates asked about per workspace and pass, at most. */
  perWorkspace: number;
  /** Workspaces looked at per pass, at most. */
  workspaces: number;
}

/**
 * One pass of the periodic fetch: for each workspace with a WABA, the templates still in review
 * (or paused, or never linked) least recently asked about, each read from Meta by its id (or
 * looked up by name and language when not linked yet). Settles a status whose webhook was lost,
 * and links templates approved by hand in WhatsApp Manager under Sapa's name.
 */
export async function syncWhatsAppTemplates(deps: TemplateDeps, options: TemplateSyncOptions): Promise<{ checked: number; changed: number }> {
  let checked = 0;
  let changed = 0;
  for (const workspaceId of await deps.whatsappTemplates.workspaces(options.workspaces)) {
    let account: Awaited<ReturnType<typeof deps.whatsappTemplates.forWorkspace>>;
    try {
      account = await deps.whatsappTemplates.forWorkspace(workspaceId);
    } catch (err) {
      deps.log.warn({ workspaceId, reason: err instanceof Error ? err.message : 'unknown' }, 'template sync: account cannot be opened');
      continue;
    }
    if (!account) continue;
    let failed = 0;
    for (const t of await deps.store.templates.whatsappSyncCandidates(workspaceId, options.perWorkspace)) {
      checked++;
      const meta = await readAtMeta(account.api, t);
      const now = deps.clock.now();
      if (meta === 'failed' || meta === null) {
        if (meta === 'failed') failed++;
        // Asked: it goes to the back of the line either way.
        await deps.store.templates.setWhatsApp(workspaceId, t.id, {}, now);
        continue;
      }
      const status = whatsappStatusFromMeta(meta.status) ?? t.whatsappStatus;
      if (status !== t.whatsappStatus || meta.id !== t.whatsappTemplateId) changed++;
      await deps.store.templates.setWhatsApp(workspaceId, t.id, {
        whatsappTemplateId: meta.id, whatsappStatus: status, whatsappRejectionReason: reasonFor(status, meta.rejectedReason),
        ...(t.whatsappSubmittedBody === null && meta.body !== null ? { whatsappSubmittedBody: meta.body } : {}),
      }, now);
    }
    // One line per workspace and pass: a revoked token must be seen, not repeated per template.
    if (failed > 0) deps.log.warn({ workspaceId, failed }, 'template sync: WhatsApp did not answer for some templates');
  }
  return { checked, changed };
}

async function readAtMeta(api: WhatsAppTemplateApi, t: TemplateRecord): Promise<MetaTemplate | null | 'failed'> {
  if (t.whatsappTemplateId !== null) {
    const got = await api.get(t.whatsappTemplateId);
    return got.ok ? got.value : 'failed';
  }
  const name = whatsappNameOf(t);
  const page = await api.list({ name, limit: 100 });
  if (!page.ok) return 'failed';
  // Meta's name filter matches part of a name: only the exact name and language is this template.
  return page.value.items.find((m) => m.name === name && m.language === t.whatsappLanguage) ?? null;
}

/** The warning on an automation or broadcast whose template Meta has not approved (API `warnings[]`). */
export const UNAPPROVED_TEMPLATE_WARNING = {
  code: 'whatsapp_template_not_approved',
  message: 'WhatsApp has not approved this template: messages to contacts who have not written in the last 24 hours will fail instead of being sent. Submit it (or import the approved one) in Template Chat.',
} as const;

/**
 * Of these templates, the ones messages outside the 24-hour window could not use now: not approved
 * by Meta, where the workspace sends through its own WABA. Empty for the sandbox.
 */
export async function unapprovedTemplateIds(deps: Pick<Deps, 'store' | 'channels'>, workspaceId: string, templateIds: readonly string[]): Promise<Set<string>> {
  const ids = [...new Set(templateIds)];
  if (ids.length === 0) return new Set();
  const route = await deps.channels.resolve(workspaceId, 'whatsapp');
  if (!route?.approvedTemplatesOnly) return new Set();
  const templates = ids.length === 1
    ? [await deps.store.templates.get(workspaceId, ids[0]!)].filter((t): t is TemplateRecord => t !== null)
    : (await deps.store.templates.list(workspaceId)).filter((t) => ids.includes(t.id));
  return new Set(templates.filter((t) => t.whatsappStatus !== 'approved').map((t) => t.id));
}

/** The lease every process's periodic fetch competes for: one round at a time, one per interval, across all workers. */
export const TEMPLATE_SYNC_LEASE = 'whatsapp-template-sync';
/** How long a round may hold the lease before another process may assume its holder died. */
const ROUND_HOLD_MS = 10 * 60_000;

/**
 * Runs the periodic fetch every intervalMs (and once at start), one pass at a time. With a lease
 * (every worker process has one over the same database), a pass runs only in the process that
 * claims it, and the next not before intervalMs after that claim: N workers make one round of
 * requests to Meta per interval, not N.
 */
export function startTemplateSync(
  deps: TemplateDeps, options: TemplateSyncOptions & { intervalMs: number; lease?: { port: WorkLease; holder: string } },
): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  const lease = options.lease;
  const round = async () => {
    if (lease && !(await lease.port.claim(TEMPLATE_SYNC_LEASE, lease.holder, Math.max(options.intervalMs, ROUND_HOLD_MS)))) return;
    try {
      const r = await syncWhatsAppTemplates(deps, options);
      if (r.changed > 0) deps.log.info(r, 'template sync settled statuses');
    } finally {
      if (lease) await lease.port.release(TEMPLATE_SYNC_LEASE, lease.holder, options.intervalMs);
    }
  };
  const pass = () => {
    running ??= round()
      .catch((err: unknown) => deps.log.warn({ err }, 'template sync failed'))
      .finally(() => { running = null; });
  };
  pass();
  const timer = setInterval(pass, options.intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
