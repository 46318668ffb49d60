/**
 * What a broadcast's template may use (product.md §1, extensions): the contact's name, the sender's
 * name as `{username}`, and the contact's custom fields by key. Order variables have no meaning
 * without an order and are refused when the broadcast is made.
 */

export const BROADCAST_VARIABLES = ['contactname', 'username'] as const;

/** Variable values for one contact; a custom field named like a built-in never shadows it. */
export function broadcastValues(contact: { readonly name: string; readonly customFields: Readonly<Record<string, string>> }, senderName: string): Record<string, string> {
  return { ...contact.customFields, contactname: contact.name, username: senderName };
}

/** Where each broadcast variable comes from, for `missing_value: …` reasons. */
export const BROADCAST_VALUE_SOURCES: Readonly<Record<string, string>> = { contactname: 'contact.name', username: 'broadcast.sender' };
