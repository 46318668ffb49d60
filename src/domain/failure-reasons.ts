/**
 * The words a shop owner reads for a message that failed or was skipped: every reason code the
 * engine stores (plan-message, delivery-rules, deliver-batch, the channels, the WhatsApp status
 * webhook, the sweep) turned into plain Bahasa Indonesia and English, with what to do next.
 * The raw reason stays as the detail, so support can still see exactly what happened.
 * Pure and dependency-free: the server puts it on message JSON and the web app may import it.
 */
import { isTriggerKey } from './triggers.js';

export interface Words { readonly id: string; readonly en: string }

export interface FailureExplanation {
  /** The leading code of the reason (`missing_value`, `whatsapp:131026`, `no_recipient`, …). */
  readonly code: string;
  /** What went wrong, in one sentence. */
  readonly text: Words;
  /** What to do next. */
  readonly hint: Words;
  /** The raw reason as stored. */
  readonly detail: string;
}

/** What the message was about, to name the order and the event in the words. */
export interface FailureContext {
  readonly orderNumber?: string | null | undefined;
  /** The trigger (event type) that produced the message. */
  readonly trigger?: string | null | undefined;
}

const w = (id: string, en: string): Words => ({ id, en });

/** The leading code of a stored reason: up to the first `:` followed by a space, or the first space. */
export function failureCode(reason: string): string {
  const trimmed = reason.trim();
  const colon = trimmed.search(/:\s/);
  const head = colon >= 0 ? trimmed.slice(0, colon) : trimmed.split(/\s/, 1)[0] ?? '';
  return head.replace(/:+$/, '').slice(0, 60) || 'unknown';
}

/** Explains a stored failure reason; never throws, whatever the string. */
export function explainFailure(reason: string, context: FailureContext = {}): FailureExplanation {
  const raw = typeof reason === 'string' ? reason : String(reason);
  const code = failureCode(raw);
  const rest = raw.trim().slice(raw.trim().indexOf(code) + code.length).replace(/^:\s*/, '').trim();
  const { text, hint } = words(code, rest, raw, context);
  return { code, text, hint, detail: raw };
}

