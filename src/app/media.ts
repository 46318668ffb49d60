/**
 * Files uploaded to send on WhatsApp (template headers, quick messages' attachments). The bytes
 * decide what a file is (domain/media.ts); Meta fetches it by link from GET /media/<token>.
 */
import { createHash } from 'node:crypto';
import { checkMedia } from '../domain/media.js';
import { AppError } from './errors.js';
import type { Deps } from './ports.js';
import type { MediaRecord, Principal } from './records.js';

/** Keeps an upload after checking its bytes; the same bytes and name again answer the file already kept. */
export async function uploadMedia(
  deps: Pick<Deps, 'store' | 'random'>, principal: Principal, file: { bytes: Uint8Array; declaredType: string | null; filename: string | null },
): Promise<MediaRecord> {
  const check = checkMedia(file.bytes, file.declaredType, file.filename);
  if (!check.ok) throw new AppError(check.code, check.message, [{ field: 'body', reason: check.code }]);
  const media = await deps.store.media.create(principal.workspaceId, {
    kind: check.kind, contentType: check.type, filename: check.filename, size: file.bytes.length,
    sha256: createHash('sha256').update(file.bytes).digest('hex'),
    // 256 bits: the URL is the only credential Meta presents, so it must not be guessable.
    token: deps.random.token(32),
    bytes: file.bytes,
  });
  // Not audited: an upload changes nothing until a template or message uses it (those are).
  return media;
}
