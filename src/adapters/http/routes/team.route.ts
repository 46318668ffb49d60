/** The team (owners only): members, invites; the invite link's public side; the audit log. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { acceptInvite, createMember, inviteInfo, inviteMember, listMembers, revokeInvite, updateMember } from '../../../app/members.js';
import {
  AcceptInviteInput, AuditList, AuditQuery, IdParams, InviteCreated, InviteInfo, InviteInput, InviteToken, Member, MemberInput, MemberList, MemberPatch,
} from '../../../contracts/index.js';
import type { HttpDeps } from '../context.js';
import { auditJson, inviteJson, memberJson } from '../serialize.js';
import { principalOf } from './auth.route.js';

/** Where the web app is reached: SAPA_PUBLIC_URL when set, else the address this request came to. */
function webOrigin(request: FastifyRequest, deps: HttpDeps): string {
  return deps.publicUrl?.replace(/\/+$/, '') ?? `${request.protocol}://${request.host}`;
}

export function teamRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/members', { config: { permission: 'members:manage' }, schema: { tags: ['team'], response: { 200: MemberList } } }, async (request) => {
    const { members, invites } = await listMembers(deps, principalOf(request));
    return { items: members.map(memberJson), invites: invites.map(inviteJson) };
  });

  r.post('/api/v1/members', {
    config: { permission: 'members:manage' },
    schema: { tags: ['team'], summary: 'Adds a member with a first password', body: MemberInput, response: { 201: Member } },
  }, async (request, reply) => reply.code(201).send(memberJson(await createMember(deps, principalOf(request), request.body))));

  r.patch('/api/v1/members/:id', {
    config: { permission: 'members:manage' },
    schema: { tags: ['team'], summary: 'Changes name, role, password (owner reset) or active', params: IdParams, body: MemberPatch, response: { 200: Member } },
  }, async (request) => memberJson(await updateMember(deps, principalOf(request), request.params.id, request.body)));

  r.delete('/api/v1/members/:id', {
    config: { permission: 'members:manage' },
    schema: { tags: ['team'], summary: 'Deactivates a member: no more logins, their sessions end at once', params: IdParams, response: { 200: Member } },
  }, async (request) => memberJson(await updateMember(deps, principalOf(request), request.params.id, { active: false })));

  r.post('/api/v1/members/invite', {
    config: { permission: 'members:manage' },
    schema: { tags: ['team'], summary: 'Creates a one-time invite link (shown once) to copy to the new member', body: InviteInput, response: { 201: InviteCreated } },
  }, async (request, reply) => {
    const { invite, token } = await inviteMember(deps, principalOf(request), request.body);
    // The token rides after '#': browsers never send the fragment, so it stays out of every access log.
    return reply.code(201).send({ ...inviteJson(invite), token, link: `${webOrigin(request, deps)}/undangan#${token}` });
  });

  r.delete('/api/v1/members/invites/:id', {
    config: { permission: 'members:manage' },
    schema: { tags: ['team'], summary: 'Withdraws a pending invite', params: IdParams },
  }, async (request, reply) => {
    await revokeInvite(deps, principalOf(request), request.params.id);
    return reply.code(204).send();
  });

  r.post('/api/v1/members/invite/info', {
    config: { public: true },
    schema: { tags: ['team'], summary: 'What an invite link is for (the token is the credential)', body: InviteToken, response: { 200: InviteInfo } },
  }, async (request) => {
    const info = await inviteInfo(deps, request.body.token);
    return { ...info, expiresAt: info.expiresAt.toISOString() };
  });

  r.post('/api/v1/members/invite/accept', {
    config: { public: true },
    schema: { tags: ['team'], summary: 'Accepts an invite: sets your name and password; then log in', body: AcceptInviteInput, response: { 201: Member } },
  }, async (request, reply) => {
    const user = await acceptInvite(deps, { ...request.body, address: request.ip });
    return reply.code(201).send(memberJson(user));
  });

  r.get('/api/v1/audit', {
    config: { permission: 'audit:read' },
    schema: { tags: ['team'], summary: 'The audit log, newest first', querystring: AuditQuery, response: { 200: AuditList } },
  }, async (request) => {
    const p = principalOf(request);
    const page = await deps.store.audit.list(p.workspaceId, {
      limit: request.query.limit, ...(request.query.cursor ? { cursor: request.query.cursor } : {}), ...(request.query.action ? { action: request.query.action } : {}),
    });
    return { items: page.items.map(auditJson), nextCursor: page.nextCursor };
  });
}
