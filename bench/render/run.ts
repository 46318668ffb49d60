/**
 * `npm run bench:render`: renders/s of Sapa's compiled templates against Handlebars,
 * Mustache, LiquidJS and a hand-written concatenation floor, on the seed's templates
 * and 1,000 contacts. All engines must produce identical output (checked in full first).
 *
 * The sink: every output is written in full — UTF-8-encoded into a buffer with
 * TextEncoder.encodeInto, so every character of it is built and copied — and the
 * written byte count plus 16 words of the buffer go into a running FNV-1a hash.
 * Hashing every byte in JS costs ~4 ns/char here (more than the render itself) and
 * would mostly time the hash; `--full-hash` does that anyway (every byte, as 32-bit
 * FNV words) for anyone who wants to compare.
 */
import { TEMPLATES, makeValues } from './data.js';
import { buildEngines, type Engine, type Values } from './engines.js';

const CONTACTS = 1000;
const ROUNDS = 9;
const ROUND_MS = 300;
const WARMUP_MS = 600;

const rows = makeValues(CONTACTS);
const engines = buildEngines(TEMPLATES);

const FULL_HASH = process.argv.includes('--full-hash');
const SAMPLES = 16;
const encoder = new TextEncoder();
const bytes = new Uint8Array(1 << 16);
const words = new Uint32Array(bytes.buffer);

/** FNV-1a step. */
const mix = (h: number, x: number): number => Math.imul(h ^ x, 0x01000193);

/** Writes `s` out in full and folds it into `h`: every byte with --full-hash, else its size and SAMPLES words. */
function fnv(h: number, s: string): number {
  const { written } = encoder.encodeInto(s, bytes);
  const whole = written >>> 2;
  if (FULL_HASH) {
    for (let i = 0; i < whole; i++) h = mix(h, words[i]!);
    for (let i = whole << 2; i < written; i++) h = mix(h, bytes[i]!);
    return h;
  }
  h = mix(h, written);
  const step = Math.max(1, Math.floor(whole / SAMPLES));
  for (let i = 0; i < whole; i += step) h = mix(h, words[i]!);
  return h;
}

/** One pass: every contact through every template; returns the running hash. */
function pass(engine: Engine, h: number): number {
  const render = engine.render;
  for (let c = 0; c < rows.length; c++) {
    const row = rows[c]!;
    for (let t = 0; t < row.length; t++) h = fnv(h, render(t, row[t] as Values));
  }
  return h;
}
const RENDERS_PER_PASS = CONTACTS * TEMPLATES.length;

/** Runs passes for about `ms`; returns renders per second. */
function timed(engine: Engine, ms: number): { rate: number; hash: number } {
  let h = 0x811c9dc5;
  let passes = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(ms) * 1_000_000n;
  let elapsed: bigint;
  do {
    h = pass(engine, h);
    passes++;
    elapsed = process.hrtime.bigint() - start;
  } while (elapsed < budget);
  return { rate: (passes * RENDERS_PER_PASS) / (Number(elapsed) / 1e9), hash: h };
}

// Correctness first: identical output from every engine.
const reference = engines[0]!;
for (const engine of engines.slice(1)) {
  for (let c = 0; c < rows.length; c++) {
    for (let t = 0; t < TEMPLATES.length; t++) {
      const a = reference.render(t, rows[c]![t]!);
      const b = engine.render(t, rows[c]![t]!);
      if (a !== b) throw new Error(`${engine.name} differs on contact ${c}, template ${TEMPLATES[t]!.id}:\n  ${a}\n  ${b}`);
    }
  }
}
console.log(`output check: ${engines.length} engines agree on ${RENDERS_PER_PASS} renders`);
console.log(`example: ${reference.render(0, rows[0]![0]!)}`);

for (const engine of engines) timed(engine, WARMUP_MS);
const rates = new Map<string, number[]>(engines.map((e) => [e.name, []]));
let sink = 0;
for (let r = 0; r < ROUNDS; r++) {
  // Rotate the order each round so no engine always runs right after the same neighbour.
  for (let k = 0; k < engines.length; k++) {
    const engine = engines[(k + r) % engines.length]!;
    const { rate, hash } = timed(engine, ROUND_MS);
    rates.get(engine.name)!.push(rate);
    sink ^= hash;
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const med = new Map([...rates].map(([k, v]) => [k, median(v)]));
const sapa = med.get(reference.name)!;
const fmt = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 0 });

console.log(`\nrenders/s, median of ${ROUNDS} rounds of ~${ROUND_MS} ms, ${CONTACTS} contacts × ${TEMPLATES.length} seed templates, ${FULL_HASH ? 'every byte hashed' : 'every output written in full'} (${(sink >>> 0).toString(16)})\n`);
console.log(`${'engine'.padEnd(24)}${'renders/s'.padStart(14)}${'vs Sapa'.padStart(10)}`);
for (const engine of engines) {
  const rate = med.get(engine.name)!;
  console.log(`${engine.name.padEnd(24)}${fmt(rate).padStart(14)}${`${(rate / sapa).toFixed(2)}×`.padStart(10)}`);
}

const hb = med.get('Handlebars (noEscape)')!;
const lq = med.get('LiquidJS (renderSync)')!;
const floor = med.get('hand-written floor')!;
const goals: [string, boolean, string][] = [
  ['Sapa ≥ 4× Handlebars', sapa >= 4 * hb, `${(sapa / hb).toFixed(2)}×`],
  ['Sapa ≥ 25× LiquidJS', sapa >= 25 * lq, `${(sapa / lq).toFixed(2)}×`],
  ['floor ≤ 1.5× Sapa', floor <= 1.5 * sapa, `${(floor / sapa).toFixed(2)}×`],
];
console.log('');
for (const [goal, ok, actual] of goals) console.log(`${ok ? 'PASS' : 'FAIL'}  ${goal.padEnd(24)} (actual ${actual})`);
if (goals.some(([, ok]) => !ok)) process.exitCode = 1;
