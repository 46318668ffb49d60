// Edge cases: a batch's events share contacts by any key; precedence externalId → phone → email;
// keys held by another contact never move; an existing externalId is never replaced.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveContacts, type ContactClaim, type KnownContact } from './contact-resolution.js';

const budi: KnownContact = { id: 'c-budi', externalId: 'C-1', name: 'Budi', phone: '+6281200000001', email: 'budi@example.com' };
const sari: KnownContact = { id: 'c-sari', externalId: null, name: 'Sari', phone: '+6281200000002', email: null };

describe('resolveContacts', () => {
  it('matches by externalId, then phone, then email (case-insensitive)', () => {
    const r = resolveContacts([budi, sari], [
      { externalId: 'C-1' }, { phone: '+6281200000002' }, { email: 'BUDI@example.com' },
    ]);
    expect(r.refs).toEqual([{ kind: 'known', id: 'c-budi' }, { kind: 'known', id: 'c-sari' }, { kind: 'known', id: 'c-budi' }]);
    expect(r.created).toEqual([]);
    expect(r.updated).toEqual([]);
  });

  it('puts events of one new person on one new contact, whichever key they share', () => {
    const r = resolveContacts([], [
      { externalId: 'N-1', phone: '+6281300000001' },
      { phone: '+6281300000001', name: 'Nina' },
      { externalId: 'N-1', email: 'nina@example.com' },
    ]);
    expect(r.created).toEqual([{ externalId: 'N-1', name: 'Nina', phone: '+6281300000001', email: 'nina@example.com' }]);
    expect(r.refs.every((ref) => ref.kind === 'new' && ref.index === 0)).toBe(true);
    expect(r.names).toEqual(['', 'Nina', 'Nina']);
  });

  it('updates what changed, in event order, and reports nothing for equal values', () => {
    const r = resolveContacts([budi], [{ externalId: 'C-1', name: 'Budi Santoso' }, { externalId: 'C-1', name: 'Budi S.' }, { externalId: 'C-1', name: 'Budi S.' }]);
    expect(r.updated).toEqual([{ ...budi, name: 'Budi S.' }]);
    expect(r.names).toEqual(['Budi Santoso', 'Budi S.', 'Budi S.']);
    expect(resolveContacts([budi], [{ externalId: 'C-1', name: 'Budi' }]).updated).toEqual([]);
  });

  it('never moves a phone that another contact holds; the event stays on the contact it matched', () => {
    const r = resolveContacts([budi, sari], [{ externalId: 'C-1', phone: '+6281200000002' }]);
    expect(r.refs).toEqual([{ kind: 'known', id: 'c-budi' }]);
    expect(r.updated).toEqual([]);
    expect(r.clashes).toEqual([{ event: 0, field: 'phone' }]);
  });

  it('fills a missing externalId but never replaces one', () => {
    const filled = resolveContacts([sari], [{ externalId: 'S-9', phone: '+6281200000002' }]);
    expect(filled.updated).toEqual([{ ...sari, externalId: 'S-9' }]);
    const kept = resolveContacts([budi], [{ externalId: 'C-2', phone: '+6281200000001' }]);
    expect(kept.updated).toEqual([]);
    expect(kept.clashes).toEqual([{ event: 0, field: 'externalId' }]);
  });

  it('moves a phone to its new owner when nobody else holds it, freeing the old one within the batch', () => {
    const r = resolveContacts([sari], [{ phone: '+6281200000002', email: 'sari@example.com' }, { externalId: 'X', phone: '+6281200000002' }]);
    expect(r.refs).toEqual([{ kind: 'known', id: 'c-sari' }, { kind: 'known', id: 'c-sari' }]);
    expect(r.updated).toEqual([{ ...sari, email: 'sari@example.com', externalId: 'X' }]);
  });

  it('property: every event gets a contact, keys stay unique across contacts, new contacts carry a key', () => {
    const key = fc.constantFrom('A', 'B', 'C', undefined);
    const phone = fc.constantFrom('+6281', '+6282', '+6283', undefined);
    const email = fc.constantFrom('x@e.com', 'y@e.com', undefined);
    const claim = fc.record({ externalId: key, phone, email, name: fc.constantFrom('', 'N', undefined) })
      .filter((c) => c.externalId !== undefined || c.phone !== undefined || c.email !== undefined);
    fc.assert(fc.property(fc.array(claim, { maxLength: 12 }), (claims) => {
      const r = resolveContacts([budi, sari], claims as ContactClaim[]);
      expect(r.refs).toHaveLength(claims.length);
      const all = [
        ...[budi, sari].map((k) => r.updated.find((u) => u.id === k.id) ?? k),
        ...r.created,
      ];
      const phones = all.map((c) => c.phone).filter((p) => p !== null);
      const externals = all.map((c) => c.externalId).filter((e) => e !== null);
      expect(new Set(phones).size).toBe(phones.length);
      expect(new Set(externals).size).toBe(externals.length);
      for (const c of r.created) expect(c.externalId ?? c.phone ?? c.email).not.toBeNull();
    }));
  });
});