function words(code: string, rest: string, raw: string, ctx: FailureContext): { text: Words; hint: Words } {
  if (code === 'missing_value') return missingValue(raw, ctx);
  if (code.startsWith('whatsapp:')) return whatsapp(code.slice('whatsapp:'.length), rest);
  if (code.startsWith('http_')) {
    const status = code.slice(5);
    return {
      text: w(`Server WhatsApp menjawab dengan galat HTTP ${status}`, `The WhatsApp server answered with HTTP error ${status}`),
      hint: w('Sapa mencoba lagi bila galatnya sementara; bila terus terjadi, periksa akun WhatsApp di Pengaturan', 'Sapa retries when the error is temporary; if it keeps happening, check the WhatsApp account in Settings'),
    };
  }
  switch (code) {
    case 'template_invalid':
      return {
        text: w(`Template pesan tidak valid${templateProblem(rest, 'id')}`, `The message template is invalid${templateProblem(rest, 'en')}`),
        hint: w('Perbaiki template di Template Chat, lalu kirim ulang pesan ini', 'Fix the template in Template Chat, then resend this message'),
      };
    case 'unknown_trigger':
      return {
        text: w(`Pemicu otomasi "${rest}" tidak dikenal`, `The automation's trigger "${rest}" is unknown`),
        hint: w('Ubah otomasi ke salah satu pemicu yang tersedia', 'Change the automation to one of the available triggers'),
      };
    case 'no_recipient': {
      const email = /email/i.test(rest);
      return {
        text: email ? w('Kontak ini belum punya alamat email', 'This contact has no email address') : w('Kontak ini belum punya nomor WhatsApp', 'This contact has no WhatsApp number'),
        hint: email
          ? w('Tambahkan email di halaman Kontak, lalu kirim ulang pesan ini', 'Add an email on the Contacts page, then resend this message')
          : w('Tambahkan nomor di halaman Kontak, lalu kirim ulang pesan ini', 'Add a number on the Contacts page, then resend this message'),
      };
    }
    case 'opted_out':
      return {
        text: w('Pelanggan sudah berhenti menerima pesan (opt-out) di kanal ini', 'The customer has opted out of messages on this channel'),
        hint: w('Jangan kirim lagi kecuali pelanggan memberi izin kembali', 'Do not send again unless the customer gives consent again'),
      };
    case 'contact_deleted':
      return {
        text: w('Kontaknya sudah dihapus sebelum pesan dikirim', 'The contact was deleted before the message went out'),
        hint: w('Tidak ada yang perlu dilakukan; buat kontak baru bila pelanggan kembali', 'Nothing to do; create a new contact if the customer comes back'),
      };
    case 'channel_not_configured':
      return {
        text: w(`Kanal ${rest || 'ini'} belum disiapkan`, `The ${rest || 'message'} channel is not set up`),
        hint: w('Atur akun WhatsApp di Pengaturan, lalu kirim ulang pesan ini', 'Set up the WhatsApp account in Settings, then resend this message'),
      };
    case 'channel_account_unreadable':
      return {
        text: w('Akun WhatsApp toko tidak bisa dibuka (kunci rahasia berubah?)', "The shop's WhatsApp account cannot be opened (did the secret key change?)"),
        hint: w('Simpan ulang akun WhatsApp di Pengaturan, atau kembalikan SAPA_SECRET_KEY yang lama', 'Save the WhatsApp account again in Settings, or restore the previous SAPA_SECRET_KEY'),
      };
    case 'network':
      return {
        text: w('Server WhatsApp tidak terjangkau saat mengirim', 'The WhatsApp server could not be reached'),
        hint: w('Sapa mencoba lagi otomatis; bila tetap gagal, periksa koneksi internet server lalu kirim ulang', 'Sapa retries on its own; if it still fails, check the server’s internet connection and resend'),
      };
    case 'unsettled':
    case 'lease_expired':
      return {
        text: w('Pengiriman sebelumnya terputus; pesan sedang dikirim lagi', 'The earlier send was interrupted; the message is being sent again'),
        hint: w('Tidak perlu berbuat apa-apa', 'Nothing to do'),
      };
    case 'paced':
      return {
        text: w('Menunggu giliran kirim (batas kecepatan nomor WhatsApp)', 'Waiting for a send slot (the WhatsApp number’s rate limit)'),
        hint: w('Tidak perlu berbuat apa-apa; pesan akan terkirim sebentar lagi', 'Nothing to do; it goes out shortly'),
      };
    case 'frequency_cap':
      return {
        text: w('Dilewati: pelanggan sudah menerima batas pesan promosi untuk periode ini', 'Skipped: the customer already got the most marketing messages allowed for this period'),
        hint: w('Batas frekuensi diatur di Pengaturan; pesan transaksi (utility) tidak dibatasi', 'The frequency cap is set in Settings; order updates (utility) are not capped'),
      };
    case 'quiet_hours':
      return {
        text: w('Menunggu jam tenang selesai (pesan promosi tidak dikirim malam hari)', 'Waiting for quiet hours to end (marketing messages are not sent at night)'),
        hint: w('Tidak perlu berbuat apa-apa; pesan terkirim saat jam tenang berakhir', 'Nothing to do; it goes out when quiet hours end'),
      };
    case 'cancelled':
      return {
        text: w('Dilewati: broadcast dibatalkan sebelum pesan ini terkirim', 'Skipped: the broadcast was cancelled before this message went out'),
        hint: w('Tidak perlu berbuat apa-apa', 'Nothing to do'),
      };
    case 'whatsapp_template_not_approved': {
      const state = (Object.hasOwn(TEMPLATE_REVIEW, rest) ? TEMPLATE_REVIEW[rest] : undefined) ?? TEMPLATE_REVIEW.not_submitted!;
      return {
        text: w(`Di luar 24 jam WhatsApp hanya menerima template yang disetujui, dan template ini ${state.id}`, `Outside the 24-hour window WhatsApp only takes approved templates, and this template ${state.en}`),
        hint: w(
          'Buka Template Chat: ajukan template ke WhatsApp (atau impor yang sudah disetujui), tunggu disetujui, lalu kirim ulang pesan ini',
          'Open Template Chat: submit the template to WhatsApp (or import an approved one), wait for approval, then resend this message',
        ),
      };
    }
    case 'template_deleted':
      return {
        text: w('Template pesannya sudah dihapus', 'The message template was deleted'),
        hint: w('Buat broadcast baru dengan template yang ada', 'Create a new broadcast with an existing template'),
      };
    case 'sandbox:record_failed':
      return {
        text: w('Mode uji (sandbox) gagal mencatat pesan', 'The sandbox could not record the message'),
        hint: w('Sapa mencoba lagi otomatis; periksa penyimpanan server bila terus terjadi', 'Sapa retries on its own; check the server’s storage if it keeps happening'),
      };
    default:
      return {
        text: w(`Pesan tidak terkirim (${code})`, `The message was not sent (${code})`),
        hint: w('Lihat detail teknis di bawah; kirim ulang setelah penyebabnya diperbaiki', 'See the technical detail below; resend once the cause is fixed'),
      };
  }
}

