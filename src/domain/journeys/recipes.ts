/**
 * Recipes: ready journeys made in one click (issue 10 part 3), with the templates they need
 * (Indonesian text, created when the workspace has none of that code).
 *
 * Winback survey rule (playbook question 24, "the WRONG times to send a winback survey"):
 *   1. never right after signup — the contact signed up at least `inactiveDays` days ago;
 *   2. never to someone with an unfinished transaction — a branch step exits a contact with an
 *      unpaid order (placed in the last 30 days, not paid);
 *   3. never before their 10th purchase if they are regulars — a regular is a contact with 2 or more
 *      orders; regulars get the survey only from their 10th order on, one-time buyers may get it.
 * Rules 1 and 3 and the inactivity itself are the entry segment's conditions; rule 2 is checked
 * when the contact reaches the send, as it can change while they wait.
 */
import type { SegmentDefinition } from '../segment.js';
import type { TemplateCategory } from '../vocabulary.js';
import type { JourneyDefinition } from './definition.js';

export const RECIPE_KEYS = ['cart_abandonment', 'winback_survey', 'welcome_series', 'post_purchase_upsell'] as const;
export type RecipeKey = (typeof RECIPE_KEYS)[number];

/** A template a recipe needs; `subject` lets it go by email too. */
export interface RecipeTemplate { readonly code: string; readonly message: string; readonly category: TemplateCategory; readonly subject: string }

export interface RecipeOptions {
  /** Winback: days without an order before the survey (default 60). */
  readonly inactiveDays?: number;
  /** Post-purchase up-sell: days after the order was received (default 3). */
  readonly upsellDays?: number;
}

export interface RecipeSpec {
  readonly key: RecipeKey;
  readonly name: string;
  readonly description: string;
  readonly templates: readonly RecipeTemplate[];
  /** The segment a segment-triggered recipe enters from (made with the journey). */
  readonly segment: { readonly name: string; readonly definition: SegmentDefinition } | null;
  /** The journey, given the ids of its templates (by code) and of its segment. */
  build(ids: { templates: Readonly<Record<string, string>>; segmentId: string | null }): JourneyDefinition;
}

const HOUR = 60;
const DAY = 24 * HOUR;

