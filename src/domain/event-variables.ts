/**
 * From a business event to template values, per the trigger table (triggers.ts):
 * which variables a trigger fills, and which event field each one came from, so a
 * message that cannot be rendered fails with a reason naming the empty field.
 */
import { formatIndonesianList } from './indonesian-list.js';
import { TRIGGERS, allowedVariables, type DocumentSource, type TriggerKey } from './triggers.js';

/** The event fields variable resolution reads (a subset of the API's event body). */
export interface VariableEvent {
  readonly contact: { readonly name?: string | null };
  readonly order?: {
    readonly number?: string;
    readonly invoiceNumber?: string;
    readonly trackingNumber?: string;
    readonly items?: readonly { readonly name: string }[];
  } | null;
  readonly user?: { readonly name?: string } | null;
  /** Sapa's own referral events carry these (never a shop's event): see app/referrals.ts. */
  readonly referral?: {
    readonly code?: string | null;
    readonly link?: string | null;
    readonly referredName?: string | null;
    readonly reward?: string | null;
  } | null;
}

export interface ResolvedVariables {
  /** Value per variable the trigger allows; undefined where the event lacks it. */
  readonly values: Record<string, string | undefined>;
  /** Event field behind each variable, e.g. `order.trackingNumber`. */
  readonly sources: Record<string, string>;
}

/** Trimmed text, or undefined for null/blank. */
function clean(value: string | null | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  const t = value.trim();
  return t === '' ? undefined : t;
}

function documentNumber(order: VariableEvent['order'], source: DocumentSource): string | undefined {
  if (!order) return undefined;
  switch (source) {
    case 'order.number':
      return clean(order.number);
    case 'order.invoiceNumber':
      return clean(order.invoiceNumber);
    case 'order.trackingNumber':
      return clean(order.trackingNumber);
  }
}

/**
 * Product names as one Indonesian list; blank names are dropped and repeated names
 * (the same product on two lines) appear once. Journeys on cart events use it too (journeys/variables.ts).
 */
export function productNames(order: VariableEvent['order']): string | undefined {
  const names: string[] = [];
  for (const item of order?.items ?? []) {
    const name = clean(item.name);
    if (name !== undefined && !names.includes(name)) names.push(name);
  }
  return names.length === 0 ? undefined : formatIndonesianList(names);
}

/** Values and their sources for the variables `trigger` allows, taken from `event`. */
export function resolveEventVariables(trigger: TriggerKey, event: VariableEvent): ResolvedVariables {
  const values: Record<string, string | undefined> = {};
  const sources: Record<string, string> = {};
  for (const name of allowedVariables(trigger)) {
    switch (name) {
      case 'contactname':
        values[name] = clean(event.contact.name);
        sources[name] = 'contact.name';
        break;
      case 'productname':
        values[name] = productNames(event.order);
        sources[name] = 'order.items';
        break;
      case 'username':
        values[name] = clean(event.user?.name);
        sources[name] = 'user.name';
        break;
      case 'referralcode':
        values[name] = clean(event.referral?.code);
        sources[name] = 'referral.code';
        break;
      case 'referrallink':
        values[name] = clean(event.referral?.link);
        sources[name] = 'referral.link';
        break;
      case 'referredname':
        values[name] = clean(event.referral?.referredName);
        sources[name] = 'referral.referredName';
        break;
      case 'referralreward':
        values[name] = clean(event.referral?.reward);
        sources[name] = 'referral.reward';
        break;
      case 'documentnumber': {
        const source = TRIGGERS[trigger].documentSource;
        if (source === null) break;
        values[name] = documentNumber(event.order, source);
        sources[name] = source;
        break;
      }
    }
  }
  return { values, sources };
}

/**
 * Failure reason for a render that lacked values: `missing_value: documentnumber (order.trackingNumber)`,
 * several joined with `; `; a variable with no known source appears without parentheses.
 */
export function missingValueReason(missing: readonly string[], sources: Readonly<Record<string, string>>): string {
  return missing
    .map((name) => {
      const source = Object.hasOwn(sources, name) ? sources[name] : undefined;
      return source === undefined ? `missing_value: ${name}` : `missing_value: ${name} (${source})`;
    })
    .join('; ');
}

const SAMPLE_DOCUMENT: Readonly<Record<DocumentSource, string>> = {
  'order.number': 'SO-1001',
  'order.invoiceNumber': 'INV-1001',
  'order.trackingNumber': 'JNE0012345',
};

/**
 * Realistic Indonesian sample values for the live preview. With a trigger: only the
 * variables it allows, {documentnumber} matching its meaning; without: every variable.
 */
export function sampleValues(trigger?: TriggerKey): Record<string, string> {
  const all: Record<string, string> = {
    contactname: 'Budi Santoso',
    productname: 'Kopi Arabika dan Teh Melati',
    username: 'Sari',
    documentnumber: SAMPLE_DOCUMENT['order.number'],
    referralcode: 'BUDI7K3M',
    referrallink: 'https://sapa.example/r/BUDI7K3M',
    referredname: 'Ani Lestari',
    referralreward: 'Rp50.000',
  };
  if (trigger === undefined) return all;
  const source = TRIGGERS[trigger].documentSource;
  if (source !== null) all.documentnumber = SAMPLE_DOCUMENT[source];
  const out: Record<string, string> = {};
  for (const name of allowedVariables(trigger)) out[name] = all[name]!;
  return out;
}
