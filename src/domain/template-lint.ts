/**
 * Spam lint of a Template Chat (issue 9 part 7): the email subject always (spam filters read it
 * whatever the category), the message and push title when the template is marketing (an order
 * update is not promotion). Warnings only: nothing here blocks saving or sending.
 */
import { spamLint, type SpamCode } from './spam-lint.js';
import type { TemplateCategory } from './vocabulary.js';

export type LintedField = 'subject' | 'message' | 'title';

export interface TemplateSpamWarning {
  readonly field: LintedField;
  readonly code: SpamCode;
  /** The part of the field the warning is about (an exact substring of it). */
  readonly excerpt: string;
}

/** The spam warnings of a template's texts, field by field in the order subject, message, title. */
export function templateSpamWarnings(t: {
  readonly category: TemplateCategory; readonly message: string; readonly subject?: string | null; readonly title?: string | null;
}): TemplateSpamWarning[] {
  const fields: [LintedField, string | null | undefined][] = [['subject', t.subject]];
  if (t.category === 'marketing') fields.push(['message', t.message], ['title', t.title]);
  return fields.flatMap(([field, text]) => (text ? spamLint(text).map((f) => ({ field, code: f.code, excerpt: f.excerpt })) : []));
}
