/**
 * Insights (product.md §3): the RFM overview (11 segments, the 5 × 5 recency × frequency grid),
 * the contacts of a segment or a cell, customer value (model, fit, deciles), and recomputing now.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { fitCustomerValue, historicalOf, recomputeInsights, rfmContacts, rfmOverview, valueOverview } from '../../../app/insights.js';
import { requirePermission } from '../../../app/auth.js';
import type { RfmFilter } from '../../../app/insights.port.js';
import { RfmContactList, RfmContactsQuery, RfmOverview, ValueOverview } from '../../../contracts/index.js';
import { decodeCursor, encodeCursor } from '../../../contracts/cursor.js';
import type { Score } from '../../../domain/insights/index.js';
import type { HttpDeps } from '../context.js';
import { principalOf } from './auth.route.js';

export function rfmRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/insights/rfm', {
    config: { permission: 'contacts:read' },
    schema: { tags: ['insights'], summary: 'RFM: count and revenue per segment (11 named segments) and per recency × frequency cell (25)', response: { 200: RfmOverview } },
  }, async (request) => rfmOverview(deps, principalOf(request)));

  r.post('/api/v1/insights/rfm/recompute', {
    config: { permission: 'insights:recompute' },
    schema: { tags: ['insights'], summary: 'Reruns RFM over every paid order and refits the customer-value model now (also done nightly); answers the new overview', response: { 200: RfmOverview } },
  }, async (request) => recomputeInsights(deps, principalOf(request)));

  r.get('/api/v1/insights/rfm/contacts', {
    config: { permission: 'contacts:read' },
    schema: { tags: ['insights'], summary: "A segment's (?segment=) or a grid cell's (?r=&f=) contacts, latest order first, paged by nextCursor", querystring: RfmContactsQuery, response: { 200: RfmContactList } },
  }, async (request) => {
    const q = request.query;
    const filter: RfmFilter = q.segment !== undefined ? { segment: q.segment } : { r: q.r as Score, f: q.f as Score };
    const at = q.cursor ? decodeCursor(q.cursor) : null;
    const page = await rfmContacts(deps, principalOf(request), filter, at ? { at: at.createdAt, id: at.id } : null, q.limit);
    const now = deps.clock.now();
    const last = page.rows[page.rows.length - 1];
    return {
      items: page.rows.map((c) => ({
        id: c.id, name: c.name, phone: c.phone, email: c.email,
        rfm: { r: c.insight.r, f: c.insight.f, m: c.insight.m, segment: c.insight.segment },
        value: { ...historicalOf(c.insight, now), predicted12m: c.insight.predictedValueIdr },
      })),
      nextCursor: page.more && last ? encodeCursor(last.insight.lastOrderAt, last.id) : null,
    };
  });

  r.get('/api/v1/insights/value', {
    config: { permission: 'contacts:read' },
    schema: { tags: ['insights'], summary: 'Customer value: the BG/NBD + Gamma-Gamma model with its fit, and customers in value deciles', response: { 200: ValueOverview } },
  }, async (request) => {
    const v = await valueOverview(deps, principalOf(request));
    return { ...v, deciles: v.deciles.map((d) => ({ decile: d.decile, count: d.count, historical: d.historicalIdr, predicted: d.predictedIdr })) };
  });

  r.post('/api/v1/insights/value/fit', {
    config: { permission: 'insights:recompute' },
    schema: { tags: ['insights'], summary: 'Refits the customer-value model and every predicted 12-month value now (also done nightly)', response: { 200: ValueOverview } },
  }, async (request) => {
    const p = principalOf(request);
    requirePermission(p, 'insights:recompute');
    await fitCustomerValue(deps, p.workspaceId);
    const v = await valueOverview(deps, p);
    return { ...v, deciles: v.deciles.map((d) => ({ decile: d.decile, count: d.count, historical: d.historicalIdr, predicted: d.predictedIdr })) };
  });

}
