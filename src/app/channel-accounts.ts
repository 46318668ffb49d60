/**
 * A workspace's WhatsApp number (Pengaturan → WhatsApp, GET/PUT /api/v1/channels/whatsapp).
 * Secrets are sealed at rest, answered masked and never logged; a PUT that leaves a secret empty
 * keeps the stored one. The server's WHATSAPP_* number stays the first workspace's default.
 */
import { WHATSAPP_WEBHOOK_PATH, WhatsAppCredentials, type WhatsAppAccount, type WhatsAppAccountInput } from '../contracts/channels.js';
import type { SmsCredentials } from '../contracts/sms-channel.js';
import { audit } from './audit.js';
import { requirePermission } from './auth.js';
import { channelAccountContext, type ChannelAccountRecord, type ChannelAccountRepo } from './channel-account.port.js';
import { AppError, type ErrorItem } from './errors.js';
import type { AuditRepo, Clock, Logger, Principal, WorkspaceRepo } from './ports.js';
import type { SecretBox } from './secret-box.port.js';

/** What the server knows about channel accounts besides the store. */
export interface ChannelAccountSettings {
  /** Seals secrets at rest; null on PostgreSQL without SAPA_SECRET_KEY (accounts can then not be saved). */
  box: SecretBox | null;
  /** The WHATSAPP_* number: the first workspace's when it has no account of its own. */
  whatsappEnvironment: WhatsAppCredentials | null;
  /** Messages per second of a number whose account sets none (null: no limit). */
  whatsappDefaultRate: number | null;
  /** The SMS_* sender: the first workspace's when it has no SMS account of its own. */
  smsEnvironment?: SmsCredentials | null;
  /** Messages per second of an SMS sender whose account sets none (null: no limit). */
  smsDefaultRate?: number | null;
  /** SAPA_PUBLIC_URL, when set: the webhook callback URL is built from it. */
  publicUrl: string | null;
  /** Told after a save, so this process stops using the old credentials at once. */
  accountSaved(workspaceId: string): void;
}

export interface ChannelAccountDeps {
  store: { channelAccounts: ChannelAccountRepo; workspaces: Pick<WorkspaceRepo, 'first'>; audit: Pick<AuditRepo, 'append'> };
  clock: Clock;
  log: Logger;
  channelAccounts: ChannelAccountSettings;
}

type WhatsAppSecrets = Pick<WhatsAppCredentials, 'accessToken' | 'appSecret' | 'verifyToken'>;

/** `••••` and the last 4 characters for secrets long enough that 4 characters give nothing away. */
export function maskSecret(value: string): string {
  return value.length >= 12 ? `••••${value.slice(-4)}` : '••••';
}

/** Opens a stored WhatsApp account into full credentials; throws when its secrets cannot be opened or are incomplete. */
export function openWhatsAppAccount(box: SecretBox, account: ChannelAccountRecord): WhatsAppCredentials {
  const secrets = JSON.parse(box.open(account.secrets, channelAccountContext(account.workspaceId, 'whatsapp'))) as unknown;
  return WhatsAppCredentials.parse({
    ...(typeof secrets === 'object' && secrets !== null ? secrets : {}),
    phoneNumberId: account.senderKey,
    ...(account.settings.wabaId ? { wabaId: account.settings.wabaId } : {}),
    ...(account.settings.appId ? { appId: account.settings.appId } : {}),
  });
}

/** The workspace's WhatsApp connection with its secrets masked. */
export async function readWhatsAppAccount(deps: ChannelAccountDeps, principal: Principal): Promise<WhatsAppAccount> {
  requirePermission(principal, 'channels:read');
  const account = await deps.store.channelAccounts.get(principal.workspaceId, 'whatsapp');
  if (account) {
    const secrets = tryOpen(deps, account);
    const masked = (v: string | undefined) => (v === undefined ? '••••' : maskSecret(v));
    return {
      ...base(deps),
      configured: true,
      source: 'workspace',
      phoneNumberId: account.senderKey,
      wabaId: account.settings.wabaId ?? null,
      appId: account.settings.appId ?? null,
      accessToken: masked(secrets?.accessToken),
      appSecret: masked(secrets?.appSecret),
      verifyToken: masked(secrets?.verifyToken),
      ratePerSecond: account.ratePerSecond ?? deps.channelAccounts.whatsappDefaultRate,
    };
  }
  const env = deps.channelAccounts.whatsappEnvironment;
  if (env && (await isFirstWorkspace(deps, principal.workspaceId))) {
    return {
      ...base(deps),
      configured: true,
      source: 'environment',
      phoneNumberId: env.phoneNumberId,
      wabaId: env.wabaId ?? null,
      appId: env.appId ?? null,
      accessToken: maskSecret(env.accessToken),
      appSecret: maskSecret(env.appSecret),
      verifyToken: maskSecret(env.verifyToken),
      ratePerSecond: deps.channelAccounts.whatsappDefaultRate,
    };
  }
  return { ...base(deps), configured: false, source: 'sandbox', phoneNumberId: null, wabaId: null, appId: null, accessToken: null, appSecret: null, verifyToken: null, ratePerSecond: null };
}

