/** The Store port over one database: every repository, drizzle transactions, and the plain-SQL engine units. */
import type { Repos, Store } from '../../app/ports.js';
import { accountRepos } from './account.repo.js';
import { broadcastRepo } from './broadcast.repo.js';
import { broadcastRunnerSql } from './broadcast-runner.sql.js';
import { autoReplySql } from './auto-reply.sql.js';
import { conversationSql } from './conversation.sql.js';
import { channelAccountRepo } from './channel-account.repo.js';
import type { Db, DbOrTx } from './client.js';
import { contactBulkSql } from './contact-bulk.sql.js';
import { contactRepo } from './contact.repo.js';
import { deliverySql, type EnqueueWith } from './delivery.sql.js';
import { inAppSql } from './inapp.sql.js';
import { insightsSql } from './insights.sql.js';
import { intakeSql } from './intake.sql.js';
import { emailFeedbackSql } from './email-feedback.sql.js';
import { mediaRepo } from './media.repo.js';
import { messageRepo } from './message.repo.js';
import { personalDataRepo } from './personal-data.repo.js';
import { pushSubscriptionRepo, workspaceKeyRepo } from './push.repo.js';
import { eventRepo, inboundRepo, orderRepo, sandboxRepo } from './order-event.repo.js';
import { journeyEventsSql, journeyRepoSql, journeyRunnerSql } from './journey.sql.js';
import { isForeignKeyViolation, isRetryableConflict } from './rows.js';
import { referralSql } from './referral.sql.js';
import { reportSql } from './report.sql.js';
import { lifecycleSql } from './lifecycle.sql.js';
import { segmentRepo } from './segment.repo.js';
import { shopConnectionSql } from './shop-connection.sql.js';
import { segmentWhere } from './segment.sql.js';
import type { SqlAccess } from './sql-unit.js';
import { automationRepo, templateRepo } from './template.repo.js';
import { webhookSql } from './webhook.sql.js';

export type { EnqueueWith } from './delivery.sql.js';

function reposOver(db: DbOrTx): Repos {
  return {
    ...accountRepos(db),
    templates: templateRepo(db),
    media: mediaRepo(db),
    automations: automationRepo(db),
    contacts: contactRepo(db),
    orders: orderRepo(db),
    events: eventRepo(db),
    messages: messageRepo(db),
    inbound: inboundRepo(db),
    personalData: personalDataRepo(db),
    sandbox: sandboxRepo(db),
    channelAccounts: channelAccountRepo(db),
    pushSubscriptions: pushSubscriptionRepo(db),
    workspaceKeys: workspaceKeyRepo(db),
  };
}

/** Attempts of a unit that keeps colliding with concurrent ones before its error is passed on. */
const UNIT_ATTEMPTS = 5;

/** Builds the Store for a database; enqueueWith is how its units queue delivery jobs. */
export function createRepoStore(db: Db, sql: SqlAccess, enqueueWith: EnqueueWith): Store {
  return {
    ...reposOver(db),
    transaction: (work) => db.transaction((tx) => work(reposOver(tx))),
    async intake(work) {
      for (let attempt = 1; ; attempt++) {
        let queued = false;
        try {
          const result = await sql.transaction((q) => work(intakeSql(q, async (jobs) => {
            if (jobs.length === 0) return;
            queued = true;
            await enqueueWith.insert(q, jobs);
          }, (ws, events, now) => journeyEventsSql(q, ws, events, now))));
          if (queued) enqueueWith.committed();
          return result;
        } catch (err) {
          // A concurrent unit created the same contact or order, or the two deadlocked: run again, seeing its rows.
          if (attempt >= UNIT_ATTEMPTS || !(isRetryableConflict(err) || isForeignKeyViolation(err))) throw err;
        }
      }
    },
    delivery: deliverySql(sql, enqueueWith),
    segments: segmentRepo(db, sql),
    contactBulk: contactBulkSql(sql),
    broadcasts: broadcastRepo(db),
    broadcastRunner: broadcastRunnerSql(sql, enqueueWith, segmentWhere),
    conversations: conversationSql(sql),
    autoReplies: autoReplySql(sql),
    inapp: inAppSql(sql),
    emailFeedback: emailFeedbackSql(sql),
    reports: reportSql(sql),
    journeys: journeyRepoSql(sql),
    journeyRunner: journeyRunnerSql(sql, enqueueWith, segmentWhere),
    lifecycle: lifecycleSql(sql),
    insights: insightsSql(sql),
    webhooks: webhookSql(sql),
    referrals: referralSql(sql),
    shopConnections: shopConnectionSql(sql),
  };
}
