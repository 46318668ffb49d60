/**
 * The trigger table of product.md §1 (from seed 000): which variables each
 * automation trigger may use and what {documentnumber} means for it.
 */

export const VARIABLES = {
  contactname: { label: { id: 'Nama Pelanggan', en: 'Customer name' } },
  productname: { label: { id: 'Nama Produk', en: 'Product name' } },
  username: { label: { id: 'Nama User', en: 'Staff user name' } },
  documentnumber: { label: { id: 'Nomor Dokumen', en: 'Document number' } },
  // The referral programme (issue 11): the contact's own code and short link, made on first use.
  referralcode: { label: { id: 'Kode Referral', en: 'Referral code' } },
  referrallink: { label: { id: 'Link Referral', en: 'Referral link' } },
  // Only on referral.reward_earned: who was referred, and what the referrer earned.
  referredname: { label: { id: 'Nama Teman yang Diajak', en: 'Referred friend' } },
  referralreward: { label: { id: 'Hadiah Referral', en: 'Referral reward' } },
} as const;

export type VariableName = keyof typeof VARIABLES;

/** Where a variable's value comes from in an event, for failure reasons like `missing_value: documentnumber (order.trackingNumber)`. */
export type DocumentSource = 'order.number' | 'order.invoiceNumber' | 'order.trackingNumber';

export interface TriggerVariable {
  readonly code: VariableName;
  /** Indonesian label as the seed's table gives it. */
  readonly label: string;
  readonly labelEn: string;
}

export interface TriggerDefinition {
  readonly key: TriggerKey;
  /** The seed's (English) label, kept verbatim. */
  readonly label: string;
  /** The Indonesian label a shop owner reads. */
  readonly labelId: string;
  readonly variables: readonly TriggerVariable[];
  /** The event field behind {documentnumber}, or null where the trigger does not allow it. */
  readonly documentSource: DocumentSource | null;
}

export const TRIGGER_KEYS = [
  'contact.created',
  'order.created',
  'order.delivery',
  'order.paid',
  'order.followup_delivery',
  'order.received',
  'referral.reward_earned',
] as const;

export type TriggerKey = (typeof TRIGGER_KEYS)[number];

const v = (code: VariableName, label: string, labelEn: string): TriggerVariable => ({ code, label, labelEn });
const CONTACT = v('contactname', 'Nama Pelanggan', 'Customer name');
const PRODUCT = v('productname', 'Nama Produk', 'Product name');
const USER = v('username', 'Nama User', 'Staff user name');
const SALES_CODE = v('documentnumber', 'Kode Penjualan', 'Sales code');
const RESI = v('documentnumber', 'Nomor Resi', 'Tracking number');
const INVOICE = v('documentnumber', 'Kode/Nomor Invoice', 'Invoice number');
const REF_CODE = v('referralcode', 'Kode Referral', 'Referral code');
const REF_LINK = v('referrallink', 'Link Referral', 'Referral link');
const REFERRED = v('referredname', 'Nama Teman yang Diajak', 'Referred friend');
const REWARD = v('referralreward', 'Hadiah Referral', 'Referral reward');

export const TRIGGERS: Readonly<Record<TriggerKey, TriggerDefinition>> = {
  'contact.created': { key: 'contact.created', label: 'Contact Created', labelId: 'Kontak baru', variables: [CONTACT, USER], documentSource: null },
  'order.created': { key: 'order.created', label: 'Contact Order Created', labelId: 'Pesanan dibuat', variables: [CONTACT, PRODUCT, USER, SALES_CODE], documentSource: 'order.number' },
  'order.delivery': { key: 'order.delivery', label: 'Contact Order Delivery', labelId: 'Pesanan dikirim', variables: [CONTACT, PRODUCT, USER, RESI], documentSource: 'order.trackingNumber' },
  'order.paid': { key: 'order.paid', label: 'Contact Order Paid', labelId: 'Pesanan dibayar', variables: [CONTACT, USER, INVOICE], documentSource: 'order.invoiceNumber' },
  'order.followup_delivery': { key: 'order.followup_delivery', label: 'Contact Order Followup Delivery', labelId: 'Pengingat pengiriman', variables: [CONTACT, PRODUCT, USER, RESI], documentSource: 'order.trackingNumber' },
  'order.received': { key: 'order.received', label: 'Contact Order Received', labelId: 'Pesanan diterima', variables: [CONTACT, PRODUCT, USER, SALES_CODE], documentSource: 'order.number' },
  // Sapa's own event (not from the seed): the referrer (the event's contact) earned the programme's reward.
  'referral.reward_earned': { key: 'referral.reward_earned', label: 'Referral Reward Earned', labelId: 'Hadiah referral didapat', variables: [CONTACT, REFERRED, REWARD, REF_CODE, REF_LINK], documentSource: null },
};

/**
 * The triggers in the order an order lives them (the seed's table lists delivery before paid):
 * what lists and pickers show.
 */
export const TRIGGER_KEYS_IN_LIFECYCLE_ORDER = [
  'contact.created',
  'order.created',
  'order.paid',
  'order.delivery',
  'order.followup_delivery',
  'order.received',
  'referral.reward_earned',
] as const satisfies readonly TriggerKey[];

/** True when `key` is one of the automation triggers (the seed's six and referral.reward_earned). */
export function isTriggerKey(key: string): key is TriggerKey {
  return (TRIGGER_KEYS as readonly string[]).includes(key);
}

/** The variable names a trigger allows, in table order. */
export function allowedVariables(key: TriggerKey): readonly VariableName[] {
  return TRIGGERS[key].variables.map((x) => x.code);
}