/** Saves the workspace's WhatsApp number: validated, secrets kept when left empty, sealed, one number per workspace. */
export async function saveWhatsAppAccount(deps: ChannelAccountDeps, principal: Principal, input: WhatsAppAccountInput): Promise<WhatsAppAccount> {
  requirePermission(principal, 'channels:manage');
  const box = deps.channelAccounts.box;
  if (!box) {
    throw new AppError('channels.secret_key_missing', 'Saving a WhatsApp number needs SAPA_SECRET_KEY on this server: set it on every Sapa process '
      + '(e.g. the output of `openssl rand -base64 32`) and restart. The WHATSAPP_* variables keep working meanwhile.');
  }
  const workspaceId = principal.workspaceId;
  const env = deps.channelAccounts.whatsappEnvironment;
  // The server's own number belongs to the first workspace: nobody else may claim its webhooks.
  if (env && env.phoneNumberId === input.phoneNumberId.trim() && !(await isFirstWorkspace(deps, workspaceId))) throw phoneNumberInUse();

  const existing = await deps.store.channelAccounts.get(workspaceId, 'whatsapp');
  // Secrets that can no longer be opened (the key changed) must be entered again: the check below names them.
  const stored: Partial<WhatsAppSecrets> = existing ? tryOpen(deps, existing) ?? {} : {};
  const kept = (given: string | null | undefined, old: string | undefined) => (given ? given : old);
  const wabaId = input.wabaId?.trim();
  const appId = input.appId?.trim();
  const checked = WhatsAppCredentials.safeParse({
    phoneNumberId: input.phoneNumberId,
    ...(wabaId ? { wabaId } : {}),
    ...(appId ? { appId } : {}),
    accessToken: kept(input.accessToken, stored.accessToken),
    appSecret: kept(input.appSecret, stored.appSecret),
    verifyToken: kept(input.verifyToken, stored.verifyToken),
  });
  if (!checked.success) {
    const errors: ErrorItem[] = checked.error.issues.map((i) => ({
      field: String(i.path[0] ?? 'body'),
      reason: i.code === 'invalid_type' ? 'required' : i.code,
      message: i.code === 'invalid_type' ? 'required: nothing is stored to keep' : i.message,
    }));
    throw new AppError('channels.incomplete', 'The WhatsApp number needs every field (secrets left empty keep the stored ones)', errors);
  }
  const creds = checked.data;
  const secrets: WhatsAppSecrets = { accessToken: creds.accessToken, appSecret: creds.appSecret, verifyToken: creds.verifyToken };
  const saved = await deps.store.channelAccounts.upsert(workspaceId, {
    channel: 'whatsapp',
    senderKey: creds.phoneNumberId,
    settings: { ...(creds.wabaId ? { wabaId: creds.wabaId } : {}), ...(creds.appId ? { appId: creds.appId } : {}) },
    secrets: box.seal(JSON.stringify(secrets), channelAccountContext(workspaceId, 'whatsapp')),
    ratePerSecond: input.ratePerSecond === undefined ? (existing?.ratePerSecond ?? null) : input.ratePerSecond,
  }, deps.clock.now());
  if (saved === 'sender_taken') throw phoneNumberInUse();
  deps.channelAccounts.accountSaved(workspaceId);
  deps.log.info({ workspaceId, channel: 'whatsapp', phoneNumberId: creds.phoneNumberId, keyId: box.keyId }, 'channel account saved');
  await audit(deps, principal, 'channel_account.saved', { type: 'channel_account', id: saved.id }, {
    channel: 'whatsapp', phoneNumberId: creds.phoneNumberId, secretsChanged: ['accessToken', 'appSecret', 'verifyToken'].filter((k) => Boolean(input[k as keyof typeof input])),
  });
  return readWhatsAppAccount(deps, principal);
}

function phoneNumberInUse(): AppError {
  return new AppError('channels.phone_number_in_use', 'Another workspace already uses this WhatsApp phone number id', [
    { field: 'phoneNumberId', reason: 'channels.phone_number_in_use' },
  ]);
}

function base(deps: ChannelAccountDeps): Pick<WhatsAppAccount, 'webhookUrl'> {
  const url = deps.channelAccounts.publicUrl;
  return { webhookUrl: url ? `${url.replace(/\/+$/, '')}${WHATSAPP_WEBHOOK_PATH}` : null };
}

export async function isFirstWorkspace(deps: ChannelAccountDeps, workspaceId: string): Promise<boolean> {
  return (await deps.store.workspaces.first())?.id === workspaceId;
}

function tryOpen(deps: ChannelAccountDeps, account: ChannelAccountRecord): WhatsAppSecrets | null {
  const box = deps.channelAccounts.box;
  if (!box) return null;
  try {
    const { accessToken, appSecret, verifyToken } = openWhatsAppAccount(box, account);
    return { accessToken, appSecret, verifyToken };
  } catch (err) {
    deps.log.warn({ workspaceId: account.workspaceId, channel: account.channel, reason: err instanceof Error ? err.name : 'unknown' }, 'channel account secrets cannot be opened');
    return null;
  }
}