/** The recipe with its options applied. */
export function recipe(key: RecipeKey, options: RecipeOptions = {}): RecipeSpec {
  switch (key) {
    case 'cart_abandonment': return {
      key, name: 'Keranjang ditinggalkan',
      description: 'cart.abandoned → tunggu 1 jam → pengingat → tunggu 24 jam → pengingat kedua dengan insentif. Pengingat menyebut isi keranjang ({productname} dari order.items kejadian). Keluar saat order.created atau cart.recovered; paling banyak 2 pengingat.',
      templates: [
        { code: 'JOURNEY_CART_REMINDER_1', category: 'marketing', subject: 'Keranjangmu masih menunggu', message: 'Halo {contactname}, {productname} masih menunggu di keranjangmu. Yuk selesaikan pesananmu sebelum kehabisan!' },
        { code: 'JOURNEY_CART_REMINDER_2', category: 'marketing', subject: 'Diskon 10% untuk keranjangmu', message: 'Hai {contactname}, {productname} masih tersimpan di keranjangmu. Khusus untukmu: diskon 10% dengan kode BALIK10, berlaku 24 jam.' },
      ],
      segment: null,
      build: ({ templates }) => ({
        trigger: { kind: 'event', eventType: 'cart.abandoned' },
        steps: [
          { id: 'wait-1h', kind: 'wait', wait: { minutes: HOUR }, next: 'reminder-1' },
          { id: 'reminder-1', kind: 'send', templateId: templates.JOURNEY_CART_REMINDER_1!, channels: ['whatsapp', 'email'], next: 'wait-24h' },
          { id: 'wait-24h', kind: 'wait', wait: { minutes: DAY }, next: 'reminder-2' },
          { id: 'reminder-2', kind: 'send', templateId: templates.JOURNEY_CART_REMINDER_2!, channels: ['whatsapp', 'email'], next: null },
        ],
        exit: { eventTypes: ['order.created', 'cart.recovered'], onOptOut: true },
        allowReentry: false,
      }),
    };
    case 'winback_survey': {
      const days = options.inactiveDays ?? 60;
      return {
        key, name: `Survei winback (${days} hari tidak aktif)`,
        description: `Pelanggan yang ${days} hari tidak berbelanja menerima survei. Tidak dikirim tepat setelah mendaftar, tidak ke yang punya transaksi belum selesai, dan tidak ke pelanggan tetap sebelum pembelian ke-10.`,
        templates: [{ code: 'JOURNEY_WINBACK_SURVEY', category: 'marketing', subject: 'Boleh minta pendapatmu?', message: 'Halo {contactname}, sudah lama kami tidak melihatmu. Boleh bantu kami dengan 1 pertanyaan: apa yang membuatmu belum belanja lagi? Balas pesan ini ya.' }],
        segment: {
          name: `Tidak aktif ${days} hari (winback)`,
          definition: {
            match: 'all',
            rules: [
              { field: 'orders.last_days_ago', op: 'gte', value: days },
              { field: 'created_days_ago', op: 'gte', value: days },
              { match: 'any', rules: [{ field: 'orders.count', op: 'eq', value: 1 }, { field: 'orders.count', op: 'gte', value: 10 }] },
            ],
          },
        },
        build: ({ templates, segmentId }) => ({
          trigger: { kind: 'segment', segmentId: segmentId! },
          steps: [
            { id: 'unfinished-order', kind: 'branch', condition: { kind: 'has_unpaid_order' }, yes: 'skip', no: 'at-10' },
            { id: 'at-10', kind: 'wait', wait: { untilTime: '10:00' }, next: 'survey' },
            { id: 'survey', kind: 'send', templateId: templates.JOURNEY_WINBACK_SURVEY!, channels: ['whatsapp', 'email'], next: null },
            { id: 'skip', kind: 'exit' },
          ],
          exit: { eventTypes: ['order.created'], onOptOut: true },
          allowReentry: false,
        }),
      };
    }
    case 'welcome_series': return {
      key, name: 'Rangkaian sambutan',
      description: 'contact.created → sambutan → tunggu 2 hari → perkenalan produk; berhenti jika sudah memesan.',
      templates: [
        { code: 'JOURNEY_WELCOME_1', category: 'marketing', subject: 'Selamat datang!', message: 'Selamat datang, {contactname}! Terima kasih sudah bergabung. Kami akan kabari promo dan produk terbaru untukmu.' },
        { code: 'JOURNEY_WELCOME_2', category: 'marketing', subject: 'Produk favorit minggu ini', message: 'Hai {contactname}, ini produk favorit pelanggan kami minggu ini. Ada yang cocok untukmu?' },
      ],
      segment: null,
      build: ({ templates }) => ({
        trigger: { kind: 'event', eventType: 'contact.created' },
        steps: [
          { id: 'welcome', kind: 'send', templateId: templates.JOURNEY_WELCOME_1!, channels: ['whatsapp', 'email'], next: 'wait-2d' },
          { id: 'wait-2d', kind: 'wait', wait: { minutes: 2 * DAY }, next: 'ordered' },
          { id: 'ordered', kind: 'branch', condition: { kind: 'ordered_since_entry' }, yes: null, no: 'intro' },
          { id: 'intro', kind: 'send', templateId: templates.JOURNEY_WELCOME_2!, channels: ['whatsapp', 'email'], next: null },
        ],
        exit: { eventTypes: [], onOptOut: true },
        allowReentry: false,
      }),
    };
    case 'post_purchase_upsell': {
      const days = options.upsellDays ?? 3;
      return {
        key, name: 'Up-sell setelah pembelian',
        description: `order.received → tunggu ${days} hari → tawaran produk pelengkap.`,
        templates: [{ code: 'JOURNEY_UPSELL', category: 'marketing', subject: 'Penawaran khusus untukmu', message: 'Hai {contactname}, semoga {productname} memuaskan! Lengkapi dengan produk pilihan lain, ada penawaran khusus minggu ini.' }],
        segment: null,
        build: ({ templates }) => ({
          trigger: { kind: 'event', eventType: 'order.received' },
          steps: [
            { id: 'wait', kind: 'wait', wait: { minutes: days * DAY }, next: 'upsell' },
            { id: 'upsell', kind: 'send', templateId: templates.JOURNEY_UPSELL!, channels: ['whatsapp', 'email'], next: null },
          ],
          exit: { eventTypes: [], onOptOut: true },
          allowReentry: true,
        }),
      };
    }
  }
}
