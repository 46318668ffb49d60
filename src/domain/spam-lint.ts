/**
 * Spam lint for subjects and marketing texts: the editor warns with the reason, it never blocks.
 *
 * Source followed: the CRM playbook (shared/seeds/004, question 10, "Apa contoh subjek email
 * yang terlihat spam dan bukan spam?"). Its spam examples show: urgency ("Hanya tersedia
 * sekarang!", "Hanya hari ini!", "Beli sekarang"), huge discounts as percentages ("diskon 99%",
 * "Diskon 90%"), prizes ("Pemenang Hadiah Langsung", "Klaim Hadiahmu"), "Klik di Sini",
 * too-good offers ("Penawaran Luar Biasa"), get-rich schemes ("Kekayaan dalam Semalam", "Skema
 * Cepat Kaya") and several `!` in one subject. Its good examples ("<Nama>, inilah struk
 * pembelian Anda", "… Lebih Efektif!") show that Title Case and one `!` are fine. Capitals
 * ("ALL CAPS"), "gratis", "dijamin" and "uang mudah" come from issue 9 part 7 and the common
 * spam-filter word lists, not from the playbook passage.
 *
 * Each finding names a code (the editor translates it) and the excerpt of the text it is about,
 * an exact substring of the input. Matching ignores case, needs whole words (Indonesian
 * possessive suffixes -ku/-mu/-nya allowed: "Hadiahmu") and any whitespace between the words
 * of a phrase. Pure: no I/O.
 */

export type SpamCode =
  | 'spam.all_caps'
  | 'spam.exclamations'
  | 'spam.big_percentage'
  | 'spam.prize'
  | 'spam.free'
  | 'spam.click_here'
  | 'spam.guarantee'
  | 'spam.get_rich'
  | 'spam.urgency'
  | 'spam.too_good';

export interface SpamFinding {
  readonly code: SpamCode;
  /** The part of the text the finding is about: an exact substring of the input. */
  readonly excerpt: string;
}

export interface SpamLintOptions {
  /** A percentage at or above this is flagged ("diskon 99%"). Default 50. */
  readonly percentageAtLeast?: number;
  /** At least this many `!` in the text are flagged. Default 2 (one is fine, per the playbook). */
  readonly exclamationsAtLeast?: number;
  /** Share of capitals among the letters from which a text is "all caps". Default 0.7. */
  readonly capsRatio?: number;
  /** Fewer letters than this are never "all caps" (short codes like "COD", "OK"). Default 8. */
  readonly capsMinLetters?: number;
}

/** Phrases per code; words separated by a space match any whitespace. */
export const SPAM_PHRASES: Readonly<Record<Exclude<SpamCode, 'spam.all_caps' | 'spam.exclamations' | 'spam.big_percentage'>, readonly string[]>> = {
  'spam.prize': ['hadiah', 'pemenang', 'anda menang', 'kamu menang', 'selamat anda terpilih', 'undian berhadiah', 'you won', 'you have won', 'winner', 'prize', 'claim your'],
  'spam.free': ['gratis', 'cuma-cuma', 'cuma cuma', 'free', 'free gift', '100% free'],
  'spam.click_here': ['klik di sini', 'klik disini', 'klik sekarang', 'click here', 'click now', 'click below'],
  'spam.guarantee': ['dijamin', 'jaminan 100%', 'garansi 100%', 'tanpa risiko', 'guaranteed', 'risk-free', 'risk free', 'no risk'],
  'spam.get_rich': [
    'cepat kaya', 'kaya mendadak', 'kaya dalam semalam', 'kekayaan dalam semalam', 'kaya raya', 'uang mudah', 'uang cepat',
    'uang instan', 'penghasilan jutaan', 'tanpa modal', 'passive income', 'get rich', 'easy money', 'fast cash', 'make money fast',
    'double your money',
  ],
  'spam.urgency': [
    'hanya hari ini', 'hanya tersedia sekarang', 'beli sekarang', 'buruan', 'jangan sampai kehabisan', 'kesempatan terakhir',
    'waktu terbatas', 'act now', 'buy now', 'order now', 'limited time', 'only today', 'last chance', 'urgent',
  ],
  'spam.too_good': [
    'penawaran luar biasa', 'penawaran terbaik sepanjang masa', 'harga gila', 'amazing offer', 'incredible deal',
    'once in a lifetime', 'best price ever', 'no catch',
  ],
};

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// Letters and digits count as word characters; the -ku/-mu/-nya suffixes may follow a word.
const NOT_WORD_BEFORE = '(?<![\\p{L}\\p{N}])';
const NOT_WORD_AFTER = '(?:ku|mu|nya)?(?![\\p{L}\\p{N}])';

