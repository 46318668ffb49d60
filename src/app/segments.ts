/** Segments: saved rule sets over contacts (product.md §3), checked before they are stored or run. */
import { checkSegment, type SegmentDefinition } from '../domain/segment.js';
import { audit } from './audit.js';
import { AppError, found } from './errors.js';
import type { Deps } from './ports.js';
import type { ContactRecord, Principal, SegmentRecord } from './records.js';

export interface SegmentInput { name: string; match: unknown; rules: unknown }

/** A definition from a request, checked; 422 `segment.invalid` naming every bad field, op or value by path. */
export function definitionOrThrow(input: { match: unknown; rules: unknown }): SegmentDefinition {
  const result = checkSegment({ match: input.match, rules: input.rules });
  if (!result.ok) {
    const first = result.errors[0]!;
    throw new AppError('segment.invalid', `The segment has ${result.errors.length} problem(s); first: ${first.field}: ${first.message}`, result.errors.map((e) => ({ ...e })));
  }
  return result.definition;
}

function duplicate(name: string): never {
  throw new AppError('segment.duplicate_name', `A segment named "${name}" already exists`, [{ field: 'name', reason: 'segment.duplicate_name' }]);
}

/** Creates a segment. */
export async function createSegment(deps: Pick<Deps, 'store' | 'clock'>, principal: Principal, input: SegmentInput): Promise<SegmentRecord> {
  const definition = definitionOrThrow(input);
  const name = input.name.trim();
  const created = await deps.store.segments.create(principal.workspaceId, { name, definition }, deps.clock.now());
  if (created === 'duplicate_name') duplicate(name);
  await audit(deps, principal, 'segment.created', { type: 'segment', id: created.id }, { name });
  return created;
}

/** Renames a segment and/or replaces its rules; a new `match` or `rules` alone keeps the other. */
export async function updateSegment(deps: Pick<Deps, 'store' | 'clock'>, principal: Principal, id: string, patch: Partial<SegmentInput>): Promise<SegmentRecord> {
  const current = found(await deps.store.segments.get(principal.workspaceId, id), 'Segment');
  const definition = definitionOrThrow({ match: patch.match ?? current.definition.match, rules: patch.rules ?? current.definition.rules });
  const name = patch.name?.trim() ?? current.name;
  const updated = await deps.store.segments.update(principal.workspaceId, id, { name, definition }, deps.clock.now());
  if (updated === 'duplicate_name') duplicate(name);
  const segment = found(updated, 'Segment');
  await audit(deps, principal, 'segment.updated', { type: 'segment', id }, { name });
  return segment;
}

/** Deletes a segment no broadcast uses. */
export async function deleteSegment(deps: Pick<Deps, 'store' | 'clock'>, principal: Principal, id: string): Promise<void> {
  const result = await deps.store.segments.delete(principal.workspaceId, id);
  if (result === 'not_found') found(null, 'Segment');
  if (result === 'in_use') {
    throw new AppError('segment.in_use', 'A broadcast uses this segment: delete that broadcast or give it another audience first', [{ field: 'id', reason: 'segment.in_use' }]);
  }
  await audit(deps, principal, 'segment.deleted', { type: 'segment', id });
}

/** Sample size of a preview. */
export const PREVIEW_SAMPLE = 10;

/** What an unsaved definition matches now: the count and the newest few contacts. */
export async function previewSegment(deps: Pick<Deps, 'store' | 'clock'>, principal: Principal, input: { match: unknown; rules: unknown }): Promise<{ count: number; sample: ContactRecord[] }> {
  const definition = definitionOrThrow(input);
  const now = deps.clock.now();
  const [count, page] = await Promise.all([
    deps.store.segments.count(principal.workspaceId, definition, now),
    deps.store.segments.contacts(principal.workspaceId, definition, now, { limit: PREVIEW_SAMPLE }),
  ]);
  return { count, sample: page.items };
}
