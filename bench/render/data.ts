/**
 * Bench inputs: the seed's example templates (000_*.txt) and 1,000 deterministic
 * contacts turned into template values through Sapa's own event resolution.
 */
import { resolveEventVariables } from '../../src/domain/event-variables.js';
import type { TriggerKey } from '../../src/domain/triggers.js';
// mulberry32: a tiny seeded PRNG, so every run benches the same contacts.
import { mulberry32 } from '../../src/domain/insights/simulate.js';

export interface BenchTemplate {
  readonly id: string;
  readonly trigger: TriggerKey;
  /** Sapa syntax, verbatim from the seed. */
  readonly source: string;
  /** Hand-written concatenation: the floor no engine can beat by much. */
  readonly floor: (v: Readonly<Record<string, string | undefined>>) => string;
}

export const TEMPLATES: readonly BenchTemplate[] = [
  {
    id: 'terima-kasih',
    trigger: 'order.created',
    source: 'Halo {contactname}, Terima kasih telah membeli {productname}. Kode penjualan Anda adalah {documentnumber}. Kami akan segera memproses pesanan Anda.',
    floor: (v) => 'Halo ' + v.contactname + ', Terima kasih telah membeli ' + v.productname + '. Kode penjualan Anda adalah ' + v.documentnumber + '. Kami akan segera memproses pesanan Anda.',
  },
  {
    id: 'pengiriman',
    trigger: 'order.delivery',
    source: 'Hai {contactname}, Pesanan Anda telah dikirim! Nomor resi pengiriman Anda adalah {documentnumber}. Terima kasih telah berbelanja di toko kami.',
    floor: (v) => 'Hai ' + v.contactname + ', Pesanan Anda telah dikirim! Nomor resi pengiriman Anda adalah ' + v.documentnumber + '. Terima kasih telah berbelanja di toko kami.',
  },
  {
    id: 'diproses',
    trigger: 'order.received',
    source: 'Terima kasih, {contactname}, pesanan Anda untuk produk {productname} dengan kode {documentnumber} telah berhasil kami proses.',
    floor: (v) => 'Terima kasih, ' + v.contactname + ', pesanan Anda untuk produk ' + v.productname + ' dengan kode ' + v.documentnumber + ' telah berhasil kami proses.',
  },
];


const FIRST = ['Budi', 'Siti', 'Agus', 'Dewi', 'Rina', 'Andi', 'Putri', 'Joko', 'Wahyu', 'Ayu', 'Bambang', 'Lestari', 'Eko', 'Nur', 'Fajar', 'Indah'];
const LAST = ['Santoso', 'Rahmawati', 'Saputra', 'Wijaya', 'Lestari', 'Hidayat', 'Kusuma', 'Pratama', 'Nugroho', 'Siregar', '', ''];
const PRODUCTS = ['Kopi Arabika', 'Teh Melati', 'Gula Aren', 'Keripik Singkong', 'Sambal Bawang', 'Batik Tulis', 'Madu Hutan', 'Rendang Kemasan'];
const COURIERS = ['JNE', 'JNT', 'SICEPAT', 'POS'];
const STAFF = ['Sari', 'Dimas', 'Yuni', 'Rudi'];

/** Values per template (same index as TEMPLATES) for each of `count` contacts. */
export function makeValues(count: number): Record<string, string | undefined>[][] {
  const rand = mulberry32(20261123);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const rows: Record<string, string | undefined>[][] = [];
  for (let i = 0; i < count; i++) {
    const items = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => ({ name: pick(PRODUCTS) }));
    const event = {
      contact: { name: `${pick(FIRST)} ${pick(LAST)}`.trim() },
      order: {
        number: `SO-${1001 + i}`,
        invoiceNumber: `INV-${1001 + i}`,
        trackingNumber: `${pick(COURIERS)}${String(Math.floor(rand() * 1e10)).padStart(10, '0')}`,
        items,
      },
      user: { name: pick(STAFF) },
    };
    rows.push(TEMPLATES.map((t) => resolveEventVariables(t.trigger, event).values));
  }
  return rows;
}
