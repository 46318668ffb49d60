/**
 * Segments (product.md §3): `{ name, match: all|any, rules }`, a rule `{ field, op, value }` or a
 * nested `{ match, rules }`. The contract takes the rules as JSON and leaves their meaning to
 * domain/segment.ts checkSegment, so an unknown field or op is a 422 naming it at its path
 * (`rules[2].rules[0].op`), not a schema error.
 */
import { z } from 'zod';
import { SEGMENT_MATCHES } from '../domain/segment.js';
import { text } from './common.js';
import { Contact } from './contacts.js';
import { Cursor } from './cursor.js';

/** A rule as JSON; checked by the domain. Documented here for the OpenAPI page. */
const Rule = z.record(z.string(), z.unknown()).describe('A rule {field, op, value} or a group {match, rules}; fields and ops as in product.md §3');

const segmentFields = {
  name: text().trim().min(1).max(200),
  match: z.string().max(20).describe(`one of ${SEGMENT_MATCHES.join(', ')}`),
  rules: z.array(Rule).max(1000),
};

export const SegmentInput = z.object(segmentFields);
export type SegmentInput = z.input<typeof SegmentInput>;
export const SegmentPatch = z.object(segmentFields).partial().strict();
export type SegmentPatch = z.input<typeof SegmentPatch>;
export const SegmentPreviewInput = z.object({ match: segmentFields.match, rules: segmentFields.rules });
export type SegmentPreviewInput = z.input<typeof SegmentPreviewInput>;

/** A stored definition as answered: the checked rules. */
const StoredRule: z.ZodType<Record<string, unknown>> = z.record(z.string(), z.unknown());

export const Segment = z.object({
  id: z.uuid(),
  name: z.string(),
  match: z.enum(SEGMENT_MATCHES),
  rules: z.array(StoredRule),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Segment = z.infer<typeof Segment>;
export const SegmentList = z.object({ items: z.array(Segment) });

export const SegmentCount = z.object({ count: z.number().int() });
export type SegmentCount = z.infer<typeof SegmentCount>;
export const SegmentPreview = z.object({ count: z.number().int(), sample: z.array(Contact) });
export type SegmentPreview = z.infer<typeof SegmentPreview>;

export const SegmentContactsQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), cursor: Cursor.optional() });
export const SegmentContactList = z.object({ items: z.array(Contact), nextCursor: z.string().nullable() });
