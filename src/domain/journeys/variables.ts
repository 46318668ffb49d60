/**
 * What a journey's templates may say, by its trigger: a trigger key gives its variables (the
 * trigger table, triggers.ts); a cart event (`cart.abandoned`, `cart.recovered`) gives the
 * contact's name and the cart's products, read from the event's `order.items` (product.md §3
 * Events: a cart event may carry its items in `order`, stored with the event, never as an order);
 * any other trigger the contact's name only.
 */
import { productNames, resolveEventVariables, type ResolvedVariables, type VariableEvent } from '../event-variables.js';
import { allowedVariables, isTriggerKey } from '../triggers.js';
import type { JourneyDefinition } from './definition.js';

/** Event types about a cart: their `order` is the cart's contents, not a purchase. */
export const CART_EVENT_TYPES = ['cart.abandoned', 'cart.recovered'] as const;

export function isCartEvent(type: string): boolean {
  return (CART_EVENT_TYPES as readonly string[]).includes(type);
}

/** The variables a journey's templates may use. */
export function journeyVariables(def: Pick<JourneyDefinition, 'trigger'>): readonly string[] {
  if (def.trigger.kind === 'event') {
    if (isTriggerKey(def.trigger.eventType)) return allowedVariables(def.trigger.eventType);
    if (isCartEvent(def.trigger.eventType)) return ['contactname', 'productname'];
  }
  return ['contactname'];
}

/**
 * Values and their sources for a journey's message: the trigger event's (payload as stored) and
 * the contact's name as it is now. A value the event lacks is undefined, so rendering fails with
 * `missing_value: <name> (<source>)` rather than send a hole.
 */
export function resolveJourneyVariables(def: Pick<JourneyDefinition, 'trigger'>, contactName: string, payload: Omit<VariableEvent, 'contact'>): ResolvedVariables {
  const trigger = def.trigger.kind === 'event' ? def.trigger.eventType : '';
  if (isTriggerKey(trigger)) {
    return resolveEventVariables(trigger, { contact: { name: contactName }, order: payload.order ?? null, user: payload.user ?? null, referral: payload.referral ?? null });
  }
  const name = contactName.trim() === '' ? undefined : contactName.trim();
  if (isCartEvent(trigger)) {
    return { values: { contactname: name, productname: productNames(payload.order) }, sources: { contactname: 'contact.name', productname: 'order.items' } };
  }
  return { values: { contactname: name }, sources: { contactname: 'contact.name' } };
}
