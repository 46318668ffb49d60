/** Keyword auto-replies and the away message (business hours and template on the workspace). */
import type { AutoReplyRecord, AutoReplyRepo } from '../../app/conversation.port.js';
import type { BusinessHours } from '../../domain/conversation.js';
import { isUniqueViolation } from './rows.js';
import type { SqlAccess, SqlRow } from './sql-unit.js';

const date = (v: unknown): Date => (v instanceof Date ? v : new Date(v as string));
const toReply = (r: SqlRow): AutoReplyRecord => ({
  id: r.id as string, keyword: r.keyword as string, templateId: r.template_id as string, templateCode: r.template_code as string,
  enabled: r.enabled === true, createdAt: date(r.created_at), updatedAt: date(r.updated_at),
});
const SELECT = `select a.id, a.keyword, a.template_id, t.code as template_code, a.enabled, a.created_at, a.updated_at
  from auto_replies a join templates t on t.id = a.template_id`;

export function autoReplySql(sql: SqlAccess): AutoReplyRepo {
  const get = async (workspaceId: string, id: string) => {
    const [row] = await sql.query(`${SELECT} where a.workspace_id = $1 and a.id = $2`, [workspaceId, id]);
    return row ? toReply(row) : null;
  };
  return {
    async list(workspaceId) {
      return (await sql.query(`${SELECT} where a.workspace_id = $1 order by a.keyword`, [workspaceId], 'auto_replies_list')).map(toReply);
    },
    get,
    async create(workspaceId, fields) {
      try {
        const [row] = await sql.query(`insert into auto_replies (workspace_id, keyword, template_id, enabled) values ($1, $2, $3, $4) returning id`,
          [workspaceId, fields.keyword, fields.templateId, fields.enabled]);
        return (await get(workspaceId, row!.id as string))!;
      } catch (err) {
        if (isUniqueViolation(err)) return 'duplicate_keyword';
        throw err;
      }
    },
    async update(workspaceId, id, fields) {
      try {
        const rows = await sql.query(`
          update auto_replies set keyword = coalesce($3, keyword), template_id = coalesce($4::uuid, template_id), enabled = coalesce($5, enabled), updated_at = now()
          where workspace_id = $1 and id = $2 returning id`, [workspaceId, id, fields.keyword ?? null, fields.templateId ?? null, fields.enabled ?? null]);
        return rows.length > 0 ? get(workspaceId, id) : null;
      } catch (err) {
        if (isUniqueViolation(err)) return 'duplicate_keyword';
        throw err;
      }
    },
    async delete(workspaceId, id) {
      return (await sql.query(`delete from auto_replies where workspace_id = $1 and id = $2 returning id`, [workspaceId, id])).length > 0;
    },
    async away(workspaceId) {
      const [row] = await sql.query(`select business_hours, away_template_id, timezone from workspaces where id = $1`, [workspaceId], 'auto_replies_away');
      if (!row) return null;
      const hours = typeof row.business_hours === 'string' ? JSON.parse(row.business_hours) as BusinessHours : (row.business_hours ?? null) as BusinessHours | null;
      return { businessHours: hours, awayTemplateId: (row.away_template_id ?? null) as string | null, timezone: row.timezone as string };
    },
    async setAway(workspaceId, settings) {
      await sql.query(`update workspaces set business_hours = $2::jsonb, away_template_id = $3 where id = $1`,
        [workspaceId, settings.businessHours === null ? null : JSON.stringify(settings.businessHours), settings.awayTemplateId]);
    },
  };
}
