/**
 * What a quick message's template may use (product.md §1): the contact's name and custom fields,
 * their latest order for `{productname}` and `{documentnumber}` (the order number, its sales
 * code), and the agent's own name as `{username}`.
 */
import { formatIndonesianList } from './indonesian-list.js';
import type { CompiledTemplate } from './template/types.js';
import { renderTemplate } from './template/render.js';

export const QUICK_MESSAGE_VARIABLES = ['contactname', 'productname', 'documentnumber', 'username', 'referralcode', 'referrallink'] as const;

export interface QuickMessageSource {
  readonly contact: { readonly name: string; readonly customFields: Readonly<Record<string, string>> };
  readonly order: { readonly number: string; readonly items: readonly { readonly name: string }[] } | null;
  readonly agentName: string;
  /** The contact's referral code and short link (made on first use by the caller), when the template asks for them. */
  readonly referral?: { readonly code: string; readonly link: string | null } | null;
}

const blank = (v: string | null | undefined): string | undefined => (v && v.trim() !== '' ? v.trim() : undefined);

/** Values by variable; a custom field named like a built-in never shadows it. Blank values are absent. */
export function quickMessageValues(s: QuickMessageSource): Record<string, string | undefined> {
  const products: string[] = [];
  for (const item of s.order?.items ?? []) {
    const name = blank(item.name);
    if (name !== undefined && !products.includes(name)) products.push(name);
  }
  return {
    ...s.contact.customFields,
    contactname: blank(s.contact.name),
    productname: products.length > 0 ? formatIndonesianList(products) : undefined,
    documentnumber: blank(s.order?.number),
    username: blank(s.agentName),
    referralcode: blank(s.referral?.code),
    referrallink: blank(s.referral?.link),
  };
}

/** Where each value comes from, for `missing_value: …` reasons. */
export const QUICK_MESSAGE_SOURCES: Readonly<Record<string, string>> = {
  contactname: 'contact.name', productname: 'order.items', documentnumber: 'order.number', username: 'user.name',
  referralcode: 'referral.code', referrallink: 'referral.link (SAPA_PUBLIC_URL)',
};

export type QuickRender =
  | { readonly ok: true; readonly text: string; readonly params: string[] }
  /** `text` shows each missing value as its `{name}`, so the agent sees the hole before anything goes. */
  | { readonly ok: false; readonly text: string; readonly missing: string[] };

/** Renders a quick message; with values missing, the text with `{name}` where each is missing. */
export function renderQuickMessage(compiled: CompiledTemplate, values: Readonly<Record<string, string | undefined>>): QuickRender {
  const rendered = renderTemplate(compiled, values);
  if (rendered.ok) return rendered;
  const marked: Record<string, string | undefined> = { ...values };
  for (const name of rendered.missing) marked[name] = `{${name}}`;
  const shown = renderTemplate(compiled, marked);
  return { ok: false, text: shown.ok ? shown.text : '', missing: rendered.missing };
}
