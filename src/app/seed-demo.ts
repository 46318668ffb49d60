/** The demo workspace a newcomer finds on first start: a few contacts, the seed's templates and their automations. */
import type { TriggerKey } from '../domain/triggers.js';
import type { Deps } from './ports.js';
import { checkMessage } from './templates.js';

const TEMPLATES: { code: string; message: string; trigger: TriggerKey; automation: string }[] = [
  {
    code: 'Selamat Datang',
    message: 'Halo {contactname}, selamat datang! Saya {username}, siap membantu kebutuhan belanja Anda.',
    trigger: 'contact.created',
    automation: 'Sapa pelanggan baru',
  },
  {
    code: 'Terima Kasih Pembelian',
    message: 'Halo {contactname}, Terima kasih telah membeli {productname}. Kode penjualan Anda adalah {documentnumber}. Kami akan segera memproses pesanan Anda.',
    trigger: 'order.created',
    automation: 'Konfirmasi pesanan',
  },
  {
    code: 'Pembayaran Diterima',
    message: 'Halo {contactname}, pembayaran untuk invoice {documentnumber} sudah kami terima. Terima kasih! — {username}',
    trigger: 'order.paid',
    automation: 'Konfirmasi pembayaran',
  },
  {
    code: 'Pengiriman Barang',
    message: 'Hai {contactname}, Pesanan Anda telah dikirim! Nomor resi pengiriman Anda adalah {documentnumber}. Terima kasih telah berbelanja di toko kami.',
    trigger: 'order.delivery',
    automation: 'Info pengiriman',
  },
];

const CONTACTS = [
  { name: 'Budi Santoso', phone: '+6281234567890', email: 'budi@example.com', externalId: 'C-1', tags: ['pelanggan-setia'] },
  { name: 'Siti Rahmawati', phone: '+6285712345678', email: 'siti@example.com', externalId: 'C-2', tags: [] },
  { name: 'Andi Wijaya', phone: '+6281398765432', email: null, externalId: 'C-3', tags: ['reseller'] },
];

/** Fills an empty workspace with demo data; does nothing when it already has templates. */
export async function seedDemo(deps: Pick<Deps, 'store' | 'clock'>, workspaceId: string): Promise<boolean> {
  if ((await deps.store.templates.list(workspaceId)).length > 0) return false;
  await deps.store.transaction(async (tx) => {
    const now = deps.clock.now();
    for (const c of CONTACTS) {
      const created = await tx.contacts.create(workspaceId, c, now);
      if (!('conflict' in created)) await tx.contacts.setConsent(workspaceId, created.id, 'whatsapp', 'opted_in', 'demo', now);
    }
    for (const t of TEMPLATES) {
      const { variables } = checkMessage(t.message, { trigger: t.trigger });
      const template = await tx.templates.create(workspaceId, {
        code: t.code, message: t.message, category: 'utility', whatsappName: null, whatsappLanguage: 'id', variables,
      });
      if (template === 'duplicate_code') continue;
      await tx.automations.create(workspaceId, { name: t.automation, trigger: t.trigger, templateId: template.id, channel: 'whatsapp', delayMinutes: 0, enabled: true });
    }
  });
  return true;
}
