import { z } from 'zod';
import { MEDIA_KINDS } from '../domain/vocabulary.js';
import { MEDIA_TYPES, type MediaType } from '../domain/media.js';
import { text } from './common.js';

export const MediaUploadQuery = z.object({
  /** The file's name (shown for a document in WhatsApp); control characters and separators are taken out. */
  filename: text().max(500).optional(),
});

export const Media = z.object({
  id: z.uuid(),
  kind: z.enum(MEDIA_KINDS),
  contentType: z.enum(Object.keys(MEDIA_TYPES) as [MediaType, ...MediaType[]]),
  filename: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  /** Where the file is served (relative to the server; Meta fetches it under SAPA_PUBLIC_URL). */
  url: z.string(),
  createdAt: z.string(),
});
export type Media = z.infer<typeof Media>;
