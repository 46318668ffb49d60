/**
 * A counting semaphore: at most `size` holders at once; waiters of a higher priority go first, so an
 * order update does not queue behind a broadcast's sends in this process.
 */
export interface Semaphore { acquire(priority?: number): Promise<void>; release(): void }

export function createSemaphore(size: number): Semaphore {
  let free = size;
  // Waiters per priority, each in arrival order; few distinct priorities exist (delivery-rules.ts).
  const waiting = new Map<number, (() => void)[]>();
  return {
    acquire(priority = 0) {
      if (free > 0) { free--; return Promise.resolve(); }
      return new Promise<void>((resolve) => {
        const list = waiting.get(priority) ?? [];
        list.push(resolve);
        waiting.set(priority, list);
      });
    },
    release() {
      let top: number | null = null;
      for (const [p, list] of waiting) if (list.length > 0 && (top === null || p > top)) top = p;
      const next = top === null ? undefined : waiting.get(top)!.shift();
      if (next) next();
      else free++;
    },
  };
}
