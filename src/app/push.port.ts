/** Web push's stored parts: browsers subscribed per contact, and each workspace's own keys. */

/** One browser subscribed to a contact's pushes (the PushSubscription a browser gave). */
export interface PushSubscriptionRecord {
  readonly id: string;
  readonly workspaceId: string;
  readonly contactId: string;
  /** The browser's push resource (https URL at its push service). */
  readonly endpoint: string;
  /** base64url P-256 public key and auth secret of the browser (RFC 8291). */
  readonly p256dh: string;
  readonly auth: string;
}

export interface PushSubscriptionInput {
  readonly endpoint: string;
  readonly p256dh: string;
  readonly auth: string;
  readonly userAgent: string | null;
}

export interface PushSubscriptionRepo {
  /** Stores a subscription for the contact; an endpoint already known (any workspace) moves to it with the new keys. */
  save(workspaceId: string, contactId: string, input: PushSubscriptionInput, at: Date): Promise<void>;
  /** The contact's subscriptions, newest first, at most `limit`. */
  forContact(workspaceId: string, contactId: string, limit: number): Promise<PushSubscriptionRecord[]>;
  /** Forgets subscriptions the push service called gone (404/410). */
  remove(workspaceId: string, ids: readonly string[]): Promise<void>;
  /** Notes a successful push to these subscriptions. */
  touch(ids: readonly string[], at: Date): Promise<void>;
}

/** A key of the workspace's own (workspace_keys): the public part in clear, the secret sealed. */
export interface WorkspaceKey { readonly publicPart: string | null; readonly sealed: string }
export type WorkspaceKeyPurpose = 'vapid';

export interface WorkspaceKeyRepo {
  get(workspaceId: string, purpose: WorkspaceKeyPurpose): Promise<WorkspaceKey | null>;
  /** Stores `key` unless the workspace has one for this purpose already, and answers the one kept (the race's winner); null: no such workspace. */
  keep(workspaceId: string, purpose: WorkspaceKeyPurpose, key: WorkspaceKey, at: Date): Promise<WorkspaceKey | null>;
}

/** The SecretBox context a workspace key is sealed under. */
export const workspaceKeyContext = (workspaceId: string, purpose: WorkspaceKeyPurpose): string => `workspace_keys:${workspaceId}:${purpose}`;
