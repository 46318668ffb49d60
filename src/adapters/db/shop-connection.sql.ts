/** Shop platform connections (app/shop.port.ts). */
import type { ShopConnectionRecord, ShopConnectionRepo } from '../../app/shop.port.js';
import type { ShopPlatform } from '../../domain/shop/platform.js';
import { isUniqueViolation } from './rows.js';
import type { SqlAccess, SqlRow } from './sql-unit.js';

const date = (v: unknown): Date => (v instanceof Date ? v : new Date(v as string));
const toRecord = (r: SqlRow): ShopConnectionRecord => ({
  id: r.id as string, workspaceId: r.workspace_id as string, platform: r.platform as ShopPlatform, token: r.token as string,
  secretSealed: r.secret_sealed as string, lastReceivedAt: r.last_received_at == null ? null : date(r.last_received_at),
  createdAt: date(r.created_at), updatedAt: date(r.updated_at),
});
const COLUMNS = 'id, workspace_id, platform, token, secret_sealed, last_received_at, created_at, updated_at';

export function shopConnectionSql(sql: SqlAccess): ShopConnectionRepo {
  return {
    async list(workspaceId) {
      return (await sql.query(`select ${COLUMNS} from shop_connections where workspace_id = $1 order by platform`, [workspaceId], 'shop_connections_list')).map(toRecord);
    },
    async get(workspaceId, id) {
      const [row] = await sql.query(`select ${COLUMNS} from shop_connections where workspace_id = $1 and id = $2`, [workspaceId, id]);
      return row ? toRecord(row) : null;
    },
    async findByToken(platform, token) {
      const [row] = await sql.query(`select ${COLUMNS} from shop_connections where token = $1 and platform = $2`, [token, platform], 'shop_connections_by_token');
      return row ? toRecord(row) : null;
    },
    async create(workspaceId, row) {
      try {
        const [out] = await sql.query(`insert into shop_connections (id, workspace_id, platform, token, secret_sealed) values ($1, $2, $3, $4, $5) returning ${COLUMNS}`,
          [row.id, workspaceId, row.platform, row.token, row.secretSealed]);
        return toRecord(out!);
      } catch (err) {
        if (isUniqueViolation(err)) return 'duplicate_platform';
        throw err;
      }
    },
    async setSecret(workspaceId, id, secretSealed) {
      const [row] = await sql.query(`update shop_connections set secret_sealed = $3, updated_at = now() where workspace_id = $1 and id = $2 returning ${COLUMNS}`, [workspaceId, id, secretSealed]);
      return row ? toRecord(row) : null;
    },
    async delete(workspaceId, id) {
      return (await sql.query(`delete from shop_connections where workspace_id = $1 and id = $2 returning id`, [workspaceId, id])).length > 0;
    },
    async touch(id, at) {
      await sql.query(`update shop_connections set last_received_at = greatest(coalesce(last_received_at, $2), $2) where id = $1`, [id, at]);
    },
  };
}
