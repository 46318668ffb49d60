/** Channel accounts (a workspace's WhatsApp number and its sealed credentials). */
import { and, asc, eq } from 'drizzle-orm';
import type { ChannelAccountRecord, ChannelAccountRepo } from '../../app/channel-account.port.js';
import type { DbOrTx } from './client.js';
import { isUniqueViolation } from './rows.js';
import { channelAccounts } from './schema.js';

type Row = typeof channelAccounts.$inferSelect;

const toRecord = (row: Row): ChannelAccountRecord => ({ ...row });

export function channelAccountRepo(db: DbOrTx): ChannelAccountRepo {
  return {
    async get(workspaceId, channel) {
      const [row] = await db.select().from(channelAccounts)
        .where(and(eq(channelAccounts.workspaceId, workspaceId), eq(channelAccounts.channel, channel)));
      return row ? toRecord(row) : null;
    },
    async upsert(workspaceId, account, now) {
      const values = { ...account, workspaceId, updatedAt: now };
      try {
        // A savepoint: the unique clash on (channel, sender_key) must not abort an outer transaction.
        const [row] = await db.transaction((tx) => tx.insert(channelAccounts).values({ ...values, createdAt: now })
          .onConflictDoUpdate({
            target: [channelAccounts.workspaceId, channelAccounts.channel],
            set: { senderKey: values.senderKey, settings: values.settings, secrets: values.secrets, ratePerSecond: values.ratePerSecond, updatedAt: now },
          })
          .returning());
        return toRecord(row!);
      } catch (err) {
        // The only other unique key is (channel, sender_key): another workspace holds this number.
        if (isUniqueViolation(err)) return 'sender_taken';
        throw err;
      }
    },
    async findBySender(channel, senderKey) {
      const [row] = await db.select().from(channelAccounts)
        .where(and(eq(channelAccounts.channel, channel), eq(channelAccounts.senderKey, senderKey)));
      return row ? toRecord(row) : null;
    },
    async listByChannel(channel, limit) {
      const rows = await db.select().from(channelAccounts).where(eq(channelAccounts.channel, channel))
        .orderBy(asc(channelAccounts.createdAt), asc(channelAccounts.id)).limit(limit);
      return rows.map(toRecord);
    },
  };
}