/** Event fields behind variables (event-variables.ts sources), in the words a shop uses. */
const FIELDS: Readonly<Record<string, { id: string; en: string; eventField: string | null }>> = {
  'order.trackingNumber': { id: 'Nomor resi', en: 'the tracking number', eventField: 'trackingNumber' },
  'order.invoiceNumber': { id: 'Nomor invoice', en: 'the invoice number', eventField: 'invoiceNumber' },
  'order.number': { id: 'Nomor pesanan', en: 'the order number', eventField: 'number' },
  'order.items': { id: 'Nama produk', en: 'the product names', eventField: 'items' },
  'user.name': { id: 'Nama staf (user)', en: 'the staff user’s name', eventField: 'user.name' },
  'contact.name': { id: 'Nama pelanggan', en: 'the customer’s name', eventField: null },
  'broadcast.sender': { id: 'Nama pengirim broadcast', en: 'the broadcast sender’s name', eventField: null },
};

const VARIABLE_SOURCE: Readonly<Record<string, string>> = {
  contactname: 'contact.name', productname: 'order.items', username: 'user.name',
};

function missingValue(raw: string, ctx: FailureContext): { text: Words; hint: Words } {
  // `missing_value: documentnumber (order.trackingNumber); missing_value: username (user.name)`
  const parts = raw.split(';').map((p) => /missing_value:\s*([^\s()]*)\s*(?:\(([^)]*)\))?/.exec(p)).filter((m) => m !== null);
  const sources = parts.map((m) => m[2]?.trim() || VARIABLE_SOURCE[m[1] ?? ''] || m[1] || '?');
  const known = sources.map((s) => FIELDS[s] ?? { id: `Nilai {${s}}`, en: `the value {${s}}`, eventField: null });
  const order = ctx.orderNumber ? { id: ` untuk pesanan ${ctx.orderNumber}`, en: ` for order ${ctx.orderNumber}` } : { id: '', en: '' };
  const names = { id: joinWords(known.map((k) => k.id), 'dan'), en: joinWords(known.map((k) => k.en), 'and') };
  const text = w(`${names.id} belum ada${order.id}`, capitalise(`${names.en} ${known.length > 1 ? 'are' : 'is'} missing${order.en}`));

  const trigger = ctx.trigger && isTriggerKey(ctx.trigger) ? ctx.trigger : null;
  const eventFields = known.map((k) => k.eventField).filter((f): f is string => f !== null);
  if (known.every((k) => k === FIELDS['contact.name'])) {
    return { text, hint: w('Isi nama kontak di halaman Kontak, lalu kirim ulang pesan ini', 'Fill in the contact’s name on the Contacts page, then resend this message') };
  }
  if (eventFields.length === 0) {
    return { text, hint: w('Lengkapi data yang kurang, lalu kirim ulang pesan ini', 'Fill in what is missing, then resend this message') };
  }
  const event = trigger ?? 'pesanan';
  const eventEn = trigger ?? 'order';
  const fields = { id: joinWords(eventFields, 'dan'), en: joinWords(eventFields, 'and') };
  const fallback = sources.includes('user.name') || sources.includes('contact.name')
    ? { id: ', atau beri cadangan di template, mis. {username|Tim kami}', en: ', or give the template a fallback, e.g. {username|Our team}' }
    : { id: '', en: '' };
  return {
    text,
    hint: w(`Kirim ulang event ${event} dengan ${fields.id}${fallback.id}`, `Send the ${eventEn} event again with ${fields.en}${fallback.en}`),
  };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function joinWords(items: readonly string[], and: string): string {
  const unique = [...new Set(items)];
  if (unique.length <= 1) return unique[0] ?? '';
  return `${unique.slice(0, -1).join(', ')} ${and} ${unique.at(-1)}`;
}

const TEMPLATE_PROBLEMS: Readonly<Record<string, Words>> = {
  'template.unclosed_brace': w('ada "{" yang tidak ditutup', 'a "{" is never closed'),
  'template.unmatched_close': w('ada "}" tanpa pasangan', 'a "}" has no opening brace'),
  'template.empty_variable': w('ada variabel kosong "{}"', 'an empty variable "{}"'),
  'template.invalid_variable_name': w('ada nama variabel yang tidak sah', 'a variable name is not valid'),
};

