/**
 * Page cursors: an opaque base64url token of the last row's (created_at, id). A cursor the server
 * did not issue — bad base64, not a UUID, a date PostgreSQL cannot hold — is a 400 naming `cursor`,
 * never a query that fails. Plain btoa/atob, so the web app can share this file.
 */
import { EARLIEST_DATE, LATEST_DATE, text } from './common.js';

export interface CursorPosition { createdAt: Date; id: string }

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Rows are created by this server: their created_at lies in the same sane range as any business date. */
const MIN = Date.parse(EARLIEST_DATE);
const MAX = Date.parse(LATEST_DATE);

export function encodeCursor(createdAt: Date, id: string): string {
  return btoa(`${createdAt.toISOString()}|${id}`).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The position a cursor stands for, or null when it is not one this server issues. */
export function decodeCursor(cursor: string): CursorPosition | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return null;
  let plain: string;
  try {
    plain = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    return null;
  }
  const parts = plain.split('|');
  if (parts.length !== 2) return null;
  const [iso, id] = parts as [string, string];
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/.test(iso) || !UUID.test(id)) return null;
  const at = Date.parse(iso);
  if (Number.isNaN(at) || at < MIN || at > MAX) return null;
  return { createdAt: new Date(at), id: id.toLowerCase() };
}

/** The `cursor` query parameter: a string this server issued as `nextCursor`. */
export const Cursor = text().refine((c) => decodeCursor(c) !== null, { message: 'is not a cursor this server issued (use nextCursor as given)', params: { reason: 'cursor.invalid' } });
