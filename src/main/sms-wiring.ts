/**
 * SMS for the channel registry: per workspace its own account (Pengaturan → SMS), else the SMS_*
 * sender for the first workspace, else the sandbox; and the auth token that must have signed the
 * workspace's webhooks (receipts and incoming SMS).
 */
import type { Channel, SendResult } from '../app/channel.port.js';
import type { ChannelAccountRecord, ChannelAccountRepo } from '../app/channel-account.port.js';
import type { ChannelRoute, Logger } from '../app/ports.js';
import type { SecretBox } from '../app/secret-box.port.js';
import { openSmsAccount, smsSenderKey } from '../app/sms-account.js';
import type { SmsCredentials } from '../contracts/sms-channel.js';
import { smsWebhookPath } from '../contracts/sms-channel.js';
import { createSmsChannel } from '../adapters/channels/sms.channel.js';
import type { HttpPost } from '../adapters/channels/keep-alive-http.js';
import type { Config } from '../config/env.js';

export interface SmsWiring {
  /** The workspace's SMS sender, or null when it has none (the caller falls back to the sandbox). */
  route(workspaceId: string): Promise<ChannelRoute | null>;
  /** The auth token of the workspace's SMS account (or SMS_* for the first workspace); null: none. */
  authToken(workspaceId: string): Promise<string | null>;
}

export function createSmsWiring(
  config: Config,
  deps: { channelAccounts: ChannelAccountRepo; box: SecretBox | null; log: Logger; http: HttpPost; firstWorkspace: () => Promise<string | null> },
): SmsWiring {
  const publicBase = config.publicUrl ? config.publicUrl.replace(/\/+$/, '') : null;
  const channelFor = (creds: SmsCredentials): Channel => createSmsChannel({
    apiBase: config.smsApi.base, timeoutMs: config.smsApi.timeoutMs, ...creds,
    // Our message id rides in the callback URL (signed with the rest), so a receipt settles a send whose answer was lost.
    statusCallback: publicBase ? (m) => `${publicBase}${smsWebhookPath(m.workspaceId)}?m=${encodeURIComponent(m.id)}` : undefined,
  }, { http: deps.http });
  const env = config.sms;
  const envRoute: ChannelRoute | null = env
    ? { channel: channelFor(env), senderKey: `sms:${smsSenderKey(env.accountSid, env.from)}`, ratePerSecond: config.smsRateLimit }
    : null;
  const open = (account: ChannelAccountRecord) => {
    if (!deps.box) throw new Error('this server has no SAPA_SECRET_KEY');
    return openSmsAccount(deps.box, account);
  };

  return {
    async route(workspaceId) {
      const account = await deps.channelAccounts.get(workspaceId, 'sms');
      if (account) {
        const senderKey = `sms:${account.senderKey}`;
        const ratePerSecond = account.ratePerSecond ?? config.smsRateLimit;
        try {
          return { channel: channelFor(open(account)), senderKey, ratePerSecond };
        } catch (err) {
          deps.log.error({ workspaceId, channel: 'sms', reason: err instanceof Error ? err.message : 'unknown' }, 'channel account cannot be opened; its messages wait');
          return { channel: unreadableSmsAccount(), senderKey, ratePerSecond };
        }
      }
      if (envRoute && (await deps.firstWorkspace()) === workspaceId) return envRoute;
      return null;
    },
    async authToken(workspaceId) {
      const account = await deps.channelAccounts.get(workspaceId, 'sms');
      // An account that cannot be opened throws: the webhook answers 500 and the provider tries again later.
      if (account) return open(account).authToken;
      if (env && (await deps.firstWorkspace()) === workspaceId) return env.authToken;
      return null;
    },
  };
}

/** Stands in for an account whose token cannot be opened: sends wait and retry (the key may come back) and say why. */
function unreadableSmsAccount(): Channel {
  const result: SendResult = {
    ok: false, reason: 'channel_account_unreadable', failureClass: 'transient',
    detail: "The workspace's SMS credentials cannot be decrypted with this server's SAPA_SECRET_KEY; restore the key or save the account again in Pengaturan.",
  };
  return { kind: 'sms', transport: 'twilio', idempotent: false, send: async () => result };
}
