// The periodic loop: runs at once, then intervalMs after each run ends (never two at once); a
// failed run is reported and the loop goes on; stop() waits for the run in progress and no run
// starts after it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { repeatEvery } from './periodic.js';

beforeEach(() => { vi.useFakeTimers(); });
afterEach(() => { vi.useRealTimers(); });

describe('repeatEvery', () => {
  it('runs now, then the interval after each run ends, never overlapping', async () => {
    const events: string[] = [];
    let release: () => void = () => undefined;
    const loop = repeatEvery(100, async () => {
      events.push(`start@${Date.now()}`);
      await new Promise<void>((resolve) => { release = resolve; });
      events.push(`end@${Date.now()}`);
    }, () => undefined);
    const t0 = Date.now();
    await vi.advanceTimersByTimeAsync(500); // the first run is still going: no second one starts
    expect(events).toEqual([`start@${t0}`]);
    release();
    await vi.advanceTimersByTimeAsync(99);
    expect(events).toEqual([`start@${t0}`, `end@${t0 + 500}`]);
    await vi.advanceTimersByTimeAsync(1);
    expect(events).toEqual([`start@${t0}`, `end@${t0 + 500}`, `start@${t0 + 600}`]);
    release();
    await loop.stop();
  });

  it('reports a failed run and goes on', async () => {
    const errors: unknown[] = [];
    let runs = 0;
    const loop = repeatEvery(10, async () => {
      runs += 1;
      if (runs === 1) throw new Error('boom');
    }, (err) => { errors.push(err); });
    await vi.advanceTimersByTimeAsync(25);
    expect(errors).toHaveLength(1);
    expect(runs).toBe(3);
    await loop.stop();
  });

  it('stop() waits for the run in progress, tells it to stop, and nothing runs after', async () => {
    let release: () => void = () => undefined;
    let sawStop = false;
    let runs = 0;
    const loop = repeatEvery(10, async (stopped) => {
      runs += 1;
      await new Promise<void>((resolve) => { release = resolve; });
      sawStop = stopped();
    }, () => undefined);
    let done = false;
    const stopping = loop.stop().then(() => { done = true; });
    await vi.advanceTimersByTimeAsync(50);
    expect(done).toBe(false);
    release();
    await stopping;
    expect(sawStop).toBe(true);
    await vi.advanceTimersByTimeAsync(100);
    expect(runs).toBe(1);
  });
});
