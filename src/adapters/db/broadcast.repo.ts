/** Broadcasts: records with their template and segment names, counts from their messages, status changes. */
import { and, desc, eq, lt, or, sql } from 'drizzle-orm';
import type { BroadcastRecord, BroadcastRepo, BroadcastStatsRecord } from '../../app/broadcast.port.js';
import type { TemplateCategory } from '../../domain/vocabulary.js';
import type { DbOrTx } from './client.js';
import { decodeCursor, encodeCursor } from './rows.js';
import { broadcasts, contacts, messages, segments, templates } from './schema.js';

/**
 * Queued messages a cancel skips in its own transaction; the broadcast runner skips the rest in
 * chunks of SAPA_BROADCAST_CHUNK. Small: ~0.2 s on PGlite, so the answer is prompt.
 */
const CANCEL_CHUNK = 1000;

export function broadcastRepo(db: DbOrTx): BroadcastRepo {
  const select = () => db.select({
    b: broadcasts,
    // A broadcast sent or scheduled is shown with the template it goes out with (its copy, taken on Send).
    templateCode: sql<string>`coalesce(${broadcasts.templateCode}, ${templates.code})`,
    templateCategory: sql<TemplateCategory>`coalesce(${broadcasts.templateCategory}, ${templates.category})`,
    segmentName: segments.name,
  }).from(broadcasts)
    .innerJoin(templates, eq(templates.id, broadcasts.templateId))
    .leftJoin(segments, eq(segments.id, broadcasts.segmentId));
  type Row = Awaited<ReturnType<ReturnType<typeof select>['execute']>>[number];
  const toRecord = (r: Row): BroadcastRecord => ({
    id: r.b.id,
    workspaceId: r.b.workspaceId,
    name: r.b.name,
    templateId: r.b.templateId,
    templateCode: r.templateCode,
    templateCategory: r.templateCategory,
    channel: r.b.channel,
    channels: r.b.channels.length > 0 ? r.b.channels : [r.b.channel],
    segmentId: r.b.segmentId,
    segmentName: r.segmentName,
    contactIds: r.b.contactIds,
    status: r.b.status,
    scheduledAt: r.b.scheduledAt,
    startedAt: r.b.startedAt,
    finishedAt: r.b.finishedAt,
    cancelledAt: r.b.cancelledAt,
    fannedOutAt: r.b.fannedOutAt,
    createdAt: r.b.createdAt,
    senderName: r.b.senderName,
    trackEmail: r.b.trackEmail,
    variants: r.b.variants ?? null,
    abTest: r.b.abTest ?? null,
    abDecideAt: r.b.abDecideAt,
    abWinner: r.b.abWinner,
    abDecidedAt: r.b.abDecidedAt,
  });
  const get = async (workspaceId: string, id: string) => {
    const [row] = await select().where(and(eq(broadcasts.workspaceId, workspaceId), eq(broadcasts.id, id)));
    return row ? toRecord(row) : null;
  };

  return {
    async create(workspaceId, fields, now) {
      const [row] = await db.insert(broadcasts).values({
        workspaceId, name: fields.name, templateId: fields.templateId, channel: fields.channel, channels: fields.channels, segmentId: fields.segmentId,
        contactIds: fields.contactIds, createdBy: fields.createdBy, senderName: fields.senderName, trackEmail: fields.trackEmail ?? false,
        variants: fields.variants ?? null, abTest: fields.abTest ?? null, createdAt: now, updatedAt: now,
      }).returning({ id: broadcasts.id });
      return (await get(workspaceId, row!.id))!;
    },
    get,
    async list(workspaceId, query) {
      const after = decodeCursor(query.cursor);
      const rows = await select().where(and(
        eq(broadcasts.workspaceId, workspaceId),
        query.status ? eq(broadcasts.status, query.status) : undefined,
        after ? or(lt(broadcasts.createdAt, after.createdAt), and(eq(broadcasts.createdAt, after.createdAt), lt(broadcasts.id, after.id))) : undefined,
      )).orderBy(desc(broadcasts.createdAt), desc(broadcasts.id)).limit(query.limit + 1);
      const page = rows.slice(0, query.limit);
      const last = page.at(-1)?.b;
      return { items: page.map(toRecord), nextCursor: rows.length > query.limit && last ? encodeCursor(last.createdAt, last.id) : null };
    },
    async update(workspaceId, id, fields, now) {
      const rows = await db.update(broadcasts).set({ ...fields, updatedAt: now })
        .where(and(eq(broadcasts.workspaceId, workspaceId), eq(broadcasts.id, id), eq(broadcasts.status, 'draft'))).returning({ id: broadcasts.id });
      if (rows.length > 0) return get(workspaceId, id);
      return (await get(workspaceId, id)) ? 'not_draft' : null;
    },
    async delete(workspaceId, id) {
      const rows = await db.delete(broadcasts)
        .where(and(eq(broadcasts.workspaceId, workspaceId), eq(broadcasts.id, id), eq(broadcasts.status, 'draft'))).returning({ id: broadcasts.id });
      if (rows.length > 0) return 'deleted';
      return (await get(workspaceId, id)) ? 'not_draft' : 'not_found';
    },
    async stats(ids) {
      const out = new Map<string, BroadcastStatsRecord>();
      for (const id of ids) out.set(id, { total: 0, queued: 0, sending: 0, sent: 0, delivered: 0, read: 0, failed: 0, skipped: {}, failedBy: {} });
      if (ids.length === 0) return out;
      // The reason's leading code (`missing_value: kota` → missing_value) keeps the groups few.
      const rows = await db.select({
        broadcastId: messages.broadcastId,
        status: messages.status,
        reason: sql<string | null>`case when ${messages.status} in ('skipped', 'failed') then coalesce(nullif(split_part(${messages.failureReason}, ':', 1), ''), 'unknown') end`,
        n: sql<number>`count(*)::int`,
      }).from(messages)
        // One per intent: a message replaced by its fallback on the next channel counts as that one.
        .where(sql`${messages.broadcastId} = any(${sql.param([...ids])}::uuid[])
          and not exists (select 1 from messages f where f.fallback_of = ${messages.id})`)
        .groupBy(messages.broadcastId, messages.status, sql`3`);
      for (const r of rows) {
        const s = out.get(r.broadcastId!)!;
        s.total += r.n;
        if (r.status === 'skipped') s.skipped[r.reason ?? 'unknown'] = (s.skipped[r.reason ?? 'unknown'] ?? 0) + r.n;
        else if (r.status === 'failed') {
          s.failed += r.n;
          s.failedBy[r.reason ?? 'unknown'] = (s.failedBy[r.reason ?? 'unknown'] ?? 0) + r.n;
        } else s[r.status] += r.n;
      }
      return out;
    },
    async missingContacts(workspaceId, contactIds) {
      if (contactIds.length === 0) return [];
      const rows = await db.select({ id: sql<string>`x.id::text` })
        .from(sql`unnest(${sql.param([...contactIds])}::uuid[]) as x(id)`)
        .where(sql`not exists (select 1 from ${contacts} c where c.workspace_id = ${workspaceId} and c.id = x.id)`);
      return rows.map((r) => r.id);
    },
    async start(workspaceId, id, input) {
      const later = input.scheduledAt !== null && input.scheduledAt.getTime() > input.now.getTime();
      await db.update(broadcasts).set({
        status: later ? 'scheduled' : 'sending',
        scheduledAt: later ? input.scheduledAt : input.now,
        startedAt: later ? null : input.now,
        senderName: input.senderName,
        templateCode: input.template.code,
        templateMessage: input.template.message,
        templateCategory: input.template.category,
        templateWhatsappName: input.template.whatsappName,
        templateWhatsappLanguage: input.template.whatsappLanguage,
        templateHeader: input.template.header,
        templateButtons: input.template.buttons,
        templateSubject: input.template.subject,
        templateHtml: input.template.html,
        templateTitle: input.template.title,
        templateLink: input.template.link,
        ...(input.variants ? { variants: input.variants } : {}),
        updatedAt: input.now,
      }).where(and(eq(broadcasts.workspaceId, workspaceId), eq(broadcasts.id, id), eq(broadcasts.status, 'draft')));
      return get(workspaceId, id);
    },
    async cancel(workspaceId, id, now) {
      return db.transaction(async (tx) => {
        // finished_at stays empty while queued messages are left: the broadcast runner skips them in
        // chunks and then sets it (skipCancelled); the delivery claim never sends a cancelled one.
        const [row] = await tx.update(broadcasts).set({ status: 'cancelled', cancelledAt: now, finishedAt: null, updatedAt: now })
          .where(and(eq(broadcasts.workspaceId, workspaceId), eq(broadcasts.id, id), sql`${broadcasts.status} in ('scheduled', 'sending')`))
          .returning({ id: broadcasts.id });
        if (!row) return (await broadcastRepo(tx).get(workspaceId, id)) ? 'finished' : null;
        // What has not started sending never will; a send already in flight finishes and is counted.
        // One bounded chunk here, so the answer comes at once whatever the audience size (one
        // statement over 50,000 rows held PGlite's only connection for seconds).
        await tx.execute(sql`
          with chosen as (
            select id from ${messages} where broadcast_id = ${id} and status = 'queued'
            limit ${CANCEL_CHUNK} for update skip locked
          )
          update ${messages} m set status = 'skipped', failure_reason = 'cancelled', updated_at = ${now}
          from chosen where m.id = chosen.id`);
        await tx.execute(sql`
          update ${broadcasts} set finished_at = ${now}
          where id = ${id} and not exists (select 1 from ${messages} where broadcast_id = ${id} and status = 'queued')`);
        return broadcastRepo(tx).get(workspaceId, id);
      });
    },
  };
}
