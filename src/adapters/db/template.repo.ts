/** Templates and automations. */
import { and, asc, eq, ilike, inArray, isNull, or, sql } from 'drizzle-orm';
import type { AutomationRepo, TemplateRepo } from '../../app/ports.js';
import type { AutomationRecord } from '../../app/records.js';
import type { ChannelKind } from '../../domain/vocabulary.js';
import type { DbOrTx } from './client.js';
import { isUniqueViolation, likePattern, toTemplate } from './rows.js';
import { automations, templates } from './schema.js';

export function templateRepo(db: DbOrTx): TemplateRepo {
  return {
    async list(workspaceId, query = {}) {
      const q = query.q?.trim();
      const rows = await db.select().from(templates)
        .where(and(eq(templates.workspaceId, workspaceId), q ? or(ilike(templates.code, likePattern(q)), ilike(templates.message, likePattern(q))) : undefined))
        .orderBy(asc(sql`lower(${templates.code})`));
      return rows.map(toTemplate);
    },
    async get(workspaceId, id) {
      const [row] = await db.select().from(templates).where(and(eq(templates.workspaceId, workspaceId), eq(templates.id, id)));
      return row ? toTemplate(row) : null;
    },
    async create(workspaceId, fields) {
      const rows = await db.insert(templates).values({ workspaceId, ...fields }).onConflictDoNothing().returning();
      return rows[0] ? toTemplate(rows[0]) : 'duplicate_code';
    },
    async update(workspaceId, id, fields) {
      try {
        const [row] = await db.update(templates).set({ ...fields, updatedAt: sql`now()` })
          .where(and(eq(templates.workspaceId, workspaceId), eq(templates.id, id))).returning();
        return row ? toTemplate(row) : null;
      } catch (err) {
        if (isUniqueViolation(err)) return 'duplicate_code';
        throw err;
      }
    },
    async delete(workspaceId, id) {
      const [used] = await db.select({ id: automations.id }).from(automations)
        .where(and(eq(automations.workspaceId, workspaceId), eq(automations.templateId, id))).limit(1);
      if (used) return 'in_use';
      const rows = await db.delete(templates).where(and(eq(templates.workspaceId, workspaceId), eq(templates.id, id))).returning({ id: templates.id });
      return rows.length > 0 ? 'deleted' : 'not_found';
    },
    async setWhatsApp(workspaceId, id, link, checkedAt) {
      const [row] = await db.update(templates).set({ ...link, ...(checkedAt ? { whatsappCheckedAt: checkedAt } : {}) })
        .where(and(eq(templates.workspaceId, workspaceId), eq(templates.id, id))).returning();
      return row ? toTemplate(row) : null;
    },
    async findByWhatsAppId(workspaceId, whatsappTemplateId) {
      const [row] = await db.select().from(templates)
        .where(and(eq(templates.workspaceId, workspaceId), eq(templates.whatsappTemplateId, whatsappTemplateId))).limit(1);
      return row ? toTemplate(row) : null;
    },
    async whatsappSyncCandidates(workspaceId, limit) {
      const rows = await db.select().from(templates)
        .where(and(eq(templates.workspaceId, workspaceId), or(isNull(templates.whatsappStatus), inArray(templates.whatsappStatus, ['pending', 'paused']))))
        .orderBy(sql`${templates.whatsappCheckedAt} asc nulls first`, asc(templates.id)).limit(limit);
      return rows.map(toTemplate);
    },
  };
}

const automationColumns = {
  id: automations.id,
  workspaceId: automations.workspaceId,
  name: automations.name,
  trigger: automations.trigger,
  templateId: automations.templateId,
  templateCode: templates.code,
  channel: automations.channel,
  channels: automations.channels,
  delayMinutes: automations.delayMinutes,
  enabled: automations.enabled,
  createdAt: automations.createdAt,
  updatedAt: automations.updatedAt,
};

/** A row's channels: '{}' (a row older than channel choice) means its one channel. */
export function withChannels<T extends { channel: ChannelKind; channels: ChannelKind[] }>(row: T): T {
  return row.channels.length > 0 ? row : { ...row, channels: [row.channel] };
}

export function automationRepo(db: DbOrTx): AutomationRepo {
  const select = () => db.select(automationColumns).from(automations).innerJoin(templates, eq(templates.id, automations.templateId));
  const getOne = async (workspaceId: string, id: string): Promise<AutomationRecord | null> => {
    const [row] = await select().where(and(eq(automations.workspaceId, workspaceId), eq(automations.id, id)));
    return row ? withChannels(row) : null;
  };
  return {
    async list(workspaceId) {
      return (await select().where(eq(automations.workspaceId, workspaceId)).orderBy(asc(automations.createdAt))).map(withChannels);
    },
    get: getOne,
    async create(workspaceId, fields) {
      const [row] = await db.insert(automations).values({ workspaceId, ...fields }).returning({ id: automations.id });
      return (await getOne(workspaceId, row!.id))!;
    },
    async update(workspaceId, id, fields) {
      const rows = await db.update(automations).set({ ...fields, updatedAt: sql`now()` })
        .where(and(eq(automations.workspaceId, workspaceId), eq(automations.id, id))).returning({ id: automations.id });
      return rows.length > 0 ? getOne(workspaceId, id) : null;
    },
    async delete(workspaceId, id) {
      const rows = await db.delete(automations).where(and(eq(automations.workspaceId, workspaceId), eq(automations.id, id))).returning({ id: automations.id });
      return rows.length > 0;
    },
    async usingTemplate(workspaceId, templateId) {
      return (await select().where(and(eq(automations.workspaceId, workspaceId), eq(automations.templateId, templateId)))).map(withChannels);
    },
    async enabledFor(workspaceId, trigger) {
      const rows = await db.select({ automation: automationColumns, template: templates }).from(automations)
        .innerJoin(templates, eq(templates.id, automations.templateId))
        .where(and(eq(automations.workspaceId, workspaceId), eq(automations.trigger, trigger), eq(automations.enabled, true)))
        .orderBy(asc(automations.createdAt));
      return rows.map((r) => ({ automation: withChannels(r.automation), template: toTemplate(r.template) }));
    },
  };
}
