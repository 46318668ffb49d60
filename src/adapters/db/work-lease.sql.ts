/**
 * Leases on work only one process at a time may do (table work_leases). A claim is one statement:
 * it inserts the lease or takes it over once expired, so two processes (or two loops of one)
 * racing for it get one winner on PostgreSQL (the loser's ON CONFLICT re-checks the committed
 * row) and on PGlite alike. Times are the database's clock.
 */
import type { WorkLease } from '../../app/ports.js';
import type { SqlAccess } from './sql-unit.js';

export function workLeaseSql(sql: SqlAccess): WorkLease {
  return {
    async claim(name, holder, holdMs) {
      const rows = await sql.query(`
        insert into work_leases (name, holder, claimed_at, expires_at)
        values ($1, $2, clock_timestamp(), clock_timestamp() + make_interval(secs => $3::float8 / 1000))
        on conflict (name) do update set holder = excluded.holder, claimed_at = excluded.claimed_at, expires_at = excluded.expires_at
        where work_leases.expires_at <= clock_timestamp()
        returning holder`, [name, holder, holdMs], 'lease_claim');
      return rows.length === 1;
    },
    async release(name, holder, afterClaimMs) {
      await sql.query(`
        update work_leases set expires_at = claimed_at + make_interval(secs => $3::float8 / 1000)
        where name = $1 and holder = $2`, [name, holder, afterClaimMs], 'lease_release');
    },
  };
}
