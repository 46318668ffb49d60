/**
 * The shared send pace (table sender_pace): a sender's next free slot, moved forward atomically by
 * whichever worker reserves slots, so any number of processes together keep the sender's rate.
 * Time is the database's clock (clock_timestamp()), the one clock all workers share.
 */
import type { SenderPace } from '../../app/engine.port.js';
import type { SqlAccess } from './sql-unit.js';

/** Recovery per reservation after a slow-down: the pace climbs back to full in ~20 reservations. */
const RECOVERY_STEP = 0.05;
/** The pace never drops below a tenth of the sender's rate. */
const MIN_FACTOR = 0.1;
/**
 * Slots are spaced for 4 % under the rate: a full second's worth of slots then spans ~42 ms more
 * than a second, room for a send up to half a slot late plus the network's and the provider's own
 * jitter before any one-second window at the provider holds more than the rate (at 3 % an
 * idle machine came within 1 ms of it, and a loaded one went over).
 */
const MARGIN = 0.96;

export function paceSql(sql: SqlAccess): SenderPace {
  const known = new Set<string>();
  /*
   * Slots are times on the database's clock; a worker sends at them by its own. The offset between
   * the two is estimated NTP-style from each reservation's round trip (the database's time sits
   * about halfway through it), keeping the estimate of the quickest recent round trip: taking every
   * round trip's own estimate would shift each reservation's slots by its latency, and the tail of
   * a slow one would overlap the head of a quick one.
   */
  let offset = { ms: 0, rtt: Infinity, at: 0 };
  const learnOffset = (dbNowMs: number, sentAt: number, receivedAt: number) => {
    const rtt = receivedAt - sentAt;
    if (rtt <= offset.rtt || receivedAt - offset.at > 60_000) offset = { ms: dbNowMs - (sentAt + receivedAt) / 2, rtt, at: receivedAt };
  };
  const ensure = async (senderKey: string) => {
    if (known.has(senderKey)) return;
    await sql.query('insert into sender_pace (sender_key, next_at) values ($1, clock_timestamp()) on conflict do nothing', [senderKey], 'pace_ensure');
    known.add(senderKey);
  };
  return {
    async reserve(senderKey, count, ratePerSecond, horizonMs, margin = MARGIN) {
      if (count <= 0) return { granted: 0, delayMs: 0, stepMs: 0 };
      await ensure(senderKey);
      const sentAt = Date.now();
      const [row] = await sql.query(`
        with cur as (
          select sender_key, clock_timestamp() as now, greatest(next_at, clock_timestamp()) as start,
            1.0 / ($2::float8 * $6::float8 * factor) as step, factor
          from sender_pace where sender_key = $1 for update
        ), g as (
          select *, greatest(0, least($3::int, floor(
            (extract(epoch from (now - start)) + $4::float8 / 1000) / step)::int)) as granted
          from cur
        )
        update sender_pace p set
          next_at = g.start + make_interval(secs => g.granted * g.step),
          factor = case when g.granted > 0 then least(1, g.factor + $5::float8) else g.factor end
        from g where p.sender_key = g.sender_key
        returning g.granted, extract(epoch from g.start) * 1000 as start_ms, extract(epoch from g.now) * 1000 as now_ms, g.step * 1000 as step_ms`,
      [senderKey, ratePerSecond, count, horizonMs, RECOVERY_STEP, margin], 'pace_reserve');
      if (!row) {
        known.delete(senderKey);
        return { granted: 0, delayMs: horizonMs, stepMs: 1000 / ratePerSecond };
      }
      const receivedAt = Date.now();
      learnOffset(Number(row.now_ms), sentAt, receivedAt);
      return { granted: Number(row.granted), delayMs: Math.max(0, Number(row.start_ms) - offset.ms - receivedAt), stepMs: Number(row.step_ms) };
    },
    async slowDown(senderKey, pauseMs) {
      await ensure(senderKey);
      await sql.query(`
        update sender_pace set factor = greatest($3::float8, factor / 2),
          next_at = greatest(next_at, clock_timestamp() + make_interval(secs => $2::float8 / 1000))
        where sender_key = $1`, [senderKey, pauseMs, MIN_FACTOR], 'pace_slow_down');
    },
  };
}
