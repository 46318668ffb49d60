/**
 * The first connection to PostgreSQL, bounded in time, so a server that refuses or never answers
 * ends the start within seconds with a message an operator can act on instead of a stack trace or
 * a process that hangs forever (a blackholed port or a listener that accepts and says nothing
 * would otherwise keep `pg` waiting indefinitely).
 */
import pg from 'pg';

/** How long the first connection may take before the start is abandoned (ms). */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

/**
 * PostgreSQL named by DATABASE_URL could not be reached. The message is one paragraph naming the
 * variable, the host:port, user and database: never the password, never a stack.
 */
export class DatabaseUnreachableError extends Error {
  override readonly name = 'DatabaseUnreachableError';
}

/** Where a connection string points, without its secret (pg's own parser, so it agrees with what pg dials). */
export function describeTarget(databaseUrl: string): Target {
  const c = new pg.Client({ connectionString: databaseUrl });
  const host = c.host || 'localhost';
  // a Unix socket directory is its own address; a TCP host gets its port
  const where = host.startsWith('/') ? `${host} (socket, port ${c.port})` : `${host.includes(':') ? `[${host}]` : host}:${c.port}`;
  return { where, user: c.user ?? '', database: c.database ?? '', secret: typeof c.password === 'string' ? c.password : '' };
}

type Target = {
  /** host:port (or the socket directory). */
  where: string;
  user: string;
  database: string;
  /** The password, only to blank it out of messages. */
  secret: string;
};

/**
 * Opens one connection and runs `select 1` within timeoutMs, then closes it; throws
 * DatabaseUnreachableError on refusal, silence, unknown host or a rejected login.
 */
export async function reachPostgres(databaseUrl: string, timeoutMs = DEFAULT_CONNECT_TIMEOUT_MS): Promise<void> {
  let target: Target;
  try {
    target = describeTarget(databaseUrl);
  } catch {
    throw new DatabaseUnreachableError('DATABASE_URL is not a valid PostgreSQL connection string (expected postgres://user:password@host:5432/database).');
  }
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs, application_name: 'sapa' });
  // a socket error after a failed connect must not become an unhandled 'error' event
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
  } catch (err) {
    throw new DatabaseUnreachableError(unreachableMessage(target, err, timeoutMs));
  } finally {
    await client.end().catch(() => undefined);
  }
}

function unreachableMessage(t: Target, err: unknown, timeoutMs: number): string {
  const who = `PostgreSQL at ${t.where} (DATABASE_URL, user "${t.user}", database "${t.database}")`;
  const tail = 'Check that PostgreSQL is running and reachable from this machine and that DATABASE_URL is right, or unset DATABASE_URL to use the embedded store.';
  const e = err as { code?: string; message?: string };
  switch (e.code) {
    case 'ECONNREFUSED':
      return `Cannot start: ${who} refused the connection. ${tail}`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Cannot start: the host of ${who} was not found. ${tail}`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `Cannot start: there is no network route to ${who}. ${tail}`;
    case 'ECONNRESET':
      return `Cannot start: ${who} closed the connection during the handshake (is that port a PostgreSQL server?). ${tail}`;
    case '28P01':
    case '28000':
      return `Cannot start: ${who} rejected the login: ${scrub(e.message, t.secret)}. Check the user and password in DATABASE_URL.`;
    case '3D000':
      return `Cannot start: ${who}: ${scrub(e.message, t.secret)}. Create it first, or point DATABASE_URL at an existing database.`;
  }
  if (/timeout/i.test(e.message ?? '')) {
    return `Cannot start: ${who} did not answer within ${timeoutMs / 1000} s. ${tail}`;
  }
  return `Cannot start: ${who} could not be used: ${scrub(e.message, t.secret)}. ${tail}`;
}

/** Server and driver messages do not carry the password, but a message is never trusted to. */
function scrub(message: string | undefined, secret: string): string {
  let text = (message ?? 'unknown error').split('\n')[0]!;
  if (secret) text = text.split(secret).join('***');
  return text.replace(/\.$/, '');
}