function templateProblem(rest: string, lang: 'id' | 'en'): string {
  const found = Object.hasOwn(TEMPLATE_PROBLEMS, rest) ? TEMPLATE_PROBLEMS[rest] : undefined;
  return found ? `: ${found[lang]}` : '';
}

/** Meta's review of a template, as the failure of `whatsapp_template_not_approved: <status>` words it. */
const TEMPLATE_REVIEW: Readonly<Record<string, Words>> = {
  not_submitted: w('belum diajukan ke WhatsApp', 'was never submitted to WhatsApp'),
  pending: w('masih ditinjau WhatsApp', 'is still in WhatsApp’s review'),
  rejected: w('ditolak WhatsApp', 'was rejected by WhatsApp'),
  paused: w('sedang dijeda WhatsApp', 'is paused by WhatsApp'),
  disabled: w('dinonaktifkan WhatsApp', 'was disabled by WhatsApp'),
};

/** WhatsApp Cloud API error codes a shop meets (developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes). */
const WHATSAPP: Readonly<Record<string, { text: Words; hint: Words }>> = {
  'no_template': {
    text: w('Di luar 24 jam sejak pelanggan membalas, WhatsApp hanya menerima template yang disetujui', 'Outside the 24 hours after the customer’s last reply, WhatsApp only takes approved templates'),
    hint: w('Ajukan template ini ke WhatsApp dan tunggu disetujui, lalu kirim ulang', 'Submit this template to WhatsApp and wait for approval, then resend'),
  },
  'no_public_url': {
    text: w('Pesan ini membawa berkas, dan WhatsApp mengambil berkas lewat tautan, tetapi alamat publik Sapa belum diatur', 'The message has a file, which WhatsApp fetches by link, but Sapa’s public address is not set'),
    hint: w('Atur SAPA_PUBLIC_URL ke alamat yang bisa dijangkau Meta, lalu kirim ulang', 'Set SAPA_PUBLIC_URL to an address Meta can reach, then resend'),
  },
  'bad_response': {
    text: w('WhatsApp menerima permintaan tetapi tidak memberi id pesan', 'WhatsApp took the request but gave no message id'),
    hint: w('Periksa di WhatsApp Manager apakah pesan sudah sampai sebelum mengirim ulang', 'Check in WhatsApp Manager whether it arrived before resending'),
  },
  'unknown': {
    text: w('WhatsApp melaporkan pesan gagal tanpa kode', 'WhatsApp reported a failure without a code'),
    hint: w('Kirim ulang; bila gagal lagi, hubungi dukungan WhatsApp', 'Resend; if it fails again, contact WhatsApp support'),
  },
  '131026': {
    text: w('Nomor ini tidak bisa menerima pesan WhatsApp (belum terdaftar atau aplikasinya terlalu lama)', 'This number cannot receive WhatsApp messages (not on WhatsApp, or an old app)'),
    hint: w('Pastikan nomornya benar dan aktif di WhatsApp, perbaiki di halaman Kontak, lalu kirim ulang', 'Make sure the number is right and on WhatsApp, fix it on the Contacts page, then resend'),
  },
  '131047': {
    text: w('Sudah lebih dari 24 jam sejak pelanggan terakhir membalas', 'More than 24 hours have passed since the customer last replied'),
    hint: w('Gunakan template yang disetujui WhatsApp, lalu kirim ulang', 'Use a template WhatsApp has approved, then resend'),
  },
  '131049': {
    text: w('WhatsApp menahan pesan ini agar pelanggan tidak menerima terlalu banyak pesan pemasaran', 'WhatsApp held this message back so the customer does not get too much marketing'),
    hint: w('Kirim ulang nanti, dan kurangi pesan pemasaran ke pelanggan ini', 'Resend later, and send this customer less marketing'),
  },
  '131056': {
    text: w('Terlalu banyak pesan ke nomor yang sama dalam waktu singkat', 'Too many messages to the same number in a short time'),
    hint: w('Tunggu beberapa menit, lalu kirim ulang', 'Wait a few minutes, then resend'),
  },
  '130429': {
    text: w('Batas kecepatan kirim WhatsApp tercapai', 'WhatsApp’s send rate limit was reached'),
    hint: w('Sapa mencoba lagi otomatis; kirim ulang bila tetap gagal', 'Sapa retries on its own; resend if it still fails'),
  },
  '131048': {
    text: w('WhatsApp membatasi nomor toko karena banyak pesan ditandai spam', 'WhatsApp limited the shop’s number because many messages were marked as spam'),
    hint: w('Periksa kualitas nomor di WhatsApp Manager; kirim lebih sedikit pesan pemasaran', 'Check the number’s quality in WhatsApp Manager; send less marketing'),
  },
  '132000': {
    text: w('Jumlah variabel tidak cocok dengan template yang disetujui WhatsApp', 'The number of variables does not match the template WhatsApp approved'),
    hint: w('Samakan template di Sapa dengan yang disetujui, atau ajukan ulang, lalu kirim ulang', 'Make the template in Sapa match the approved one, or submit it again, then resend'),
  },
  '132001': {
    text: w('Template ini tidak ada di WhatsApp (nama atau bahasanya berbeda)', 'WhatsApp has no template with this name and language'),
    hint: w('Periksa nama WhatsApp template di Template Chat atau ajukan template ke WhatsApp, lalu kirim ulang', 'Check the template’s WhatsApp name in Template Chat or submit it to WhatsApp, then resend'),
  },
  '132005': {
    text: w('Teks pesan setelah diisi terlalu panjang untuk WhatsApp', 'The filled-in text is too long for WhatsApp'),
    hint: w('Persingkat template, lalu kirim ulang', 'Shorten the template, then resend'),
  },
  '132007': {
    text: w('Isi template melanggar kebijakan WhatsApp', 'The template breaks a WhatsApp policy'),
    hint: w('Ubah isi template sesuai kebijakan WhatsApp dan ajukan ulang', 'Change the template to follow WhatsApp’s policy and submit it again'),
  },
  '132012': {
    text: w('Format isian variabel tidak sesuai template yang disetujui', 'A variable’s value does not fit the approved template'),
    hint: w('Periksa template yang disetujui di WhatsApp Manager, lalu kirim ulang', 'Check the approved template in WhatsApp Manager, then resend'),
  },
  '132015': {
    text: w('Template dijeda WhatsApp karena kualitasnya rendah', 'WhatsApp paused the template for low quality'),
    hint: w('Perbaiki template dan ajukan ulang, atau pakai template lain', 'Improve the template and submit it again, or use another one'),
  },
  '132016': {
    text: w('Template dinonaktifkan WhatsApp', 'WhatsApp disabled the template'),
    hint: w('Buat dan ajukan template baru', 'Create and submit a new template'),
  },
  '190': {
    text: w('Token akses WhatsApp kedaluwarsa atau tidak sah', 'The WhatsApp access token has expired or is invalid'),
    hint: w('Perbarui token akses di Pengaturan, lalu kirim ulang', 'Update the access token in Settings, then resend'),
  },
  '131005': {
    text: w('Akun WhatsApp tidak punya izin mengirim pesan', 'The WhatsApp account may not send messages'),
    hint: w('Periksa izin token di Meta Business, lalu kirim ulang', 'Check the token’s permissions in Meta Business, then resend'),
  },
  '133010': {
    text: w('Nomor WhatsApp toko belum terdaftar di Cloud API', 'The shop’s WhatsApp number is not registered with the Cloud API'),
    hint: w('Daftarkan nomor di WhatsApp Manager, lalu kirim ulang', 'Register the number in WhatsApp Manager, then resend'),
  },
  '131021': {
    text: w('Penerima sama dengan nomor pengirim toko', 'The recipient is the shop’s own sending number'),
    hint: w('Perbaiki nomor kontak di halaman Kontak', 'Fix the contact’s number on the Contacts page'),
  },
  '131031': {
    text: w('Akun WhatsApp toko dikunci oleh WhatsApp', 'WhatsApp locked the shop’s account'),
    hint: w('Buka WhatsApp Manager dan ikuti petunjuknya', 'Open WhatsApp Manager and follow its instructions'),
  },
  '368': {
    text: w('Akun WhatsApp toko diblokir sementara karena pelanggaran kebijakan', 'The shop’s WhatsApp account is temporarily blocked for a policy violation'),
    hint: w('Periksa peringatan di WhatsApp Manager', 'Check the warnings in WhatsApp Manager'),
  },
};

function whatsapp(code: string, rest: string): { text: Words; hint: Words } {
  const known = Object.hasOwn(WHATSAPP, code) ? WHATSAPP[code] : undefined;
  if (known) return known;
  const said = rest ? `: ${rest.slice(0, 200)}` : '';
  return {
    text: w(`WhatsApp menolak pesan (kode ${code})${said}`, `WhatsApp refused the message (code ${code})${said}`),
    hint: w('Cari kode ini di dokumentasi galat WhatsApp Cloud API; kirim ulang setelah penyebabnya diperbaiki', 'Look the code up in the WhatsApp Cloud API error codes; resend once the cause is fixed'),
  };
}

