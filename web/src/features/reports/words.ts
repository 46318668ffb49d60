/**
 * Words of the campaign reports (a broadcast's or automation's results), added to the app's i18n
 * resources under `reports`, beside their component like the message tools' words.
 */
import i18n from '../../i18n/index.js';

const id = {
  title: 'Hasil',
  converted: 'Konversi',
  convertedHint: 'Pesan yang diikuti pesanan dalam {{hours}} jam',
  revenue: 'Pendapatan',
  revenuePerMessage: 'Pendapatan per pesan',
  conversionRate: 'Tingkat konversi',
  orders: '{{count}} pesanan',
  funnel: 'Perjalanan pesan',
  sent: 'Terkirim',
  delivered: 'Diterima',
  read: 'Dibaca',
  clicked: 'Diklik',
  optOuts: 'Berhenti langganan',
  channel: 'Kanal',
  download: 'Unduh CSV',
  window: 'Pesanan dihitung bila terjadi paling lama {{hours}} jam setelah pesan terakhir yang diterima pelanggan (atau klik tautan). Ubah di Pengaturan.',
  empty: 'Belum ada pesan terkirim, jadi belum ada hasil.',
  settingsTitle: 'Pengukuran hasil',
  settingsHelp: 'Sebuah pesanan dihitung sebagai hasil pesan terakhir (atau klik tautan) yang diterima pelanggan dalam jangka ini sebelum memesan.',
  windowHours: 'Jangka atribusi (jam)',
  windowHoursHelp: '1–720 jam; umumnya 72 jam (3 hari).',
  save: 'Simpan',
  saved: 'Jangka atribusi disimpan',
};

const en: typeof id = {
  title: 'Results',
  converted: 'Conversions',
  convertedHint: 'Messages followed by an order within {{hours}} hours',
  revenue: 'Revenue',
  revenuePerMessage: 'Revenue per message',
  conversionRate: 'Conversion rate',
  orders: '{{count}} orders',
  funnel: 'Message funnel',
  sent: 'Sent',
  delivered: 'Delivered',
  read: 'Read',
  clicked: 'Clicked',
  optOuts: 'Opt-outs',
  channel: 'Channel',
  download: 'Download CSV',
  window: 'An order counts when it comes at most {{hours}} hours after the last message the customer received (or a link click). Change it in Settings.',
  empty: 'No message has been sent yet, so there are no results.',
  settingsTitle: 'Measuring results',
  settingsHelp: 'An order counts as the result of the last message (or link click) the customer received within this window before ordering.',
  windowHours: 'Attribution window (hours)',
  windowHoursHelp: '1–720 hours; 72 hours (3 days) is common.',
  save: 'Save',
  saved: 'Attribution window saved',
};

i18n.addResourceBundle('id', 'translation', { reports: id }, true, false);
i18n.addResourceBundle('en', 'translation', { reports: en }, true, false);
