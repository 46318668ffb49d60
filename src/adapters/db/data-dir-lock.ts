/**
 * One process per PGlite data folder. PGlite has no shared-memory coordination between
 * processes: two processes opening the same folder silently lose each other's writes, so
 * the folder is locked for the life of the store and a second process is refused.
 *
 * Mechanism: proper-lockfile (an atomic `mkdir` of `<dataDir>/.sapa.lock` whose mtime the
 * holder refreshes every UPDATE_MS) plus an owner file `<dataDir>/.sapa.lock.json`
 * ({ pid, hostname, startedAt }) used for the error message and for fast crash recovery:
 *  - holder alive (pid answers signal 0 on this host) → DataDirLockedError at once;
 *  - holder gone (kill -9, power loss) → the lock is taken over once its mtime is
 *    DEAD_OWNER_STALE_MS old, i.e. at most ~2 s after the crash (immediately if later);
 *  - owner unknown (other host on a shared disk, unreadable owner file) → taken over once
 *    its mtime is STALE_MS (30 s) old.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import lockfile from 'proper-lockfile';

const LOCK_DIR = '.sapa.lock';
const OWNER_FILE = '.sapa.lock.json';
/** A lock whose mtime is older than this is stale whoever held it (ms). */
export const STALE_MS = 30_000;
/** How often the holder refreshes the lock's mtime (ms). */
const UPDATE_MS = 1_000;
/** Staleness used when the owner pid is known dead on this host (proper-lockfile's minimum, ms). */
export const DEAD_OWNER_STALE_MS = 2_000;

/** Thrown when another live process holds the data folder. */
export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError';
  readonly code = 'store.data_dir_locked';
  constructor(readonly dataDir: string, readonly ownerPid: number | null) {
    super(
      `Sapa data folder ${dataDir} is in use by another process${ownerPid === null ? '' : ` (pid ${ownerPid})`}. ` +
        'Stop it first, or set DATABASE_URL to use PostgreSQL with several processes.',
    );
  }
}

/** A held lock; release() is idempotent. */
export type DataDirLock = { dataDir: string; release(): Promise<void> };

type Owner = { pid: number; hostname: string; startedAt: string };

/**
 * Take the exclusive lock on a data folder (created if missing) or throw DataDirLockedError.
 * `onCompromised` runs if another process took the lock over while we held it (default: throw,
 * which crashes the process — continuing would lose writes).
 */
export async function acquireDataDirLock(
  dataDir: string,
  options: { onCompromised?: (err: Error) => void } = {},
): Promise<DataDirLock> {
  const dir = path.resolve(dataDir);
  fs.mkdirSync(dir, { recursive: true });
  const lockfilePath = path.join(dir, LOCK_DIR);
  const ownerPath = path.join(dir, OWNER_FILE);
  const onCompromised = options.onCompromised ?? ((err: Error) => {
    throw new Error(`Sapa lost the lock on data folder ${dir} (${err.message}); stopping so no writes are lost.`);
  });
  const base = { lockfilePath, realpath: false, update: UPDATE_MS, onCompromised };

  let releaseLock: () => Promise<void>;
  try {
    releaseLock = await lockfile.lock(dir, { ...base, stale: STALE_MS });
  } catch (err) {
    if (!isLocked(err)) throw err;
    const owner = readOwner(ownerPath);
    if (!owner || owner.hostname !== os.hostname() || isAlive(owner.pid)) {
      throw new DataDirLockedError(dir, owner?.pid ?? null);
    }
    // The recorded owner is dead; wait for the lock's mtime to age so a process that took the
    // lock a moment ago (and has not yet written its owner file) is not robbed.
    try {
      releaseLock = await lockfile.lock(dir, {
        ...base,
        stale: DEAD_OWNER_STALE_MS,
        retries: { retries: 20, factor: 1, minTimeout: 250, maxTimeout: 250 },
      });
    } catch (retryErr) {
      if (isLocked(retryErr)) throw new DataDirLockedError(dir, readOwner(ownerPath)?.pid ?? null);
      throw retryErr;
    }
  }

  writeOwner(ownerPath, { pid: process.pid, hostname: os.hostname(), startedAt: new Date().toISOString() });
  let released = false;
  return {
    dataDir: dir,
    async release() {
      if (released) return;
      released = true;
      if (readOwner(ownerPath)?.pid === process.pid) fs.rmSync(ownerPath, { force: true });
      await releaseLock().catch((err: unknown) => {
        // Already released (e.g. compromised) is fine; anything else is a real problem.
        if (!(err instanceof Error && 'code' in err && err.code === 'ERELEASED')) throw err;
      });
    },
  };
}

function isLocked(err: unknown): boolean {
  return err instanceof Error && 'code' in err && err.code === 'ELOCKED';
}

function readOwner(ownerPath: string): Owner | null {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(ownerPath, 'utf8'));
    if (parsed && typeof parsed === 'object' && 'pid' in parsed && typeof parsed.pid === 'number' &&
      'hostname' in parsed && typeof parsed.hostname === 'string') {
      return { pid: parsed.pid, hostname: parsed.hostname, startedAt: 'startedAt' in parsed ? String(parsed.startedAt) : '' };
    }
    return null;
  } catch {
    return null;
  }
}

function writeOwner(ownerPath: string, owner: Owner): void {
  // write-then-rename so a reader never sees half a file
  const tmp = `${ownerPath}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(owner));
  fs.renameSync(tmp, ownerPath);
}

/** Signal 0 checks existence; EPERM means it exists but belongs to another user. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err instanceof Error && 'code' in err && err.code === 'EPERM';
  }
}
