/**
 * The workers' periodic loops (broadcasts, journeys, the lifecycle sweep): `task` runs now and then
 * `intervalMs` after each run ends, so runs never overlap and a slow pass delays the next instead
 * of piling up. `stop()` ends the loop and waits for a run in progress; a long task asks `stopped()`
 * between its steps to end early. A failed run is reported and the loop goes on.
 */
export interface Periodic {
  stop(): Promise<void>;
}

/** Starts the loop (see the file's comment). */
export function repeatEvery(intervalMs: number, task: (stopped: () => boolean) => Promise<void>, onError: (err: unknown) => void): Periodic {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const isStopped = () => stopped;
  const loop = () => {
    if (stopped) return;
    running = task(isStopped)
      .catch(onError)
      .finally(() => { if (!stopped) timer = setTimeout(loop, intervalMs); });
  };
  loop();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
