import { describe, expect, it } from 'vitest';
import { DEFAULT_API_KEY_SCOPES, PERMISSIONS, permissionsOfRole, permissionsOfScopes, ROLE_PERMISSIONS, SCOPE_PERMISSIONS } from './permissions.js';
import { API_KEY_SCOPES, ROLES } from './vocabulary.js';

describe('permission matrix', () => {
  it('is nested: agent ⊂ admin ⊂ owner, and the owner holds every permission', () => {
    const agent = permissionsOfRole('agent');
    const admin = permissionsOfRole('admin');
    const owner = permissionsOfRole('owner');
    for (const p of agent) expect(admin.has(p)).toBe(true);
    for (const p of admin) expect(owner.has(p)).toBe(true);
    expect([...owner].sort()).toEqual([...PERMISSIONS].sort());
  });

  it('agents read and send quick messages but change nothing else', () => {
    const agent = permissionsOfRole('agent');
    expect(agent.has('messages:send')).toBe(true);
    expect(agent.has('contacts:read')).toBe(true);
    for (const p of ['templates:write', 'automations:write', 'contacts:write', 'contacts:import', 'api_keys:manage', 'events:write'] as const) {
      expect(agent.has(p)).toBe(false);
    }
  });

  it('only owners manage the team, channel accounts, workspace settings and read the audit log', () => {
    for (const p of ['members:manage', 'channels:manage', 'workspace:manage', 'audit:read'] as const) {
      expect(ROLES.filter((r) => ROLE_PERMISSIONS[r].includes(p))).toEqual(['owner']);
    }
  });

  it('no scope but admin manages keys, and no scope reaches an owner-only permission', () => {
    for (const s of API_KEY_SCOPES) {
      expect(permissionsOfScopes([s]).has('api_keys:manage')).toBe(s === 'admin');
      for (const p of ['members:manage', 'channels:manage', 'workspace:manage', 'audit:read'] as const) expect(SCOPE_PERMISSIONS[s]).not.toContain(p);
    }
  });

  it('a key gets the union of its scopes; the default only posts events', () => {
    const both = permissionsOfScopes(['events:write', 'messages:read']);
    expect(both.has('events:write') && both.has('messages:read')).toBe(true);
    expect(both.has('contacts:write')).toBe(false);
    expect([...permissionsOfScopes(DEFAULT_API_KEY_SCOPES)].sort()).toEqual(['events:write', 'workspace:read']);
  });
});

describe('personal data and messaging settings', () => {
  it('only owners and admins (and admin keys) export or erase a contact and change the messaging settings', () => {
    for (const p of ['contacts:export', 'contacts:erase', 'settings:messaging'] as const) {
      expect(ROLES.filter((r) => ROLE_PERMISSIONS[r].includes(p)), p).toEqual(['owner', 'admin']);
      expect(API_KEY_SCOPES.filter((s) => SCOPE_PERMISSIONS[s].includes(p)), p).toEqual(['admin']);
    }
  });

  it('agents may tag contacts but not change them otherwise', () => {
    expect(permissionsOfRole('agent').has('contacts:tag')).toBe(true);
    expect(permissionsOfRole('agent').has('contacts:write')).toBe(false);
    expect(permissionsOfScopes(['contacts:write']).has('contacts:tag')).toBe(true);
  });
});
