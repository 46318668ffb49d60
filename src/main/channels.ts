/**
 * Which transport sends each workspace's messages of a channel, and which workspace a webhook is
 * for. WhatsApp, per workspace: its own account (Pengaturan → WhatsApp), else the number of
 * WHATSAPP_* for the first workspace, else the sandbox.
 *
 * Routes are cached per workspace: a save in this process forgets them at once (accountSaved),
 * other processes (workers elsewhere) see it within ROUTE_TTL_MS.
 */
import type { Channel, SendResult } from '../app/channel.port.js';
import { CHANNEL_KINDS, type ChannelKind } from '../domain/vocabulary.js';
import type { ChannelAccountRecord, ChannelAccountRepo } from '../app/channel-account.port.js';
import { openWhatsAppAccount, type ChannelAccountSettings } from '../app/channel-accounts.js';
import type { ChannelRegistry, ChannelRoute, Logger, SandboxRepo, WorkspaceRepo } from '../app/ports.js';
import type { SecretBox } from '../app/secret-box.port.js';
import { createInAppChannel } from '../adapters/channels/inapp.channel.js';
import type { SmsWebhookRouter, WhatsAppWebhookRouter } from '../app/webhook-router.port.js';
import { createSmsWiring } from './sms-wiring.js';
import { createPushWiring, type PushWiring } from './push-wiring.js';
import type { Agent } from 'node:https';
import type { PushSubscriptionRepo, WorkspaceKeyRepo } from '../app/push.port.js';
import { parseSmsNotification, verifyTwilioSignature } from '../adapters/channels/sms-webhook.js';
import { createSandboxChannel } from '../adapters/channels/sandbox.channel.js';
import { createKeepAliveHttp, type HttpPost } from '../adapters/channels/keep-alive-http.js';
import { createWhatsAppChannel } from '../adapters/channels/whatsapp.channel.js';
import { createWhatsAppWebhookRouter } from '../adapters/channels/whatsapp-webhook-router.js';
import { createWhatsAppTemplateApi } from '../adapters/channels/whatsapp-templates.js';
import type { WhatsAppTemplateAccounts, WhatsAppTemplateApi } from '../app/whatsapp-template.port.js';
import type { Config } from '../config/env.js';
import type { EmailAccountSettings } from '../app/email-account.js';
import type { LinkTokens } from '../app/link-tokens.port.js';
import { createEmailRoutes } from './email-routes.js';

/** How long another process's save may go unseen here. */
export const ROUTE_TTL_MS = 15_000;
/** Entries a cache holds at most before it starts afresh (webhooks for made-up numbers must not grow it without bound). */
const MAX_CACHED = 1_000;
/** Accounts whose verify tokens a subscription handshake is checked against, at most. */
const MAX_VERIFY_ACCOUNTS = 10_000;

export interface Channels {
  registry: ChannelRegistry;
  whatsappWebhooks: WhatsAppWebhookRouter;
  /** SMS receipts and incoming SMS: checked with the workspace's auth token, then read. */
  smsWebhooks: SmsWebhookRouter;
  /** Each workspace's templates at Meta, where it has a real number with a WABA id. */
  templates: WhatsAppTemplateAccounts;
  /** Web push: each workspace's VAPID key and whether pushes are live. */
  push: Pick<PushWiring, 'publicKey' | 'live' | 'allowsEndpoint'>;
  /** What the account use cases need; its accountSaved forgets this process's cached routes of the workspace. */
  accounts: ChannelAccountSettings & EmailAccountSettings;
  /** Closes the pooled SMTP connections. */
  close(): void;
}

export interface ChannelRepos {
  sandbox: SandboxRepo;
  workspaces: Pick<WorkspaceRepo, 'first'>;
  channelAccounts: ChannelAccountRepo;
  pushSubscriptions: PushSubscriptionRepo;
  workspaceKeys: WorkspaceKeyRepo;
}

export interface ChannelOptions {
  /** Opens accounts' sealed secrets; null when the server has no key (accounts then cannot send). */
  box: SecretBox | null;
  /** Signs unsubscribe links and Message-IDs; null without a server key (marketing email then cannot go out). */
  links?: LinkTokens | null;
  log: Logger;
  http?: HttpPost;
  /** The https.Agent web pushes go through (a test's push service's CA). */
  pushAgent?: Agent;
  ttlMs?: number;
  /** Wakes this process's in-app streams when a message enters an inbox here. */
  inappNotify?: (workspaceId: string, contactId: string) => void;
}

