/**
 * The events bench's other processes: the floor and the bare PGlite process run as children of
 * their own (`node --import tsx`, as Sapa runs), so each one's memory is its own; and the resident
 * memory of Sapa's process, sampled from /proc while the load runs.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BareMemory } from './bare-pglite.js';
import type { FloorMemory, FloorResult } from './floor.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));

/** Runs bench/events/<script> under tsx; resolves with its JSON stdout lines, rejects on a non-zero exit or after timeoutMs. */
function runScript(script: string, args: string[], timeoutMs: number): Promise<Record<string, unknown>[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', HERE + script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) {
        reject(new Error(`${script} ${signal ? `killed (${signal}, after ${timeoutMs / 1000} s)` : `exited with ${code}`}: ${err.slice(-2000)}`));
        return;
      }
      resolve(out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>));
    });
  });
}

/** The one-transaction-per-event floor on Sapa's database or data folder (Sapa stopped). */
export async function runFloor(store: 'pglite' | 'postgres', target: string, connections: number[], durationS: number): Promise<{ results: FloorResult[]; memory: FloorMemory }> {
  // warm-up 2 s, then each count for durationS, plus start-up and slack
  const timeoutMs = (2 + connections.length * (durationS + 15) + 60) * 1000;
  const lines = await runScript('floor.ts', ['--store', store, '--target', target, '--connections', connections.join(','), '--duration', String(durationS)], timeoutMs);
  const results = lines.filter((l) => l.kind === 'result') as unknown as FloorResult[];
  const memory = lines.find((l) => l.kind === 'memory') as unknown as FloorMemory | undefined;
  if (!memory || results.length !== connections.length) throw new Error(`floor.ts printed ${results.length} results for ${connections.length} connection counts`);
  return { results, memory };
}

/** A bare PGlite process on the data folder: its resident memory after opening it and after reading every table. */
export async function measureBarePglite(dataDir: string, extensions: readonly string[], sharedBuffers?: string): Promise<BareMemory> {
  const args = ['--dir', dataDir, ...extensions.flatMap((e) => ['--extension', e]), ...(sharedBuffers ? ['--shared-buffers', sharedBuffers] : [])];
  const [line] = await runScript('bare-pglite.ts', args, 120_000);
  if (!line) throw new Error('bare-pglite.ts printed nothing');
  return line as unknown as BareMemory;
}

/** Resident memory of a process in MB, from /proc (Linux); null once it is gone. */
export function rssMb(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number | null {
  try {
    const kb = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
    return Number.isFinite(kb) ? Math.round(kb / 1024) : null;
  } catch {
    return null;
  }
}

/** Samples a process's RSS every intervalMs while started; max is the highest sample. */
export class RssSampler {
  max = 0;
  private timer: NodeJS.Timeout | null = null;
  constructor(private readonly pid: number, private readonly intervalMs = 100) {}
  start(): void {
    this.sample();
    this.timer ??= setInterval(() => this.sample(), this.intervalMs);
  }
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.sample();
  }
  private sample(): void {
    const mb = rssMb(this.pid);
    if (mb !== null) this.max = Math.max(this.max, mb);
  }
}
