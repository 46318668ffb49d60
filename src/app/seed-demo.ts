/**
 * The demo workspace a newcomer finds on first start: a few contacts, the seed's templates and their
 * automations. It must not be able to hurt: its automations start switched off (turning one on
 * sends real messages to whoever the events name), and with a real WhatsApp number configured
 * there is no demo at all, so real customers never get the demo's messages.
 */
import type { TriggerKey } from '../domain/triggers.js';
import type { Deps } from './ports.js';
import { checkMessage } from './templates.js';

/**
 * The demo's templates, each valid for the trigger it is attached to: values an event may lack
 * (the staff user, the customer's name) have a fallback, so a `contact.created` without a user still
 * goes out. The order template is the seed's own example (it renders the same when the name is there).
 */
export const DEMO_TEMPLATES: { code: string; message: string; trigger: TriggerKey; automation: string }[] = [
  {
    code: 'Selamat Datang',
    message: 'Halo {contactname|Kak}, selamat datang! Saya {username|tim Toko Demo Sapa}, siap membantu kebutuhan belanja Anda.',
    trigger: 'contact.created',
    automation: 'Sapa pelanggan baru',
  },
  {
    code: 'Terima Kasih Pembelian',
    message: 'Halo {contactname|Kak}, Terima kasih telah membeli {productname}. Kode penjualan Anda adalah {documentnumber}. Kami akan segera memproses pesanan Anda.',
    trigger: 'order.created',
    automation: 'Konfirmasi pesanan',
  },
  {
    code: 'Pembayaran Diterima',
    message: 'Halo {contactname|Kak}, pembayaran untuk invoice {documentnumber} sudah kami terima. Terima kasih! — {username|Toko Demo Sapa}',
    trigger: 'order.paid',
    automation: 'Konfirmasi pembayaran',
  },
  {
    code: 'Pengiriman Barang',
    message: 'Hai {contactname|Kak}, Pesanan Anda telah dikirim! Nomor resi pengiriman Anda adalah {documentnumber}. Terima kasih telah berbelanja di toko kami.',
    trigger: 'order.delivery',
    automation: 'Info pengiriman',
  },
];

/** The demo's contacts: external ids `DEMO-…`, so no real shop's `C-1` (or the README's examples) ever lands on them. */
export const DEMO_CONTACTS = [
  { name: 'Budi Santoso', phone: '+6281234567890', email: 'budi@example.com', externalId: 'DEMO-1', tags: ['pelanggan-setia'] },
  { name: 'Siti Rahmawati', phone: '+6285712345678', email: 'siti@example.com', externalId: 'DEMO-2', tags: [] },
  { name: 'Andi Wijaya', phone: '+6281398765432', email: null, externalId: 'DEMO-3', tags: ['reseller'] },
];

export type SeedDemoResult = 'seeded' | 'not_empty' | 'real_channel';

/**
 * Fills an empty workspace with demo data, automations off. Does nothing when the workspace already
 * has templates, or when a real WhatsApp number is configured (`realChannel`: WHATSAPP_* in the
 * environment) or saved for the workspace.
 */
export async function seedDemo(deps: Pick<Deps, 'store' | 'clock'>, workspaceId: string, options: { realChannel: boolean }): Promise<SeedDemoResult> {
  if (options.realChannel || (await deps.store.channelAccounts.get(workspaceId, 'whatsapp')) !== null) return 'real_channel';
  if ((await deps.store.templates.list(workspaceId)).length > 0) return 'not_empty';
  await deps.store.transaction(async (tx) => {
    const now = deps.clock.now();
    for (const c of DEMO_CONTACTS) {
      const created = await tx.contacts.create(workspaceId, c, now);
      if (!('conflict' in created)) await tx.contacts.setConsent(workspaceId, created.id, 'whatsapp', 'opted_in', 'demo', now, null);
    }
    for (const t of DEMO_TEMPLATES) {
      const { variables } = checkMessage(t.message, { trigger: t.trigger });
      const template = await tx.templates.create(workspaceId, {
        code: t.code, message: t.message, category: 'utility', whatsappName: null, whatsappLanguage: 'id', variables, header: null, buttons: [],
        // The code reads as a subject line, so the demo's templates work on email too.
        subject: t.code, html: null, title: t.code, link: null,
      });
      if (template === 'duplicate_code') continue;
      await tx.automations.create(workspaceId, { name: t.automation, trigger: t.trigger, templateId: template.id, channel: 'whatsapp', channels: ['whatsapp'], delayMinutes: 0, enabled: false });
    }
  });
  return 'seeded';
}

/** The demo's automations still in the workspace (by name and template), for the web app's banner. */
export async function demoAutomations(deps: Pick<Deps, 'store'>, workspaceId: string): Promise<{ id: string; name: string; enabled: boolean }[]> {
  const demo = new Set(DEMO_TEMPLATES.map((t) => `${t.automation}\u0000${t.code.toLowerCase()}`));
  return (await deps.store.automations.list(workspaceId))
    .filter((a) => demo.has(`${a.name}\u0000${a.templateCode.toLowerCase()}`))
    .map((a) => ({ id: a.id, name: a.name, enabled: a.enabled }));
}
