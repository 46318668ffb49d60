import type { z } from 'zod';
import type { ShopConnection, ShopConnectionInput, ShopMappingTable, ShopPreview, ShopPreviewInput } from '../../../../src/contracts/index.js';
import { api } from '../../shared/api-client.js';

export type ShopMapping = z.infer<typeof ShopMappingTable>;

/** The workspace's shop connections with their webhook URLs (secrets masked). Owners and admins. */
export const listShopConnections = () => api.get<{ items: ShopConnection[] }>('/shop-connections');
/** How each platform's notifications become trigger events. */
export const getShopMapping = () => api.get<ShopMapping>('/shop-connections/mapping');
/** Connects a platform (owners); answers the webhook URL to paste into it. */
export const createShopConnection = (input: z.input<typeof ShopConnectionInput>) => api.post<ShopConnection>('/shop-connections', input);
/** Replaces a connection's webhook secret (owners); the URL stays. */
export const changeShopSecret = (id: string, secret: string) => api.patch<ShopConnection>(`/shop-connections/${id}`, { secret });
export const deleteShopConnection = (id: string) => api.del(`/shop-connections/${id}`);
/** Maps a sample notification as the webhook would; nothing is stored or sent. */
export const previewShopPayload = (input: z.input<typeof ShopPreviewInput>) => api.post<ShopPreview>('/shop-connections/preview', input);
