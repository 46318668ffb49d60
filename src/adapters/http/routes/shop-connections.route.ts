/** Shop platform connections: admins see them and use the tester; owners create, change and remove them (they hold a secret). */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { found } from '../../../app/errors.js';
import { changeShopSecret, createShopConnection, deleteShopConnection, mapShopBody, shopConnectionView } from '../../../app/shop-connections.js';
import { IdParams, ShopConnection, ShopConnectionInput, ShopConnectionList, ShopConnectionPatch, ShopMappingTable, ShopPreview, ShopPreviewInput } from '../../../contracts/index.js';
import { SHOP_MAPPERS, SHOP_PLATFORMS } from '../../../domain/shop/index.js';
import type { HttpDeps } from '../context.js';
import { principalOf } from './auth.route.js';

export function shopConnectionRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const box = () => ({ box: deps.channelAccounts.box });
  const shopDeps = () => ({ ...deps, box: deps.channelAccounts.box });
  const baseUrl = (request: FastifyRequest) => deps.publicUrl ?? `${request.protocol}://${request.host}`;
  const tags = ['shop-connections'];

  r.get('/api/v1/shop-connections', { config: { permission: 'channels:read' }, schema: { tags, response: { 200: ShopConnectionList } } }, async (request) => ({
    items: (await deps.store.shopConnections.list(principalOf(request).workspaceId)).map((c) => shopConnectionView(box(), c, baseUrl(request))),
  }));

  r.get('/api/v1/shop-connections/mapping', {
    config: { permission: 'channels:read' }, schema: { tags, summary: 'How each platform\'s notifications become trigger events', response: { 200: ShopMappingTable } },
  }, async () => ({
    items: SHOP_PLATFORMS.map((p) => {
      const m = SHOP_MAPPERS[p];
      return { platform: p, label: m.label, signatureHeader: m.headers.signature, topicHeader: m.headers.topic, topics: [...m.topics], rows: m.table.map((row) => ({ ...row })) };
    }),
  }));

  r.post('/api/v1/shop-connections', {
    config: { permission: 'channels:manage' },
    schema: { tags, summary: 'Connect WooCommerce or Shopify: answers the webhook URL to paste into the platform', body: ShopConnectionInput, response: { 201: ShopConnection } },
  }, async (request, reply) => reply.code(201).send(shopConnectionView(box(), await createShopConnection(shopDeps(), principalOf(request), request.body), baseUrl(request))));

  r.post('/api/v1/shop-connections/preview', {
    config: { permission: 'channels:read' },
    schema: { tags, summary: 'The events a sample notification becomes (or why none); sends and stores nothing', body: ShopPreviewInput, response: { 200: ShopPreview } },
  }, async (request) => mapShopBody(request.body.platform, request.body.topic ?? null, request.body.payload));

  r.get('/api/v1/shop-connections/:id', { config: { permission: 'channels:read' }, schema: { tags, params: IdParams, response: { 200: ShopConnection } } }, async (request) => {
    const p = principalOf(request);
    return shopConnectionView(box(), found(await deps.store.shopConnections.get(p.workspaceId, request.params.id), 'Shop connection'), baseUrl(request));
  });

  r.patch('/api/v1/shop-connections/:id', {
    config: { permission: 'channels:manage' }, schema: { tags, summary: 'Change the webhook secret (the URL stays)', params: IdParams, body: ShopConnectionPatch, response: { 200: ShopConnection } },
  }, async (request) => shopConnectionView(box(), await changeShopSecret(shopDeps(), principalOf(request), request.params.id, request.body.secret), baseUrl(request)));

  r.delete('/api/v1/shop-connections/:id', { config: { permission: 'channels:manage' }, schema: { tags, params: IdParams } }, async (request, reply) => {
    await deleteShopConnection(shopDeps(), principalOf(request), request.params.id);
    return reply.code(204).send();
  });
}
