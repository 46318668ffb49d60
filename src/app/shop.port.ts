/** Shop platform connections (issue 11 part 3): how the use cases reach their rows. */
import type { ShopPlatform } from '../domain/shop/platform.js';

export interface ShopConnectionRecord {
  id: string;
  workspaceId: string;
  platform: ShopPlatform;
  /** The unguessable part of the webhook URL. */
  token: string;
  /** The webhook secret, sealed with the secret box (context: shopSecretContext). */
  secretSealed: string;
  lastReceivedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The secret box context a connection's secret is sealed for: it opens only on its own row. */
export const shopSecretContext = (workspaceId: string, connectionId: string) => `shop:${workspaceId}:${connectionId}`;

export interface ShopConnectionRepo {
  /** The workspace's connections, by platform. */
  list(workspaceId: string): Promise<ShopConnectionRecord[]>;
  get(workspaceId: string, id: string): Promise<ShopConnectionRecord | null>;
  /** The connection a webhook URL names (no workspace: the token is what finds it). */
  findByToken(platform: ShopPlatform, token: string): Promise<ShopConnectionRecord | null>;
  /** Creates it with its id given (the secret is sealed for that id); 'duplicate_platform' when the workspace has one already. */
  create(workspaceId: string, row: { id: string; platform: ShopPlatform; token: string; secretSealed: string }): Promise<ShopConnectionRecord | 'duplicate_platform'>;
  setSecret(workspaceId: string, id: string, secretSealed: string): Promise<ShopConnectionRecord | null>;
  delete(workspaceId: string, id: string): Promise<boolean>;
  /** Notes a notification with a good signature. */
  touch(id: string, at: Date): Promise<void>;
}