function phraseRegExp(phrases: readonly string[]): RegExp {
  const alternatives = [...phrases]
    .sort((p, q) => q.length - p.length) // longest first, so the excerpt is the whole phrase
    .map((p) => p.split(/\s+/).map(escapeRegExp).join('\\s+'));
  return new RegExp(`${NOT_WORD_BEFORE}(?:${alternatives.join('|')})${NOT_WORD_AFTER}`, 'giu');
}

const PHRASE_RULES = (Object.entries(SPAM_PHRASES) as [SpamCode, readonly string[]][]).map(([code, phrases]) => ({ code, re: phraseRegExp(phrases) }));
const PERCENT = /(?<![\p{L}\p{N}.,])(\d{1,3}(?:[.,]\d+)?)\s?%/gu;
// Ends on a capital that is not the start of a capitalised word: "HARI INI!!! Klik" shows "HARI INI", not "HARI INI!!! K".
const CAPS_RUN = /\p{Lu}[\p{Lu}\p{N}\s\p{P}\p{S}]*\p{Lu}(?!\p{Ll})/gu;

function firstMatches(text: string, re: RegExp): string[] {
  re.lastIndex = 0;
  return [...text.matchAll(re)].map((m) => m[0]);
}

/** Findings for a subject or marketing text; an empty list when it reads like a normal message. */
export function spamLint(text: string, options: SpamLintOptions = {}): SpamFinding[] {
  const percentageAtLeast = options.percentageAtLeast ?? 50;
  const exclamationsAtLeast = options.exclamationsAtLeast ?? 2;
  const capsRatio = options.capsRatio ?? 0.7;
  const capsMinLetters = options.capsMinLetters ?? 8;
  const findings: SpamFinding[] = [];

  // Mostly capitals (the share of upper-case among cased letters), or a shouted phrase: two or
  // more capitalised words of 4+ letters in a row ("PROMO BESAR untuk kamu"). Short acronyms
  // ("COD", "JNE REG") and one code word ("HEMAT10") are ordinary.
  let upper = 0;
  let lower = 0;
  for (const ch of text) {
    if (/\p{Lu}/u.test(ch)) upper += 1;
    else if (/\p{Ll}/u.test(ch)) lower += 1;
  }
  const runs = firstMatches(text, CAPS_RUN);
  const shouted = runs.filter((r) => (r.match(/\p{Lu}{4,}/gu) ?? []).length >= 2);
  const mostlyCaps = upper + lower >= capsMinLetters && upper / (upper + lower) >= capsRatio;
  if (mostlyCaps || shouted.length > 0) {
    const longest = (mostlyCaps ? runs : shouted).reduce((best, r) => (r.length > best.length ? r : best), '');
    findings.push({ code: 'spam.all_caps', excerpt: longest.length > 0 ? longest : text });
  }

  // Several exclamation marks: the excerpt runs from the first to the last (at most 80 chars).
  const marks = [...text.matchAll(/[!！]/gu)];
  if (marks.length >= exclamationsAtLeast && marks.length > 0) {
    const first = marks[0]!.index;
    const last = marks[marks.length - 1]!.index;
    const run = /[!！]+/u.exec(text.slice(first))?.[0] ?? '!';
    const span = text.slice(first, last + 1);
    findings.push({ code: 'spam.exclamations', excerpt: span.length <= 80 ? span : run });
  }

  // Big percentages: "99%", "90 %", "100%"; small ones ("diskon 10%") are ordinary.
  PERCENT.lastIndex = 0;
  for (const m of text.matchAll(PERCENT)) {
    const value = Number(m[1]!.replace(',', '.'));
    if (Number.isFinite(value) && value >= percentageAtLeast) findings.push({ code: 'spam.big_percentage', excerpt: m[0] });
  }

  for (const { code, re } of PHRASE_RULES) {
    for (const excerpt of firstMatches(text, re)) findings.push({ code, excerpt });
  }
  return findings;
}
