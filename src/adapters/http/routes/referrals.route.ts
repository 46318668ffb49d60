/**
 * The referral programme (issue 11 part 1; product.md §3): the programme, referrers ranked by
 * referred revenue, a contact's code and link, and the public short link /r/<code> that sends a
 * visitor to the shop's landing URL with the code — only there, so it is no open redirect.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contactReferral, getReferralProgram, referrerRanking, saveReferralProgram, shortLinkTarget } from '../../../app/referrals.js';
import type { ReferralProgramRecord } from '../../../app/referral.port.js';
import { ContactReferral, IdParams, ReferralProgram, ReferralProgramInput, ReferrerList, ReferrerListQuery } from '../../../contracts/index.js';
import { referralLink } from '../../../domain/referral.js';
import type { HttpDeps } from '../context.js';
import { principalOf } from './auth.route.js';

export function referralRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const linkBase = referralLink(deps.publicUrl, '');
  const answer = (p: ReferralProgramRecord) => ({ ...p, updatedAt: p.updatedAt?.toISOString() ?? null, linkBase });

  r.get('/api/v1/referrals/program', {
    config: { permission: 'contacts:read' },
    schema: { tags: ['referrals'], summary: 'The referral programme: on/off, the reward for the referrer, the minimum first paid order, the landing URL', response: { 200: ReferralProgram } },
  }, async (request) => answer(await getReferralProgram(deps, principalOf(request))));

  r.put('/api/v1/referrals/program', {
    config: { permission: 'automations:write' },
    schema: { tags: ['referrals'], summary: 'Saves the referral programme; 422 names a field that cannot work (an empty voucher, a landing URL that is no web address)', body: ReferralProgramInput, response: { 200: ReferralProgram } },
  }, async (request) => answer(await saveReferralProgram(deps, principalOf(request), request.body)));

  r.get('/api/v1/referrals', {
    config: { permission: 'contacts:read' },
    schema: { tags: ['referrals'], summary: 'Referrers ranked by referred revenue (paid orders of the people they referred): referred, paid, revenue, rewards', querystring: ReferrerListQuery, response: { 200: ReferrerList } },
  }, async (request) => ({ items: await referrerRanking(deps, principalOf(request), request.query.limit) }));

  r.get('/api/v1/contacts/:id/referral', {
    config: { permission: 'contacts:read' },
    schema: { tags: ['referrals'], summary: "A contact's referral code and short link (made on first request, then stable), who referred it and how many it referred", params: IdParams, response: { 200: ContactReferral } },
  }, async (request) => contactReferral(deps, principalOf(request), request.params.id));

  app.get<{ Params: { code: string } }>('/r/:code', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
    const code = request.params.code;
    const target = code.length <= 64 ? await shortLinkTarget(deps, code) : null;
    if (!target) {
      return reply.code(404).header('cache-control', 'no-store').type('text/html; charset=utf-8')
        .send('<!doctype html><html lang="id"><meta charset="utf-8"><title>Tautan tidak valid</title><h1>Tautan tidak valid</h1><p>This link is not valid.</p></html>');
    }
    return reply.header('cache-control', 'no-store').redirect(target, 302);
  });
}
