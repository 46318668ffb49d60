/**
 * A workspace's email account (Pengaturan → Email, GET/PUT /api/v1/channels/email): an SMTP URL
 * whose password is sealed at rest and answered masked, and the From name and address. A PUT that
 * leaves the URL empty keeps the stored one. SMTP_URL + EMAIL_FROM stay the first workspace's default.
 */
import { EMAIL_BOUNCE_WEBHOOK_PATH, SmtpUrl, formatMailbox, parseMailbox, type EmailAccount, type EmailAccountInput } from '../contracts/email-channel.js';
import { audit } from './audit.js';
import { requirePermission } from './auth.js';
import { channelAccountContext, type ChannelAccountRecord } from './channel-account.port.js';
import type { ChannelAccountDeps } from './channel-accounts.js';
import { AppError } from './errors.js';
import type { LinkTokens } from './link-tokens.port.js';
import type { Deps, Principal } from './ports.js';
import type { SecretBox } from './secret-box.port.js';

/** What the server knows about email besides the store (main/channels.ts fills it). */
export interface EmailAccountSettings {
  /** SMTP_URL + EMAIL_FROM: the first workspace's when it has no account of its own. */
  emailEnvironment: { smtpUrl: string; from: string } | null;
  emailDefaultRate: number | null;
  links: LinkTokens | null;
}

export type EmailAccountDeps = ChannelAccountDeps & { channelAccounts: ChannelAccountDeps['channelAccounts'] & EmailAccountSettings };

/** An opened account: what the email channel needs. */
export interface EmailCredentials { smtpUrl: string; from: string }

/** Opens a stored email account; throws when its secret cannot be opened or is not an SMTP URL. */
export function openEmailAccount(box: SecretBox, account: ChannelAccountRecord): EmailCredentials {
  const secrets = JSON.parse(box.open(account.secrets, channelAccountContext(account.workspaceId, 'email'))) as { smtpUrl?: unknown };
  const smtpUrl = SmtpUrl.parse(secrets.smtpUrl);
  return { smtpUrl, from: formatMailbox(account.settings.fromName ?? '', account.settings.fromAddress ?? account.senderKey) };
}

/** The URL with its password replaced by `••••` (the user name stays: it tells which account). */
export function maskSmtpUrl(smtpUrl: string): string {
  try {
    const u = new URL(smtpUrl);
    if (u.password) u.password = '••••';
    return decodeURIComponent(u.toString()).replace(/\/$/, '');
  } catch {
    return '••••';
  }
}

/** The workspace's email account with the password masked. */
export async function readEmailAccount(deps: EmailAccountDeps, principal: Principal): Promise<EmailAccount> {
  requirePermission(principal, 'channels:read');
  const settings = deps.channelAccounts;
  const common = {
    bounceWebhookUrl: settings.publicUrl && settings.links
      ? `${settings.publicUrl.replace(/\/+$/, '')}${EMAIL_BOUNCE_WEBHOOK_PATH}/${settings.links.bounceWebhook(principal.workspaceId)}`
      : null,
    unsubscribeReady: Boolean(settings.publicUrl && settings.links),
  };
  const account = await deps.store.channelAccounts.get(principal.workspaceId, 'email');
  if (account) {
    let smtpUrl = '••••';
    try {
      if (settings.box) smtpUrl = maskSmtpUrl(openEmailAccount(settings.box, account).smtpUrl);
    } catch {
      deps.log.warn({ workspaceId: account.workspaceId, channel: 'email' }, 'channel account secrets cannot be opened');
    }
    return {
      ...common, configured: true, source: 'workspace', smtpUrl,
      fromName: account.settings.fromName ?? '', fromAddress: account.settings.fromAddress ?? account.senderKey,
      ratePerSecond: account.ratePerSecond ?? settings.emailDefaultRate,
    };
  }
  const env = settings.emailEnvironment;
  if (env && (await deps.store.workspaces.first())?.id === principal.workspaceId) {
    const from = parseMailbox(env.from);
    return { ...common, configured: true, source: 'environment', smtpUrl: maskSmtpUrl(env.smtpUrl), fromName: from?.name ?? '', fromAddress: from?.address ?? env.from, ratePerSecond: settings.emailDefaultRate };
  }
  return { ...common, configured: false, source: 'sandbox', smtpUrl: null, fromName: null, fromAddress: null, ratePerSecond: null };
}

