/**
 * Words of the message tools (search, today's counts, failure, resend, links) and of the demo
 * banner, added to the app's i18n resources under `messageTools`. They live beside their components
 * until the shared id.ts/en.ts (being reworked at the same time) take them in.
 */
import i18n from '../../i18n/index.js';

const id = {
  search: 'Cari pesan',
  searchPlaceholder: 'Nama, nomor HP (0812…) atau nomor pesanan',
  from: 'Dari tanggal',
  to: 'Sampai tanggal',
  today: 'Hari ini',
  todayCounts: 'Pesan hari ini',
  sent: 'Terkirim',
  delivered: 'Diterima',
  read: 'Dibaca',
  failed: 'Gagal',
  whatNext: 'Yang perlu dilakukan',
  technicalDetail: 'Detail teknis',
  resend: 'Kirim ulang',
  resending: 'Mengirim ulang…',
  resent: 'Sudah dikirim ulang',
  openResend: 'Lihat pesan kiriman ulang',
  openFallback: 'Lihat pesan lanjutannya (kanal berikutnya)',
  resendOf: 'Kiriman ulang dari pesan yang gagal',
  contact: 'Kontak',
  order: 'Pesanan',
  automation: 'Otomasi',
  demoTitle: 'Ini data demo',
  demoOff: 'Otomasi demo ({{count}}) dalam keadaan mati, jadi tidak ada pesan yang dikirim ke siapa pun.',
  demoOn: '{{on}} dari {{count}} otomasi demo menyala.',
  demoWhat: 'Otomasi yang menyala mengirim pesan WhatsApp sungguhan ke nomor kontak di setiap event yang masuk (kontak baru, pesanan dibuat, dibayar, dikirim).',
  demoLink: 'Buka Otomasi',
};
type MessageToolWords = typeof id;

const en: MessageToolWords = {
  search: 'Search messages',
  searchPlaceholder: 'Name, phone (0812…) or order number',
  from: 'From',
  to: 'To',
  today: 'Today',
  todayCounts: 'Messages today',
  sent: 'Sent',
  delivered: 'Delivered',
  read: 'Read',
  failed: 'Failed',
  whatNext: 'What to do',
  technicalDetail: 'Technical detail',
  resend: 'Resend',
  resending: 'Resending…',
  resent: 'Already resent',
  openResend: 'Open the resent message',
  openFallback: 'Open the message that took over (next channel)',
  resendOf: 'Resends a failed message',
  contact: 'Contact',
  order: 'Order',
  automation: 'Automation',
  demoTitle: 'This is demo data',
  demoOff: 'The demo automations ({{count}}) are switched off, so no message goes to anyone.',
  demoOn: '{{on}} of {{count}} demo automations are on.',
  demoWhat: 'An automation that is on sends real WhatsApp messages to the contact’s number for every event that comes in (new contact, order created, paid, shipped).',
  demoLink: 'Open Automations',
};

i18n.addResourceBundle('id', 'translation', { messageTools: id }, true, false);
i18n.addResourceBundle('en', 'translation', { messageTools: en }, true, false);

/** The language the UI shows now, for words the server sends in both (failure text and hints). */
export function uiLanguage(): 'id' | 'en' {
  return i18n.language === 'en' ? 'en' : 'id';
}
