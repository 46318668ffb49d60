/**
 * Which message templates made in WhatsApp Manager Sapa can import as Template Chats, and as what.
 * Sapa models a BODY, an IMAGE or DOCUMENT header and up to three QUICK_REPLY buttons; a template
 * with anything else (a TEXT, VIDEO or LOCATION header, a FOOTER, URL / phone / copy-code buttons,
 * a carousel…) would be imported wrong — sent without what Meta expects, or edited away on the next
 * resubmission — so it is listed as not importable with the reason instead.
 */
import { TEMPLATE_BUTTONS_MAX } from './template-extras.js';
import type { MediaKind } from './vocabulary.js';

/** The parts of a Meta template that decide whether Sapa can hold it. */
export interface MetaTemplateShape {
  /** HEADER `format` (TEXT, IMAGE, DOCUMENT, VIDEO, LOCATION), null without a header. */
  readonly headerFormat: string | null;
  /** The header's example file (Meta's `example.header_handle[0]`: a URL on Meta's CDN), if any. */
  readonly headerExample: string | null;
  readonly hasFooter: boolean;
  readonly buttons: readonly { readonly type: string; readonly text: string }[];
  /** Component types other than HEADER, BODY, FOOTER and BUTTONS (e.g. CAROUSEL). */
  readonly otherComponents: readonly string[];
}

export type ImportShape =
  | { readonly ok: true; readonly header: { readonly type: MediaKind; readonly example: string } | null; readonly buttons: readonly string[] }
  | { readonly ok: false; readonly reason: ImportRefusal; /** The part at fault as Meta names it, e.g. `VIDEO`, `URL`, `CAROUSEL`. */ readonly part?: string };

/** Why a template is not importable. */
export type ImportRefusal = 'unsupported_component' | 'unsupported_header' | 'header_example_missing' | 'unsupported_footer' | 'unsupported_button' | 'too_many_buttons';

const part = (s: string) => s.toUpperCase().replace(/[^A-Z0-9_]/g, '').slice(0, 40) || 'UNKNOWN';

/** What Sapa would import of a Meta template, or why it cannot (e.g. `unsupported_header` VIDEO, `unsupported_button` URL). */
export function importShape(t: MetaTemplateShape): ImportShape {
  if (t.otherComponents.length > 0) return { ok: false, reason: 'unsupported_component', part: part(t.otherComponents[0]!) };
  let header: { type: MediaKind; example: string } | null = null;
  if (t.headerFormat !== null) {
    const format = t.headerFormat.toUpperCase();
    if (format !== 'IMAGE' && format !== 'DOCUMENT') return { ok: false, reason: 'unsupported_header', part: part(format) };
    // Every send of a media-header template carries a file: without Meta's example there is nothing to start from.
    if (t.headerExample === null) return { ok: false, reason: 'header_example_missing' };
    header = { type: format === 'IMAGE' ? 'image' : 'document', example: t.headerExample };
  }
  if (t.hasFooter) return { ok: false, reason: 'unsupported_footer' };
  const other = t.buttons.find((b) => b.type.toUpperCase() !== 'QUICK_REPLY');
  if (other) return { ok: false, reason: 'unsupported_button', part: part(other.type) };
  if (t.buttons.length > TEMPLATE_BUTTONS_MAX) return { ok: false, reason: 'too_many_buttons' };
  return { ok: true, header, buttons: t.buttons.map((b) => b.text) };
}