/** Saves the workspace's email account: the URL kept when left empty, sealed; one From address per workspace. */
export async function saveEmailAccount(deps: EmailAccountDeps, principal: Principal, input: EmailAccountInput): Promise<EmailAccount> {
  requirePermission(principal, 'channels:manage');
  const box = deps.channelAccounts.box;
  if (!box) {
    throw new AppError('channels.secret_key_missing', 'Saving an email account needs SAPA_SECRET_KEY on this server: set it on every Sapa process and restart. SMTP_URL keeps working meanwhile.');
  }
  const workspaceId = principal.workspaceId;
  const existing = await deps.store.channelAccounts.get(workspaceId, 'email');
  let smtpUrl = input.smtpUrl ? input.smtpUrl : null;
  if (!smtpUrl && existing) {
    try {
      smtpUrl = openEmailAccount(box, existing).smtpUrl;
    } catch {
      smtpUrl = null;
    }
  }
  if (!smtpUrl) {
    throw new AppError('channels.incomplete', 'The email account needs its SMTP URL (nothing is stored to keep)', [{ field: 'smtpUrl', reason: 'required', message: 'required: nothing is stored to keep' }]);
  }
  const fromAddress = input.fromAddress.trim();
  const saved = await deps.store.channelAccounts.upsert(workspaceId, {
    channel: 'email',
    // The From address names the account: one workspace's sender cannot be claimed by another.
    senderKey: fromAddress.toLowerCase(),
    settings: { fromName: (input.fromName ?? '').trim(), fromAddress },
    secrets: box.seal(JSON.stringify({ smtpUrl }), channelAccountContext(workspaceId, 'email')),
    ratePerSecond: input.ratePerSecond === undefined ? (existing?.ratePerSecond ?? null) : input.ratePerSecond,
  }, deps.clock.now());
  if (saved === 'sender_taken') {
    throw new AppError('channels.sender_in_use', 'Another workspace already sends from this address', [{ field: 'fromAddress', reason: 'channels.sender_in_use' }]);
  }
  deps.channelAccounts.accountSaved(workspaceId);
  deps.log.info({ workspaceId, channel: 'email', fromAddress, keyId: box.keyId }, 'channel account saved');
  await audit(deps, principal, 'channel_account.saved', { type: 'channel_account', id: saved.id }, {
    channel: 'email', fromAddress, secretsChanged: input.smtpUrl ? ['smtpUrl'] : [],
  });
  return readEmailAccount(deps, principal);
}

/**
 * Sends a short utility email to `to` through the workspace's email route now (the account as
 * saved, or the sandbox), without a stored message: the owner checks the SMTP settings.
 */
export async function sendTestEmail(deps: EmailAccountDeps & Pick<Deps, 'channels' | 'random'>, principal: Principal, to: string): Promise<{ ok: boolean; transport: string; detail: string | null }> {
  requirePermission(principal, 'channels:manage');
  const route = await deps.channels.resolve(principal.workspaceId, 'email');
  if (!route) return { ok: false, transport: 'none', detail: 'no email route' };
  const result = await route.channel.send({
    id: deps.random.uuid(), workspaceId: principal.workspaceId, channel: 'email', to,
    body: 'Email percobaan dari Sapa: pengaturan email Anda berfungsi.\nA test email from Sapa: your email settings work.',
    content: { channel: 'email', subject: 'Email percobaan Sapa / Sapa test email', html: null },
    windowOpen: false, category: 'utility', contactId: null,
  });
  return { ok: result.ok, transport: route.channel.transport, detail: result.ok ? null : `${result.reason}: ${result.detail}` };
}
