/**
 * Files a workspace uploads to send on WhatsApp, judged by their bytes (magic numbers), never by
 * the Content-Type or the name the client gave. Limits are WhatsApp Cloud API's "supported media
 * types": image/jpeg and image/png up to 5 MB, application/pdf (a document) up to 100 MB. Meta
 * fetches a `link` itself and refuses a file larger than these, so Sapa refuses it at upload.
 */
import type { MediaKind } from './vocabulary.js';

export const MEDIA_TYPES = {
  'image/jpeg': { kind: 'image', maxBytes: 5 * 1024 * 1024, extension: 'jpg' },
  'image/png': { kind: 'image', maxBytes: 5 * 1024 * 1024, extension: 'png' },
  'application/pdf': { kind: 'document', maxBytes: 100 * 1024 * 1024, extension: 'pdf' },
} as const satisfies Record<string, { kind: MediaKind; maxBytes: number; extension: string }>;
export type MediaType = keyof typeof MEDIA_TYPES;

/** The largest file any kind allows: the HTTP body limit of an upload. */
export const MEDIA_MAX_BYTES = Math.max(...Object.values(MEDIA_TYPES).map((t) => t.maxBytes));

/** The media type the bytes are, by their signature; null for anything Sapa does not send. */
export function sniffMediaType(bytes: Uint8Array): MediaType | null {
  const starts = (sig: readonly number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf'; // %PDF-
  return null;
}

export type MediaCheck =
  | { readonly ok: true; readonly type: MediaType; readonly kind: MediaKind; readonly filename: string }
  | { readonly ok: false; readonly code: 'media.unsupported_type' | 'media.too_large' | 'media.empty' | 'media.type_mismatch'; readonly message: string };

/**
 * Whether an upload may be kept: its bytes are a type WhatsApp sends and within that type's
 * limit; a declared type that names another supported type is a mismatch (a .png that is a PDF).
 * The filename is cleaned for the `document.filename` Meta shows: no control characters or
 * path separators, at most 200 characters, and given the type's extension when it has none.
 */
export function checkMedia(bytes: Uint8Array, declaredType: string | null, filename: string | null): MediaCheck {
  if (bytes.length === 0) return { ok: false, code: 'media.empty', message: 'The file is empty.' };
  const type = sniffMediaType(bytes);
  if (type === null) return { ok: false, code: 'media.unsupported_type', message: 'Only JPEG or PNG images and PDF documents can be sent on WhatsApp; this file is none of them.' };
  const declared = declaredType?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (declared in MEDIA_TYPES && declared !== type) {
    return { ok: false, code: 'media.type_mismatch', message: `The file says it is ${declared} but its contents are ${type}.` };
  }
  const spec = MEDIA_TYPES[type];
  if (bytes.length > spec.maxBytes) {
    return { ok: false, code: 'media.too_large', message: `WhatsApp accepts ${spec.kind === 'image' ? 'images' : 'documents'} up to ${spec.maxBytes / 1024 / 1024} MB; this file has ${(bytes.length / 1024 / 1024).toFixed(1)} MB.` };
  }
  return { ok: true, type, kind: spec.kind, filename: cleanFilename(filename, spec.extension) };
}

/** A filename safe to show and to put in a header: control characters and separators gone. */
export function cleanFilename(name: string | null, extension: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = (name ?? '').replace(/[\u0000-\u001f\u007f/\\]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200);
  const base = cleaned === '' || cleaned === '.' || cleaned === '..' ? 'file' : cleaned;
  return base.toLowerCase().endsWith(`.${extension}`) ? base : `${base}.${extension}`;
}
