/**
 * The message templates of the fake Cloud API's WhatsApp Business Account, as Meta documents them:
 * `POST /{v}/{waba-id}/message_templates` (answers `{id, status: 'PENDING', category}`),
 * `GET /{v}/{waba-id}/message_templates` (`{data, paging: {cursors: {before, after}, next?}}`,
 * `limit`, `after`, `name` filter), `GET /{v}/{template-id}` and the edit `POST /{v}/{template-id}`.
 * Tests move a template through review with setStatus (silently: a webhook Meta lost) or review
 * (which also posts the signed `message_template_status_update` webhook).
 */
export interface FakeTemplate {
  id: string;
  name: string;
  language: string;
  category: string;
  status: string;
  rejectedReason: string;
  components: Record<string, unknown>[];
}

export interface TemplateStatusWebhookInput {
  id: string;
  event: string;
  reason?: string | null;
}

export type TemplateAnswer = { status: number; body: unknown };

const invalid = (message: string, subcode?: number, userMsg?: string): TemplateAnswer => ({
  status: 400,
  body: { error: { message: `(#100) ${message}`, type: 'OAuthException', code: 100, ...(subcode !== undefined ? { error_subcode: subcode } : {}), ...(userMsg ? { error_user_msg: userMsg } : {}), fbtrace_id: 'Afaketemplates' } },
});

let nextId = 1_689_556_908_100_000;

