/**
 * A workspace's SMS sender (Pengaturan → SMS, GET/PUT /api/v1/channels/sms), kept like its
 * WhatsApp number: the auth token sealed at rest, answered masked, kept when a PUT leaves it
 * empty. The server's SMS_* sender stays the first workspace's default.
 */
import { SmsCredentials, smsWebhookPath, type SmsAccount, type SmsAccountInput } from '../contracts/sms-channel.js';
import { audit } from './audit.js';
import { requirePermission } from './auth.js';
import { channelAccountContext, type ChannelAccountRecord } from './channel-account.port.js';
import { isFirstWorkspace, maskSecret, type ChannelAccountDeps } from './channel-accounts.js';
import { AppError, type ErrorItem } from './errors.js';
import type { Principal } from './ports.js';
import type { SecretBox } from './secret-box.port.js';

/** The account's key among SMS accounts: one sender on one provider account belongs to one workspace. */
export const smsSenderKey = (accountSid: string, from: string): string => `${accountSid}:${from}`;

/** Opens a stored SMS account into full credentials; throws when its token cannot be opened. */
export function openSmsAccount(box: SecretBox, account: ChannelAccountRecord): SmsCredentials {
  const secrets = JSON.parse(box.open(account.secrets, channelAccountContext(account.workspaceId, 'sms'))) as unknown;
  return SmsCredentials.parse({
    ...(typeof secrets === 'object' && secrets !== null ? secrets : {}),
    accountSid: account.settings.accountSid,
    from: account.settings.from,
  });
}

/** The workspace's SMS sender with its token masked. */
export async function readSmsAccount(deps: ChannelAccountDeps, principal: Principal): Promise<SmsAccount> {
  requirePermission(principal, 'channels:read');
  const workspaceId = principal.workspaceId;
  const publicUrl = deps.channelAccounts.publicUrl;
  const webhookUrl = publicUrl ? `${publicUrl.replace(/\/+$/, '')}${smsWebhookPath(workspaceId)}` : null;
  const account = await deps.store.channelAccounts.get(workspaceId, 'sms');
  if (account) {
    let token = '••••';
    try {
      if (deps.channelAccounts.box) token = maskSecret(openSmsAccount(deps.channelAccounts.box, account).authToken);
    } catch (err) {
      deps.log.warn({ workspaceId, channel: 'sms', reason: err instanceof Error ? err.name : 'unknown' }, 'channel account secrets cannot be opened');
    }
    return {
      configured: true, source: 'workspace', accountSid: account.settings.accountSid ?? null, from: account.settings.from ?? null, authToken: token,
      ratePerSecond: account.ratePerSecond ?? deps.channelAccounts.smsDefaultRate ?? null, webhookUrl,
    };
  }
  const env = deps.channelAccounts.smsEnvironment;
  if (env && (await isFirstWorkspace(deps, workspaceId))) {
    return { configured: true, source: 'environment', accountSid: env.accountSid, from: env.from, authToken: maskSecret(env.authToken), ratePerSecond: deps.channelAccounts.smsDefaultRate ?? null, webhookUrl };
  }
  return { configured: false, source: 'sandbox', accountSid: null, from: null, authToken: null, ratePerSecond: null, webhookUrl };
}

/** Saves the workspace's SMS sender: validated, token kept when left empty, sealed, one sender per workspace. */
export async function saveSmsAccount(deps: ChannelAccountDeps, principal: Principal, input: SmsAccountInput): Promise<SmsAccount> {
  requirePermission(principal, 'channels:manage');
  const box = deps.channelAccounts.box;
  if (!box) {
    throw new AppError('channels.secret_key_missing', 'Saving an SMS account needs SAPA_SECRET_KEY on this server: set it on every Sapa process '
      + '(e.g. the output of `openssl rand -base64 32`) and restart. The SMS_* variables keep working meanwhile.');
  }
  const workspaceId = principal.workspaceId;
  const existing = await deps.store.channelAccounts.get(workspaceId, 'sms');
  let storedToken: string | undefined;
  if (existing) {
    try {
      storedToken = openSmsAccount(box, existing).authToken;
    } catch {
      // The key changed: the token must be entered again, and the check below says so.
    }
  }
  const checked = SmsCredentials.safeParse({ accountSid: input.accountSid, from: input.from, authToken: input.authToken ? input.authToken : storedToken });
  if (!checked.success) {
    const errors: ErrorItem[] = checked.error.issues.map((i) => ({
      field: String(i.path[0] ?? 'body'),
      reason: i.code === 'invalid_type' ? 'required' : i.code,
      message: i.code === 'invalid_type' ? 'required: nothing is stored to keep' : i.message,
    }));
    throw new AppError('channels.incomplete', 'The SMS account needs every field (a token left empty keeps the stored one)', errors);
  }
  const creds = checked.data;
  const saved = await deps.store.channelAccounts.upsert(workspaceId, {
    channel: 'sms',
    senderKey: smsSenderKey(creds.accountSid, creds.from),
    settings: { accountSid: creds.accountSid, from: creds.from },
    secrets: box.seal(JSON.stringify({ authToken: creds.authToken }), channelAccountContext(workspaceId, 'sms')),
    ratePerSecond: input.ratePerSecond === undefined ? (existing?.ratePerSecond ?? null) : input.ratePerSecond,
  }, deps.clock.now());
  if (saved === 'sender_taken') {
    throw new AppError('channels.sender_in_use', 'Another workspace already sends from this SMS number on this account', [{ field: 'from', reason: 'channels.sender_in_use' }]);
  }
  deps.channelAccounts.accountSaved(workspaceId);
  deps.log.info({ workspaceId, channel: 'sms', accountSid: creds.accountSid, keyId: box.keyId }, 'channel account saved');
  await audit(deps, principal, 'channel_account.saved', { type: 'channel_account', id: saved.id }, {
    channel: 'sms', accountSid: creds.accountSid, from: creds.from, secretsChanged: input.authToken ? ['authToken'] : [],
  });
  return readSmsAccount(deps, principal);
}
