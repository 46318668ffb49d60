/**
 * What a broadcast's template may use (product.md §1, extensions): the contact's name, the sender's
 * name as `{username}`, and the contact's custom fields by key. Order variables have no meaning
 * without an order and are refused when the broadcast is made.
 */

export const BROADCAST_VARIABLES = ['contactname', 'username', 'referralcode', 'referrallink'] as const;

/**
 * Variable values for one contact; a custom field named like a built-in never shadows it. The
 * referral code and link are there only when the template uses them (the sender makes the codes
 * for a batch at once); a link is absent without SAPA_PUBLIC_URL.
 */
export function broadcastValues(
  contact: { readonly name: string; readonly customFields: Readonly<Record<string, string>> }, senderName: string,
  referral: { readonly code: string; readonly link: string | null } | null = null,
): Record<string, string | undefined> {
  return {
    ...contact.customFields, contactname: contact.name, username: senderName,
    referralcode: referral?.code, referrallink: referral?.link ?? undefined,
  };
}

/** Where each broadcast variable comes from, for `missing_value: …` reasons. */
export const BROADCAST_VALUE_SOURCES: Readonly<Record<string, string>> = {
  contactname: 'contact.name', username: 'broadcast.sender', referralcode: 'referral.code', referrallink: 'referral.link (SAPA_PUBLIC_URL)',
};