interface Cached<T> { at: number; value: Promise<T> }

/** Builds the channel registry and webhook router; one instance per process. */
export function createChannels(config: Config, repos: ChannelRepos, options: ChannelOptions): Channels {
  // One keep-alive client for every number this process sends from.
  const httpClient = options.http ?? createKeepAliveHttp();
  // Meta fetches a message's file from this server by link (media.route.ts), at its public address.
  const mediaBase = config.publicUrl ? config.publicUrl.replace(/\/+$/, '') : null;
  const ttl = options.ttlMs ?? ROUTE_TTL_MS;
  const env = config.whatsapp;
  const envRoute: ChannelRoute | null = env
    ? {
      channel: createWhatsAppChannel({ ...env, timeoutMs: config.whatsappApi.timeoutMs }, { http: httpClient, mediaBase }),
      senderKey: `whatsapp:${env.phoneNumberId}`, ratePerSecond: config.whatsappRateLimit, approvedTemplatesOnly: Boolean(env.wabaId),
    }
    : null;
  const templateApi = (creds: { wabaId: string; accessToken: string; appId?: string | undefined }, apiBase: string, apiVersion: string): WhatsAppTemplateApi =>
    createWhatsAppTemplateApi({
      apiBase, apiVersion, wabaId: creds.wabaId, accessToken: creds.accessToken, timeoutMs: config.whatsappApi.timeoutMs, ...(creds.appId ? { appId: creds.appId } : {}),
    }, { http: httpClient });
  const envTemplates = env?.wabaId ? { wabaId: env.wabaId, api: templateApi({ wabaId: env.wabaId, accessToken: env.accessToken, appId: env.appId }, env.apiBase, env.apiVersion) } : null;
  const sandboxWhatsApp: Channel = createSandboxChannel({ record: (entry) => repos.sandbox.record(entry), kind: 'whatsapp', ...(mediaBase ? { mediaBase } : {}) });

  // The first workspace never changes once created; looked up once it exists.
  let firstWorkspace: Promise<string | null> | null = null;
  const first = () => {
    firstWorkspace ??= repos.workspaces.first().then((w) => w?.id ?? null);
    return firstWorkspace.then((id) => {
      if (id === null) firstWorkspace = null;
      return id;
    }, (err: unknown) => {
      firstWorkspace = null;
      throw err;
    });
  };

  const email = createEmailRoutes(config, { channelAccounts: repos.channelAccounts, box: options.box, links: options.links ?? null, log: options.log, firstWorkspace: first });
  const sms = createSmsWiring(config, { channelAccounts: repos.channelAccounts, box: options.box, log: options.log, http: httpClient, firstWorkspace: first });

  const push = createPushWiring(config, {
    workspaceKeys: repos.workspaceKeys, subscriptions: repos.pushSubscriptions, box: options.box, log: options.log, ...(options.pushAgent ? { agent: options.pushAgent } : {}),
  });

  const open = (account: ChannelAccountRecord) => {
    if (!options.box) throw new Error('this server has no SAPA_SECRET_KEY');
    return openWhatsAppAccount(options.box, account);
  };

  function accountRoute(account: ChannelAccountRecord): ChannelRoute {
    const senderKey = `whatsapp:${account.senderKey}`;
    const ratePerSecond = account.ratePerSecond ?? config.whatsappRateLimit;
    try {
      const creds = open(account);
      const channel = createWhatsAppChannel({ ...creds, apiBase: config.whatsappApi.base, apiVersion: config.whatsappApi.version, timeoutMs: config.whatsappApi.timeoutMs }, { http: httpClient, mediaBase });
      return { channel, senderKey, ratePerSecond, approvedTemplatesOnly: Boolean(creds.wabaId) };
    } catch (err) {
      options.log.error({ workspaceId: account.workspaceId, channel: 'whatsapp', reason: err instanceof Error ? err.message : 'unknown' }, 'channel account cannot be opened; its messages wait');
      return { channel: unreadableAccount(), senderKey, ratePerSecond };
    }
  }

  async function whatsappRoute(workspaceId: string): Promise<ChannelRoute> {
    const account = await repos.channelAccounts.get(workspaceId, 'whatsapp');
    if (account) return accountRoute(account);
    if (envRoute && (await first()) === workspaceId) return envRoute;
    return { channel: sandboxWhatsApp, senderKey: `sandbox:${workspaceId}`, ratePerSecond: null };
  }

  // In-app needs no provider: Sapa's own inbox carries it, in every workspace, never paced.
  const inapp = createInAppChannel(options.inappNotify ? { notify: options.inappNotify } : {});
  const inappRoute = (workspaceId: string): ChannelRoute => ({ channel: inapp, senderKey: `inapp:${workspaceId}`, ratePerSecond: null });

  /** A channel without a provider configured records its messages in the outbox (Pesan Terkirim → sandbox), like WhatsApp's sandbox. */
  const sandboxes = new Map<ChannelKind, Channel>();
  function sandboxRoute(workspaceId: string, kind: ChannelKind): Promise<ChannelRoute> {
    let channel = sandboxes.get(kind);
    if (!channel) {
      channel = createSandboxChannel({ record: (entry) => repos.sandbox.record(entry), kind });
      sandboxes.set(kind, channel);
    }
    return Promise.resolve({ channel, senderKey: `sandbox:${kind}:${workspaceId}`, ratePerSecond: null });
  }

  async function numberOwner(phoneNumberId: string): Promise<{ workspaceId: string; appSecret: string } | null> {
    const account = await repos.channelAccounts.findBySender('whatsapp', phoneNumberId);
    // An account that cannot be opened throws: the webhook answers 500 and Meta delivers it again later.
    if (account) return { workspaceId: account.workspaceId, appSecret: open(account).appSecret };
    if (env && env.phoneNumberId === phoneNumberId) {
      const workspaceId = await first();
      return workspaceId ? { workspaceId, appSecret: env.appSecret } : null;
    }
    return null;
  }

  async function workspaceTemplates(workspaceId: string): Promise<{ wabaId: string; api: WhatsAppTemplateApi } | null> {
    const account = await repos.channelAccounts.get(workspaceId, 'whatsapp');
    if (account) {
      const creds = open(account);
      return creds.wabaId ? { wabaId: creds.wabaId, api: templateApi({ wabaId: creds.wabaId, accessToken: creds.accessToken, appId: creds.appId }, config.whatsappApi.base, config.whatsappApi.version) } : null;
    }
    return envTemplates && (await first()) === workspaceId ? envTemplates : null;
  }

  /** The workspaces whose WABA a template status webhook names, each with the app secret that must have signed it. */
  async function wabaOwners(wabaId: string): Promise<{ workspaceId: string; appSecret: string }[]> {
    const owners: { workspaceId: string; appSecret: string }[] = [];
    for (const account of await repos.channelAccounts.listByChannel('whatsapp', MAX_VERIFY_ACCOUNTS)) {
      if (account.settings.wabaId === wabaId) owners.push({ workspaceId: account.workspaceId, appSecret: open(account).appSecret });
    }
    if (env?.wabaId === wabaId) {
      const workspaceId = await first();
      if (workspaceId && !owners.some((o) => o.workspaceId === workspaceId) && !(await repos.channelAccounts.get(workspaceId, 'whatsapp'))) {
        owners.push({ workspaceId, appSecret: env.appSecret });
      }
    }
    return owners;
  }

  async function routeOf(workspaceId: string, kind: ChannelKind): Promise<ChannelRoute> {
    switch (kind) {
      case 'whatsapp': return whatsappRoute(workspaceId);
      case 'email': return (await email.route(workspaceId)) ?? sandboxRoute(workspaceId, kind);
      case 'sms': return (await sms.route(workspaceId)) ?? sandboxRoute(workspaceId, kind);
      case 'push': return (await push.route(workspaceId)) ?? sandboxRoute(workspaceId, kind);
      default: return sandboxRoute(workspaceId, kind);
    }
  }

  const routes = new Map<string, Cached<ChannelRoute>>();
  const smsTokens = new Map<string, Cached<string | null>>();
  const wabas = new Map<string, Cached<{ workspaceId: string; appSecret: string }[]>>();
  const numbers = new Map<string, Cached<{ workspaceId: string; appSecret: string } | null>>();
  const handshake = new Map<string, Cached<string[]>>();
  function cached<T>(map: Map<string, Cached<T>>, key: string, load: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const hit = map.get(key);
    if (hit && now - hit.at < ttl) return hit.value;
    if (map.size >= MAX_CACHED) map.clear();
    const value = load();
    map.set(key, { at: now, value });
    // A failed look-up (the store was unreachable) is not remembered.
    value.catch(() => {
      if (map.get(key)?.value === value) map.delete(key);
    });
    return value;
  }

  return {
    registry: {
      async resolve(workspaceId, kind) {
        if (kind === 'inapp') return inappRoute(workspaceId);
        return cached(routes, `${kind}:${workspaceId}`, () => routeOf(workspaceId, kind));
      },
      transport: (kind) => (kind === 'inapp' ? 'inapp'
        : kind === 'whatsapp' && envRoute ? 'whatsapp-cloud'
          : kind === 'email' && email.fromEnvironment ? 'smtp'
            : kind === 'sms' && config.sms ? 'twilio'
              : kind === 'push' && push.live ? 'web-push' : 'sandbox'),
    },
    // Cached like routes: a flood of forged receipts must not cost a read and a decryption each.
    smsWebhooks: {
      async route(request) {
        const token = await cached(smsTokens, request.workspaceId, () => sms.authToken(request.workspaceId));
        if (token === null) return { ok: false, reason: 'unknown_workspace' };
        if (!verifyTwilioSignature(request.url, request.params, request.signature, token)) return { ok: false, reason: 'bad_signature' };
        const notification = parseSmsNotification(request.params, request.at, request.ourMessageId);
        return notification ? { ok: true, notification } : { ok: false, reason: 'malformed' };
      },
    },
    whatsappWebhooks: createWhatsAppWebhookRouter({
      byPhoneNumberId: (id) => cached(numbers, id, () => numberOwner(id)),
      byWabaId: (id) => cached(wabas, id, () => wabaOwners(id)),
      // Cached like routes: an unauthenticated handshake must not cost a read and a decryption per account.
      verifyTokens: () => cached(handshake, 'whatsapp', async () => {
        const tokens = env ? [env.verifyToken] : [];
        for (const account of await repos.channelAccounts.listByChannel('whatsapp', MAX_VERIFY_ACCOUNTS)) {
          try {
            tokens.push(open(account).verifyToken);
          } catch {
            // unreadable: logged when its messages are routed; its token cannot match anyway
          }
        }
        return tokens;
      }),
    }),
    push: { live: push.live, publicKey: (workspaceId) => push.publicKey(workspaceId), allowsEndpoint: (endpoint) => push.allowsEndpoint(endpoint) },
    templates: {
      // Not cached: a submission or a sync is rare next to a send, and must use the token just saved.
      forWorkspace: workspaceTemplates,
      async workspaces(limit) {
        const ids = (await repos.channelAccounts.listByChannel('whatsapp', limit)).filter((a) => a.settings.wabaId).map((a) => a.workspaceId);
        const firstId = envTemplates ? await first() : null;
        if (firstId && ids.length < limit && !ids.includes(firstId) && !(await repos.channelAccounts.get(firstId, 'whatsapp'))) ids.push(firstId);
        return ids;
      },
    },
    accounts: {
      box: options.box,
      whatsappEnvironment: env,
      whatsappDefaultRate: config.whatsappRateLimit,
      smsEnvironment: config.sms,
      smsDefaultRate: config.smsRateLimit,
      publicUrl: config.publicUrl ?? null,
      emailEnvironment: config.email,
      emailDefaultRate: config.emailRateLimit,
      links: options.links ?? null,
      accountSaved(workspaceId) {
        for (const kind of CHANNEL_KINDS) routes.delete(`${kind}:${workspaceId}`);
        // A number may have moved between workspaces: every cached owner and token is stale.
        numbers.clear();
        wabas.clear();
        handshake.clear();
        smsTokens.delete(workspaceId);
      },
    },
    close: () => email.close(),
  };
}

/** Stands in for an account whose secrets cannot be opened: sends wait and retry (the key may come back) and say why. */
function unreadableAccount(): Channel {
  const result: SendResult = {
    ok: false,
    reason: 'channel_account_unreadable',
    failureClass: 'transient',
    detail: "The workspace's WhatsApp credentials cannot be decrypted with this server's SAPA_SECRET_KEY; restore the key or save the number again in Pengaturan.",
  };
  return { kind: 'whatsapp', transport: 'whatsapp-cloud', idempotent: false, send: async () => result };
}
