/**
 * The message templates of one WhatsApp Business Account over the Graph API: create
 * (`POST /{version}/{waba-id}/message_templates`), edit (`POST /{version}/{template-id}`), read
 * (`GET /{version}/{template-id}`) and list (`GET /{version}/{waba-id}/message_templates`, paged
 * by cursor). Bodies as Meta documents them; outcomes, never exceptions.
 */
import { z } from 'zod';
import type { MetaResult, MetaTemplate, TemplateSubmission, WhatsAppTemplateApi } from '../../app/whatsapp-template.port.js';
import type { HttpAnswer, HttpPost } from './keep-alive-http.js';
import { parseJsonOrUndefined } from './json-exact.js';

export interface WhatsAppTemplateApiConfig {
  apiBase: string;
  apiVersion: string;
  wabaId: string;
  accessToken: string;
  timeoutMs: number;
  /** The Meta app's id, for the Resumable Upload API (media header examples); absent: none can be uploaded. */
  appId?: string;
}

/** Fields asked of every listed template: the few Sapa reads. */
const FIELDS = 'id,name,language,status,category,rejected_reason,components';

/**
 * A template's components exactly as Meta documents them: BODY (`example` only when there are
 * placeholders), then BUTTONS with one QUICK_REPLY per button when it has any. A media HEADER is
 * never sent from here (it needs a header_handle from Meta's resumable upload: refused earlier).
 */
export function templateComponents(template: Pick<TemplateSubmission, 'body' | 'examples' | 'buttons' | 'header'>): Record<string, unknown>[] {
  const components: Record<string, unknown>[] = [];
  if (template.header) components.push({ type: 'HEADER', format: template.header.format, example: { header_handle: [template.header.handle] } });
  const body: Record<string, unknown> = { type: 'BODY', text: template.body };
  if (template.examples.length > 0) body.example = { body_text: [[...template.examples]] };
  components.push(body);
  const buttons = template.buttons ?? [];
  if (buttons.length > 0) components.push({ type: 'BUTTONS', buttons: buttons.map((text) => ({ type: 'QUICK_REPLY', text })) });
  return components;
}

/** The JSON body of a create, as it goes on the wire. */
export function createTemplateBody(template: TemplateSubmission): Record<string, unknown> {
  return { name: template.name, language: template.language, category: template.category, components: templateComponents(template) };
}

/** Binary exchanges (example files, uploads) go through fetch: the keep-alive client reads bodies as text. */
export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body?: Uint8Array<ArrayBuffer>; signal: AbortSignal }) => Promise<Response>;

