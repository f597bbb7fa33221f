import { describe, expect, it } from 'vitest';
import type { Grant } from '../api/privacy-types.ts';
import { coveringGrant, grantPhase, usableGrants } from './grant-phase.ts';

const base: Grant = {
  id: 'g1',
  granteeUserId: 'me',
  purpose: 'welfare_visit',
  scope: { kind: 'records', subjectKind: 'person', ids: ['p1'] },
  caseId: null,
  reason: 'elderly visit',
  status: 'approved',
  requestedBy: 'me',
  requestedAt: 0,
  decidedBy: 'lead',
  decidedAt: 10,
  validFrom: 10,
  validUntil: 100,
  revokedAt: null,
  decisionNote: null,
};

describe('grant phases', () => {
  it('splits an approved grant by its window, end exclusive', () => {
    expect([5, 10, 99, 100].map((t) => grantPhase(base, t))).toEqual(['scheduled', 'active', 'active', 'expired']);
  });
  it('keeps the other statuses as they are', () => {
    expect(grantPhase({ ...base, status: 'requested' }, 50)).toBe('requested');
    expect(grantPhase({ ...base, status: 'denied' }, 50)).toBe('denied');
    expect(grantPhase({ ...base, status: 'revoked', revokedAt: 20 }, 50)).toBe('revoked');
  });
});

describe('usable grants and the one covering a record', () => {
  const other: Grant = { ...base, id: 'g2', granteeUserId: 'someone' };
  const entity: Grant = { ...base, id: 'g3', scope: { kind: 'records', subjectKind: 'entity', ids: ['e1'] } };
  const area: Grant = {
    ...base,
    id: 'g4',
    purpose: 'case_handling',
    validUntil: 50,
    scope: { kind: 'jurisdiction', subjectKind: 'person', path: '/c/d/s/' },
  };
  const pending: Grant = { ...base, id: 'g5', status: 'requested' };
  it('only mine, of that kind, in force — soonest ending first', () => {
    expect(usableGrants([base, other, entity, area, pending], 'me', 'person', 20).map((g) => g.id)).toEqual(['g4', 'g1']);
    expect(usableGrants([base, area], 'me', 'person', 60).map((g) => g.id)).toEqual(['g1']);
  });
  it('matches listed records by id and jurisdiction grants by path, for the purpose asked', () => {
    const usable = [base, area];
    expect(coveringGrant(usable, 'welfare_visit', { id: 'p1', jurisdictionPath: '/x/' })?.id).toBe('g1');
    expect(coveringGrant(usable, 'welfare_visit', { id: 'p2', jurisdictionPath: '/c/d/s/g/' })).toBeNull();
    expect(coveringGrant(usable, 'case_handling', { id: 'p2', jurisdictionPath: '/c/d/s/g/' })?.id).toBe('g4');
    expect(coveringGrant(usable, 'case_handling', { id: 'p2', jurisdictionPath: '/c/d/t/' })).toBeNull();
  });
});
