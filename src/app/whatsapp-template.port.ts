import type { MetaTemplateShape } from '../domain/whatsapp-import.js';

/**
 * A WhatsApp Business Account's message templates at Meta (Cloud API `message_templates`): what
 * Sapa submits, reads back and links to its Template Chats. Outcomes, never exceptions.
 */

/** A template as Meta lists it (only what Sapa reads). */
export interface MetaTemplate {
  readonly id: string;
  readonly name: string;
  readonly language: string;
  /** Meta's status, e.g. `APPROVED`, `PENDING`, `REJECTED`, `PAUSED`, `DISABLED`. */
  readonly status: string;
  readonly category: string;
  /** `rejected_reason` (`NONE` when not rejected), when Meta gives one. */
  readonly rejectedReason: string | null;
  /** The BODY component's text, null when it has none. */
  readonly body: string | null;
  /** Its other components, as far as deciding whether Sapa can import it goes. */
  readonly shape: MetaTemplateShape;
}

export type MetaResult<T> =
  | { readonly ok: true; readonly value: T }
  | {
    readonly ok: false;
    /** `whatsapp:<code>` for Meta's errors, `http_<status>`, `network` or `whatsapp:bad_response`. */
    readonly reason: string;
    readonly detail: string;
    /** Meta's error code and subcode, when it answered with one. */
    readonly code?: number;
    readonly subcode?: number;
  };

export interface TemplateSubmission {
  readonly name: string;
  readonly language: string;
  readonly category: 'UTILITY' | 'MARKETING';
  /** BODY text with `{{1}}`…`{{n}}`. */
  readonly body: string;
  /** One example value per placeholder. */
  readonly examples: readonly string[];
  /** Quick-reply buttons' texts, in order (a BUTTONS component); none: no component. */
  readonly buttons?: readonly string[];
  /** A media HEADER: its format and the handle of its example from uploadExample (`example.header_handle`). */
  readonly header?: { readonly format: 'IMAGE' | 'DOCUMENT'; readonly handle: string } | null;
}

/** One WhatsApp Business Account's templates. */
export interface WhatsAppTemplateApi {
  /** `POST /{waba-id}/message_templates`: Meta answers the new template's id, status and category. */
  create(template: TemplateSubmission): Promise<MetaResult<{ id: string; status: string; category: string }>>;
  /** `POST /{template-id}` with the new components: Meta reviews the edit again (an approved one: once a day, 10 times a month). */
  edit(id: string, template: Pick<TemplateSubmission, 'body' | 'examples' | 'buttons' | 'header'>): Promise<MetaResult<{ success: boolean }>>;
  /** `GET /{template-id}`. */
  get(id: string): Promise<MetaResult<MetaTemplate>>;
  /** `GET /{waba-id}/message_templates`, one page; `after` is the cursor of the next page, null on the last. */
  list(query: { name?: string; after?: string | null; limit: number }): Promise<MetaResult<{ items: MetaTemplate[]; after: string | null }>>;
  /**
   * Meta's Resumable Upload API: `POST /{app-id}/uploads` opens a session, `POST /{session}` sends the
   * bytes; the answer's handle goes in a media HEADER's `example.header_handle`. `app_id_missing`
   * when the account has no Meta app id.
   */
  uploadExample(file: { bytes: Uint8Array; type: string; name: string }): Promise<MetaResult<{ handle: string }>>;
  /** GET of a template's example file (a header's `header_handle` URL on Meta's CDN), at most maxBytes. */
  download(url: string, maxBytes: number): Promise<MetaResult<{ bytes: Uint8Array; contentType: string | null }>>;
}

/** A workspace's template account: its WABA and the API over it; null where the workspace sends through the sandbox or has no WABA id. */
export interface WhatsAppTemplateAccounts {
  forWorkspace(workspaceId: string): Promise<{ wabaId: string; api: WhatsAppTemplateApi } | null>;
  /** Workspaces with a WABA, at most `limit` (the periodic status fetch). */
  workspaces(limit: number): Promise<string[]>;
}

/** One `message_template_status_update` change, as Meta posts it. */
export interface TemplateStatusUpdate {
  readonly templateId: string;
  readonly name: string;
  readonly language: string;
  /** Meta's event: APPROVED, REJECTED, PENDING, PAUSED, DISABLED, FLAGGED… */
  readonly event: string;
  readonly reason: string | null;
}
