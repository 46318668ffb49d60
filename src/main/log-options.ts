/**
 * The one logger configuration (the runtime's pino and Fastify's): errors are logged without the
 * values they carry. A failed query's error holds its parameters (drizzle puts them in `params` and
 * in the message), PostgreSQL's `detail` names the clashing key's value, and its message may quote
 * the value it could not read — personal data, key hashes, tokens. Operators get the type, the
 * SQLSTATE code, the constraint/table/column, the SQL text with its placeholders and the stack.
 */
import type { LoggerOptions } from 'pino';

/** Fields of driver errors that name where, not what. */
const SAFE_FIELDS = ['code', 'constraint', 'table', 'column', 'schema', 'routine', 'severity', 'statusCode', 'query'] as const;
/** An identifier PostgreSQL quotes in a message (`relation "contacts"`), as opposed to a value it quotes. */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$.]{0,62}$/;
const MAX_CAUSES = 4;

/** A message with the values taken out: drizzle's `params:` tail, and quoted values that are not identifiers. */
export function redactMessage(message: string): string {
  const head = message.split(/\nparams: /, 1)[0] ?? '';
  return head.replace(/"([^"]*)"/g, (quoted, inner: string) => (IDENTIFIER.test(inner) ? quoted : '"…"'));
}

/** The err serializer: an error as a plain object with no request values in it. */
export function safeError(err: unknown, depth = 0): Record<string, unknown> {
  if (!(err instanceof Error)) return { type: typeof err, message: '(not an Error; not logged)' };
  const message = redactMessage(err.message);
  const out: Record<string, unknown> = {
    type: err.constructor.name,
    message,
    ...(err.stack ? { stack: err.stack.replace(err.message, message) } : {}),
  };
  const fields = err as unknown as Record<string, unknown>;
  for (const key of SAFE_FIELDS) {
    const value = fields[key];
    if (typeof value === 'string' || typeof value === 'number') out[key] = value;
  }
  if (err.cause !== undefined && depth < MAX_CAUSES) out.cause = safeError(err.cause, depth + 1);
  return out;
}

/** Options for every logger Sapa opens. */
export function logOptions(level: string): LoggerOptions {
  return { level, base: undefined, serializers: { err: safeError } };
}
