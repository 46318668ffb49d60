/** The shop platforms Sapa hears orders from; a new platform is one file beside these, added here. */
import type { ShopPlatform, ShopPlatformMapper } from './platform.js';
import { shopify } from './shopify.js';
import { woocommerce } from './woocommerce.js';

export * from './platform.js';

export const SHOP_MAPPERS: Readonly<Record<ShopPlatform, ShopPlatformMapper>> = { woocommerce, shopify };
export * from './samples.js';
