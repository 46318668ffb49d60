/**
 * What a Template Chat carries besides its text on WhatsApp: a media header (an image or a PDF
 * uploaded to Sapa) and quick-reply buttons. Limits are Meta's for message templates: a quick
 * reply's text is at most 25 characters; Sapa allows 3 quick replies, the number every version
 * of Meta's template rules accepts (newer ones allow up to 10 buttons), and the number the
 * interactive reply-button message holds, so the same buttons fit both.
 */
import type { MediaKind } from './vocabulary.js';

export const TEMPLATE_BUTTONS_MAX = 3;
export const BUTTON_TEXT_MAX = 25;
/** Meta sends the payload back on the reply; Sapa keeps it short enough to store and show. */
export const BUTTON_PAYLOAD_MAX = 128;

/** A media header: the upload's id, and what sending needs without reading the upload again. */
export interface TemplateHeader {
  readonly type: MediaKind;
  readonly mediaId: string;
  /** The unguessable part of the upload's public URL (Meta fetches the file by link). */
  readonly token: string;
  /** Shown as a document's name in WhatsApp. */
  readonly filename: string;
}

/** A quick-reply button: its label, and the payload a tap sends back (defaults to the label). */
export interface TemplateButton { readonly text: string; readonly payload: string }

export interface ButtonProblem { readonly index: number; readonly code: 'template.too_many_buttons' | 'template.button_text' | 'template.button_duplicate'; readonly message: string }

/** Problems of a template's buttons: too many, empty or too long labels, the same label twice. */
export function checkButtons(buttons: readonly TemplateButton[]): ButtonProblem[] {
  const problems: ButtonProblem[] = [];
  if (buttons.length > TEMPLATE_BUTTONS_MAX) {
    problems.push({ index: TEMPLATE_BUTTONS_MAX, code: 'template.too_many_buttons', message: `At most ${TEMPLATE_BUTTONS_MAX} quick-reply buttons.` });
  }
  const seen = new Set<string>();
  buttons.forEach((b, index) => {
    const text = b.text.trim();
    if (text === '' || [...text].length > BUTTON_TEXT_MAX) {
      problems.push({ index, code: 'template.button_text', message: `A button's text has 1 to ${BUTTON_TEXT_MAX} characters.` });
    }
    // Meta refuses two quick replies with the same text, and the replies could not be told apart.
    if (seen.has(text.toLowerCase())) problems.push({ index, code: 'template.button_duplicate', message: 'Two buttons have the same text.' });
    seen.add(text.toLowerCase());
  });
  return problems;
}

/** The path (under SAPA_PUBLIC_URL) an upload is served at to whoever holds its token. */
export function mediaPath(token: string): string {
  return `/media/${token}`;
}
