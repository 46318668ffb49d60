/**
 * Which SMTP account sends a workspace's email: its own (Pengaturan → Email), else SMTP_URL +
 * EMAIL_FROM for the first workspace, else the sandbox. Each account's channel holds a pool of SMTP
 * connections, so channels are kept per account (by its URL and From) and reused across route
 * look-ups; a replaced account's pool is closed when the cache is renewed.
 */
import type { Channel, SendResult } from '../app/channel.port.js';
import type { ChannelAccountRepo } from '../app/channel-account.port.js';
import { openEmailAccount } from '../app/email-account.js';
import type { LinkTokens } from '../app/link-tokens.port.js';
import type { ChannelRoute, Logger } from '../app/ports.js';
import type { SecretBox } from '../app/secret-box.port.js';
import { createEmailChannel, type EmailChannel } from '../adapters/channels/email.channel.js';
import type { Config } from '../config/env.js';

/** Accounts whose pools stay open at once; beyond it the oldest pool is closed. */
const MAX_POOLS = 200;
/**
 * Email's slots are spaced for 90 % of the account's rate (the default is 96 %): a second's worth
 * then spans 1.11 s, room for a pooled session to begin a message (RSET, MAIL FROM) up to ~100 ms
 * after its slot before the server sees more than the rate in any one second.
 */
const EMAIL_SLOT_MARGIN = 0.9;

export interface EmailRoutes {
  route(workspaceId: string): Promise<ChannelRoute | null>;
  /** Whether SMTP_URL is set (for the start-up line). */
  readonly fromEnvironment: boolean;
  close(): void;
}

export function createEmailRoutes(
  config: Config,
  deps: { channelAccounts: ChannelAccountRepo; box: SecretBox | null; links: LinkTokens | null; log: Logger; firstWorkspace: () => Promise<string | null> },
): EmailRoutes {
  const pools = new Map<string, EmailChannel>();
  const publicUrl = config.publicUrl ?? null;
  const channelFor = (smtpUrl: string, from: string): EmailChannel => {
    const key = `${smtpUrl}\n${from}`;
    let channel = pools.get(key);
    if (!channel) {
      if (pools.size >= MAX_POOLS) {
        const [oldestKey, oldest] = pools.entries().next().value as [string, EmailChannel];
        oldest.close();
        pools.delete(oldestKey);
      }
      channel = createEmailChannel({ smtpUrl, from, publicUrl }, { links: deps.links });
      pools.set(key, channel);
    }
    return channel;
  };
  const env = config.email;

  return {
    fromEnvironment: env !== null,
    async route(workspaceId) {
      const account = await deps.channelAccounts.get(workspaceId, 'email');
      if (account) {
        const senderKey = `email:${account.senderKey}`;
        const ratePerSecond = account.ratePerSecond ?? config.emailRateLimit;
        try {
          if (!deps.box) throw new Error('this server has no SAPA_SECRET_KEY');
          const creds = openEmailAccount(deps.box, account);
          return { channel: channelFor(creds.smtpUrl, creds.from), senderKey, ratePerSecond, slotMargin: EMAIL_SLOT_MARGIN };
        } catch (err) {
          deps.log.error({ workspaceId, channel: 'email', reason: err instanceof Error ? err.message : 'unknown' }, 'channel account cannot be opened; its messages wait');
          return { channel: unreadable, senderKey, ratePerSecond, slotMargin: EMAIL_SLOT_MARGIN };
        }
      }
      if (env && (await deps.firstWorkspace()) === workspaceId) {
        return { channel: channelFor(env.smtpUrl, env.from), senderKey: `email:${env.from}`, ratePerSecond: config.emailRateLimit, slotMargin: EMAIL_SLOT_MARGIN };
      }
      return null;
    },
    close() {
      for (const channel of pools.values()) channel.close();
      pools.clear();
    },
  };
}

const unreadableResult: SendResult = {
  ok: false,
  reason: 'channel_account_unreadable',
  failureClass: 'transient',
  detail: "The workspace's SMTP account cannot be decrypted with this server's SAPA_SECRET_KEY; restore the key or save the account again in Pengaturan.",
};
const unreadable: Channel = { kind: 'email', transport: 'smtp', idempotent: false, send: async () => unreadableResult };
