/**
 * Sapa as real child processes: `sapa migrate` to create the schema (and the `deliver` queue with
 * Sapa's own settings) on a fresh database, and `sapa worker` processes whose resident memory is
 * sampled from /proc while they run. Each is started as `node --import tsx src/main/cli.ts …`
 * (one process, no tsx wrapper), so the pid sampled is the worker itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The Sapa checkout whose CLI runs: this repository unless setSapaRoot() chose another (e.g. a snapshot of HEAD). */
let sapaRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Runs `sapa` from another checkout (with its own node_modules, or a link to this one's). */
export function setSapaRoot(dir: string): void {
  sapaRoot = dir;
}
const RSS_SAMPLE_MS = 250;
const STOP_TIMEOUT_MS = 30_000;

function sapa(command: 'migrate' | 'worker', env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  // SAPA_BENCH_CPU_PROF=<dir>: each worker writes a V8 CPU profile there when it exits (see where its time goes).
  const profile = command === 'worker' && process.env.SAPA_BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.SAPA_BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'src/main/cli.ts', command], {
    cwd: sapaRoot,
    env: { ...inherited, SAPA_LOG_LEVEL: process.env.SAPA_LOG_LEVEL ?? 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (d: Buffer) => {
    log += d.toString();
    if (log.length > 200_000) log = log.slice(-100_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { child, output: () => log };
}

/** Runs `sapa migrate` on DATABASE_URL and waits for it (at most 120 s). */
export async function migrate(databaseUrl: string): Promise<void> {
  const { child, output } = sapa('migrate', { DATABASE_URL: databaseUrl });
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.once('exit', (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
  if (code !== 0) throw new Error(`sapa migrate exited with ${code}:\n${output().slice(-3000)}`);
}

/** Reads one field (kB) of /proc/<pid>/status as MB; null when the process is gone. */
function procMb(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** User + system CPU seconds a process has used (/proc/<pid>/stat, 100 ticks/s); null when it is gone. */
function procCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

export interface WorkerProcess {
  pid: number;
  /** True while the process runs. */
  alive(): boolean;
  output(): string;
  /** Most resident memory seen: the kernel's high-water mark (VmHWM) and the 250 ms samples. */
  peakRssMb(): number;
  /** CPU seconds used from "Sapa worker running" (start-up excluded) until stop() began. */
  busyCpuSeconds(): number;
  /** SIGKILL at once (an interrupted benchmark). */
  kill(): void;
  /** SIGTERM, then SIGKILL after 30 s; resolves to how it ended. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null; killed: boolean; exitedEarly: boolean }>;
}

/** Starts `sapa worker` with the given environment (DATABASE_URL, WHATSAPP_*, SAPA_*). */
export function startWorker(env: Record<string, string>): WorkerProcess {
  const { child, output } = sapa('worker', env);
  const pid = child.pid;
  if (pid === undefined) throw new Error('sapa worker did not start');
  let cpuAtReady: number | null = null;
  let cpuAtStop: number | null = null;
  const onOutput = (d: Buffer) => {
    if (cpuAtReady === null && d.toString().includes('Sapa worker running')) {
      cpuAtReady = procCpuSeconds(pid);
      child.stdout?.off('data', onOutput);
    }
  };
  child.stdout?.on('data', onOutput);
  let peak = 0;
  const sample = () => {
    const hwm = procMb(pid, 'VmHWM') ?? 0;
    const rss = procMb(pid, 'VmRSS') ?? 0;
    peak = Math.max(peak, hwm, rss);
  };
  const sampler = setInterval(sample, RSS_SAMPLE_MS);
  sampler.unref();
  let ended: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      ended = { code, signal };
      clearInterval(sampler);
      resolve(ended);
    });
  });
  return {
    pid,
    alive: () => ended === null,
    output,
    peakRssMb: () => peak,
    busyCpuSeconds: () => Math.max(0, (cpuAtStop ?? 0) - (cpuAtReady ?? 0)),
    kill: () => {
      if (ended === null) child.kill('SIGKILL');
    },
    async stop() {
      const exitedEarly = ended !== null;
      if (!exitedEarly) {
        sample();
        cpuAtStop = procCpuSeconds(pid);
        child.kill('SIGTERM');
      }
      let killed = false;
      const timer = setTimeout(() => {
        killed = true;
        child.kill('SIGKILL');
      }, STOP_TIMEOUT_MS);
      const end = await exited;
      clearTimeout(timer);
      return { ...end, killed, exitedEarly };
    },
  };
}