export function createTemplateStore(wabaId: string) {
  const templates: FakeTemplate[] = [];

  /** Validates components as Meta does for a body-only template; null when acceptable. */
  function checkComponents(components: unknown): TemplateAnswer | null {
    if (!Array.isArray(components) || components.length === 0) return invalid('Invalid parameter', undefined, 'components is required');
    const body = components.find((c: { type?: unknown }) => c?.type === 'BODY') as { text?: unknown; example?: { body_text?: unknown } } | undefined;
    if (!body || typeof body.text !== 'string' || body.text.length === 0) return invalid('Invalid parameter', 2388043, 'A BODY component with text is required.');
    if (body.text.length > 1024) return invalid('Invalid parameter', 2388040, 'Body text is over 1024 characters.');
    const numbers = [...body.text.matchAll(/\{\{(\d+)\}\}/g)].map((m) => Number(m[1]));
    if (numbers.some((n, i) => n !== i + 1)) return invalid('Invalid parameter', 2388043, 'Variables must be sequential: {{1}}, {{2}}…');
    if (/\{\{(?!\d+\}\})|(?<!\{\{\d+)\}\}/.test(body.text)) return invalid('Invalid parameter', 2388043, 'Braces must be {{number}} placeholders.');
    const buttons = components.find((c: { type?: unknown }) => c?.type === 'BUTTONS') as { buttons?: unknown } | undefined;
    if (buttons) {
      // Quick replies: 1 to 3 (Meta's rule for quick-reply templates), each a QUICK_REPLY with 1–25 characters of text.
      const list = Array.isArray(buttons.buttons) ? (buttons.buttons as { type?: unknown; text?: unknown }[]) : [];
      if (list.length === 0 || list.length > 3 || list.some((b) => b?.type !== 'QUICK_REPLY' || typeof b.text !== 'string' || b.text === '' || b.text.length > 25)) {
        return invalid('Invalid parameter', 2388043, 'BUTTONS must hold 1 to 3 QUICK_REPLY buttons with 1–25 characters of text.');
      }
    }
    if (components.some((c: { type?: unknown; format?: unknown; example?: { header_handle?: unknown } }) => c?.type === 'HEADER' && c.format !== 'TEXT' && !Array.isArray(c.example?.header_handle))) {
      return invalid('Invalid parameter', 2388043, 'A media HEADER needs example.header_handle (from the resumable upload API).');
    }
    if (numbers.length > 0) {
      const rows = body.example?.body_text;
      const row = Array.isArray(rows) && rows.length === 1 && Array.isArray(rows[0]) ? (rows[0] as unknown[]) : null;
      if (!row || row.length !== numbers.length || row.some((v) => typeof v !== 'string' || v === '')) {
        return invalid('Invalid parameter', 2388043, 'example.body_text must give one non-empty example per variable.');
      }
    }
    return null;
  }

  const json = (t: FakeTemplate) => ({
    name: t.name, components: t.components, language: t.language, status: t.status, category: t.category, id: t.id, rejected_reason: t.rejectedReason,
  });

  return {
    templates,
    owns: (id: string) => id === wabaId || templates.some((t) => t.id === id),

    /** Answers a template request, or null when the path is not a template endpoint. */
    handle(method: string, url: URL, body: Record<string, unknown> | null): TemplateAnswer | null {
      const collection = /^\/v\d+\.\d+\/([^/]+)\/message_templates$/.exec(url.pathname);
      if (collection) {
        if (collection[1] !== wabaId) return invalid(`Unsupported ${method.toLowerCase()} request. Object with ID '${collection[1]}' does not exist`, 33);
        if (method === 'POST') return create(body);
        if (method === 'GET') return list(url.searchParams);
        return invalid('Unsupported method');
      }
      const single = /^\/v\d+\.\d+\/(\d+)$/.exec(url.pathname);
      const template = single ? templates.find((t) => t.id === single[1]) : undefined;
      if (!single || !template) return null;
      if (method === 'GET') return { status: 200, body: json(template) };
      if (method === 'POST') {
        const problem = checkComponents(body?.components);
        if (problem) return problem;
        template.components = body!.components as Record<string, unknown>[];
        template.status = 'PENDING';
        template.rejectedReason = 'NONE';
        return { status: 200, body: { success: true } };
      }
      return invalid('Unsupported method');
    },

    /**
     * A template made in WhatsApp Manager (for imports and hand-approved templates). `header` comes
     * before the BODY and `after` (FOOTER, BUTTONS, CAROUSEL…) after it, as Meta lists components, e.g.
     * `{type: 'HEADER', format: 'IMAGE', example: {header_handle: ['https://scontent…']}}`,
     * `{type: 'BUTTONS', buttons: [{type: 'QUICK_REPLY', text: 'Ya'}, {type: 'URL', text: 'Lacak', url: 'https://…/{{1}}', example: ['https://…/SO-1']}]}`.
     */
    add(t: Omit<Partial<FakeTemplate>, 'components'> & { name: string; body: string; examples?: string[]; header?: Record<string, unknown>; after?: Record<string, unknown>[] }): FakeTemplate {
      const components: Record<string, unknown>[] = [
        ...(t.header ? [t.header] : []),
        { type: 'BODY', text: t.body, ...(t.examples ? { example: { body_text: [t.examples] } } : {}) },
        ...(t.after ?? []),
      ];
      const made: FakeTemplate = {
        id: t.id ?? String(nextId++), name: t.name, language: t.language ?? 'id', category: t.category ?? 'UTILITY', status: t.status ?? 'APPROVED', rejectedReason: t.rejectedReason ?? 'NONE', components,
      };
      templates.push(made);
      return made;
    },

    setStatus(id: string, status: string, reason = 'NONE'): FakeTemplate {
      const t = templates.find((x) => x.id === id);
      if (!t) throw new Error(`no template ${id}`);
      t.status = status;
      t.rejectedReason = reason;
      return t;
    },

    /**
     * The notification as Meta writes it on the wire: `message_template_id` a JSON number of the
     * id's exact digits, even beyond 2^53 (which statusWebhook's object cannot hold).
     */
    statusWebhookText(input: TemplateStatusWebhookInput): string {
      const t = templates.find((x) => x.id === input.id);
      if (!t) throw new Error(`no template ${input.id}`);
      const marker = `"@id-${t.id}@"`;
      return JSON.stringify(this.statusWebhook(input), (key, value: unknown) => (key === 'message_template_id' ? marker.slice(1, -1) : value)).replace(marker, t.id);
    },

    /** Meta's `message_template_status_update` notification for a template (the id as a JS number: exact only up to 2^53). */
    statusWebhook(input: TemplateStatusWebhookInput): unknown {
      const t = templates.find((x) => x.id === input.id);
      if (!t) throw new Error(`no template ${input.id}`);
      return {
        object: 'whatsapp_business_account',
        entry: [{
          id: wabaId,
          time: Math.floor(Date.now() / 1000),
          changes: [{
            value: {
              event: input.event,
              // Meta sends the id as a number.
              message_template_id: Number(t.id),
              message_template_name: t.name,
              message_template_language: t.language,
              reason: input.reason === undefined ? 'NONE' : input.reason,
              message_template_category: t.category,
            },
            field: 'message_template_status_update',
          }],
        }],
      };
    },
  };

  function create(body: Record<string, unknown> | null): TemplateAnswer {
    if (!body) return invalid('Invalid parameter', undefined, 'Request body is not valid JSON');
    const { name, language, category, components } = body;
    if (typeof name !== 'string' || !/^[a-z0-9_]{1,512}$/.test(name)) return invalid('Invalid parameter', 2388042, 'name must be lowercase letters, digits and underscores.');
    if (typeof language !== 'string' || !/^[a-z]{2,3}(_[A-Z]{2})?$/.test(language)) return invalid('Invalid parameter', 2388044, 'language is not a supported locale.');
    if (category !== 'UTILITY' && category !== 'MARKETING' && category !== 'AUTHENTICATION') return invalid('Invalid parameter', 2388047, 'category must be UTILITY, MARKETING or AUTHENTICATION.');
    const problem = checkComponents(components);
    if (problem) return problem;
    if (templates.some((t) => t.name === name && t.language === language)) {
      return invalid('Invalid parameter', 2388024, `Message template "${name}" already exists in ${language}.`);
    }
    const t: FakeTemplate = { id: String(nextId++), name, language, category, status: 'PENDING', rejectedReason: 'NONE', components: components as Record<string, unknown>[] };
    templates.push(t);
    return { status: 200, body: { id: t.id, status: 'PENDING', category } };
  }

  function list(query: URLSearchParams): TemplateAnswer {
    const limit = Math.min(Math.max(Number(query.get('limit') ?? 25) || 25, 1), 100);
    const name = query.get('name');
    // Meta's name filter matches part of the name.
    const all = templates.filter((t) => name === null || t.name.includes(name));
    const after = query.get('after');
    const start = after ? Number(Buffer.from(after, 'base64url').toString()) || 0 : 0;
    const page = all.slice(start, start + limit);
    const cursor = (i: number) => Buffer.from(String(i)).toString('base64url');
    const more = start + limit < all.length;
    return {
      status: 200,
      body: {
        data: page.map(json),
        paging: {
          cursors: { before: cursor(start), after: cursor(start + page.length) },
          ...(more ? { next: `https://graph.facebook.com/v21.0/${wabaId}/message_templates?limit=${limit}&after=${cursor(start + page.length)}` } : {}),
        },
      },
    };
  }
}