export function createWhatsAppTemplateApi(config: WhatsAppTemplateApiConfig, deps: { http: HttpPost; fetch?: FetchLike }): WhatsAppTemplateApi {
  const fetchBytes: FetchLike = deps.fetch ?? ((url, init) => fetch(url, init));
  const base = `${config.apiBase.replace(/\/+$/, '')}/${config.apiVersion}`;
  const collection = `${base}/${encodeURIComponent(config.wabaId)}/message_templates`;
  const node = (id: string) => `${base}/${encodeURIComponent(id)}`;
  const headers = { authorization: `Bearer ${config.accessToken}`, 'content-type': 'application/json' };

  async function call<T>(url: string, method: 'GET' | 'POST', body: unknown, read: (json: unknown) => T | null): Promise<MetaResult<T>> {
    let answer: HttpAnswer;
    try {
      answer = await deps.http(url, { method, headers, body: method === 'GET' ? '' : JSON.stringify(body), timeoutMs: config.timeoutMs });
    } catch (error) {
      return { ok: false, reason: 'network', detail: error instanceof Error ? error.message : String(error) };
    }
    return answerOf(answer, read);
  }

  function answerOf<T>(answer: HttpAnswer, read: (json: unknown) => T | null): MetaResult<T> {
    const json = parseJsonOrUndefined(answer.body);
    if (answer.status >= 200 && answer.status < 300) {
      const value = read(json);
      return value === null
        ? { ok: false, reason: 'whatsapp:bad_response', detail: `HTTP ${answer.status}: ${answer.body.slice(0, 300)}` }
        : { ok: true, value };
    }
    const error = MetaErrorSchema.safeParse(json);
    if (error.success) {
      const e = error.data.error;
      const said = e.error_user_msg ?? e.error_data?.details ?? e.error_user_title;
      return {
        ok: false, reason: `whatsapp:${e.code}`, code: e.code, ...(e.error_subcode !== undefined ? { subcode: e.error_subcode } : {}),
        detail: `${e.code} ${e.message ?? 'Unknown error'}${said ? `: ${said}` : ''}`.slice(0, 500),
      };
    }
    return { ok: false, reason: `http_${answer.status}`, detail: `HTTP ${answer.status} ${answer.statusText}`.trim() };
  }

  async function binary<T>(url: string, headers: Record<string, string>, body: Uint8Array | undefined, read: (json: unknown) => T | null): Promise<MetaResult<T>> {
    let res: Response;
    let text: string;
    try {
      res = await fetchBytes(url, { method: 'POST', headers, ...(body ? { body: new Uint8Array(body) } : {}), signal: AbortSignal.timeout(config.timeoutMs) });
      text = await res.text();
    } catch (error) {
      return { ok: false, reason: 'network', detail: error instanceof Error ? error.message : String(error) };
    }
    return answerOf({ status: res.status, statusText: res.statusText, header: (n) => res.headers.get(n), body: text }, read);
  }

  return {
    create: (template) => call(collection, 'POST', createTemplateBody(template), (json) => {
      const r = CreatedSchema.safeParse(json);
      return r.success ? { id: String(r.data.id), status: r.data.status, category: r.data.category ?? template.category } : null;
    }),
    edit: (id, template) => call(node(id), 'POST', { components: templateComponents(template) }, (json) => {
      const r = z.object({ success: z.boolean() }).safeParse(json);
      return r.success ? r.data : null;
    }),
    get: (id) => call(`${node(id)}?fields=${FIELDS}`, 'GET', null, (json) => toTemplate(json)),
    list: (query) => {
      const params = new URLSearchParams({ fields: FIELDS, limit: String(query.limit) });
      if (query.name) params.set('name', query.name);
      if (query.after) params.set('after', query.after);
      return call(`${collection}?${params.toString()}`, 'GET', null, (json) => {
        const r = PageSchema.safeParse(json);
        if (!r.success) return null;
        const items = r.data.data.map(toTemplate).filter((t): t is MetaTemplate => t !== null);
        // Meta gives `paging.next` only when another page exists; the `after` cursor is there on every page.
        const after = r.data.paging?.next ? (r.data.paging.cursors?.after ?? null) : null;
        return { items, after };
      });
    },
    async uploadExample(file) {
      if (!config.appId) return { ok: false, reason: 'app_id_missing', detail: "the account has no Meta app id" };
      // 1. The session: file described in the query, the token as access_token (Meta's documented form).
      const params = new URLSearchParams({ file_name: file.name, file_length: String(file.bytes.length), file_type: file.type, access_token: config.accessToken });
      const opened = await binary(`${base}/${encodeURIComponent(config.appId)}/uploads?${params.toString()}`, {}, undefined, (json) => {
        const r = z.object({ id: z.string().regex(/^upload:/) }).safeParse(json);
        return r.success ? r.data.id : null;
      });
      if (!opened.ok) return opened;
      // 2. The bytes, to the session id as given (it carries its own `?sig=`); token and offset only as headers.
      return binary(`${base}/${opened.value}`, { authorization: `OAuth ${config.accessToken}`, file_offset: '0' }, file.bytes, (json) => {
        const r = z.object({ h: z.string().min(1) }).safeParse(json);
        return r.success ? { handle: r.data.h } : null;
      });
    },
    async download(url, maxBytes) {
      // Only a web address: the example comes from Meta's answer, never a file or another scheme.
      if (!/^https?:\/\//i.test(url)) return { ok: false, reason: 'whatsapp:bad_response', detail: 'the example is not a web address' };
      try {
        const res = await fetchBytes(url, { method: 'GET', headers: {}, signal: AbortSignal.timeout(config.timeoutMs) });
        if (!res.ok) return { ok: false, reason: `http_${res.status}`, detail: `HTTP ${res.status} fetching the example` };
        const length = Number(res.headers.get('content-length') ?? 0);
        if (length > maxBytes) return { ok: false, reason: 'too_large', detail: `the example has ${length} bytes` };
        const bytes = new Uint8Array(await res.arrayBuffer());
        if (bytes.length > maxBytes) return { ok: false, reason: 'too_large', detail: `the example has ${bytes.length} bytes` };
        return { ok: true, value: { bytes, contentType: res.headers.get('content-type') } };
      } catch (error) {
        return { ok: false, reason: 'network', detail: error instanceof Error ? error.message : String(error) };
      }
    },
  };
}

const MetaErrorSchema = z.object({
  error: z.object({
    message: z.string().optional(),
    code: z.number().int(),
    error_subcode: z.number().int().optional(),
    error_user_title: z.string().optional(),
    error_user_msg: z.string().optional(),
    error_data: z.object({ details: z.string().optional() }).optional(),
  }),
});
const Id = z.union([z.string().min(1), z.number().int()]);
const CreatedSchema = z.object({ id: Id, status: z.string(), category: z.string().optional() });
const TemplateSchema = z.object({
  id: Id,
  name: z.string(),
  language: z.string(),
  status: z.string(),
  category: z.string().default(''),
  rejected_reason: z.string().nullish(),
  components: z.array(z.object({
    type: z.string(),
    text: z.string().optional(),
    format: z.string().optional(),
    example: z.object({ header_handle: z.array(z.string()).optional() }).loose().optional(),
    buttons: z.array(z.object({ type: z.string(), text: z.string().default('') }).loose()).optional(),
  }).loose()).default([]),
});
const PageSchema = z.object({
  data: z.array(z.unknown()),
  paging: z.object({ cursors: z.object({ after: z.string().optional() }).optional(), next: z.string().optional() }).optional(),
});

function toTemplate(json: unknown): MetaTemplate | null {
  const r = TemplateSchema.safeParse(json);
  if (!r.success) return null;
  const t = r.data;
  const of = (type: string) => t.components.find((c) => c.type.toUpperCase() === type);
  const header = of('HEADER');
  const shape = {
    headerFormat: header ? (header.format ?? 'TEXT') : null,
    headerExample: header?.example?.header_handle?.[0] ?? null,
    hasFooter: of('FOOTER') !== undefined,
    buttons: (of('BUTTONS')?.buttons ?? []).map((b) => ({ type: b.type, text: b.text })),
    otherComponents: t.components.map((c) => c.type.toUpperCase()).filter((c) => !['HEADER', 'BODY', 'FOOTER', 'BUTTONS'].includes(c)),
  };
  return { id: String(t.id), name: t.name, language: t.language, status: t.status, category: t.category, rejectedReason: t.rejected_reason ?? null, body: of('BODY')?.text ?? null, shape };
}
