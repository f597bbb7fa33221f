import { describe, expect, it } from 'vitest';
import type { Case } from '../api/types.ts';
import { centreJurisdictionId, offeredCommands, pathContains, type ActorView } from './actions.ts';

const base: Case = {
  id: 'c1',
  code: '310101-20261127-0001',
  source: 'inspector',
  sourceRef: null,
  category: 'E0101',
  urgency: 'normal',
  state: 'reported',
  parkedFrom: null,
  stateReason: null,
  reviewAt: null,
  description: 'x',
  location: { lon: 121.48, lat: 31.24, address: null },
  jurisdictionId: 'grid',
  jurisdictionPath: '/city/district/street/grid/',
  centreId: 'street-centre',
  centreLevel: 'street',
  centrePath: '/city/district/street/',
  unitId: null,
  suggestedUnitId: 'squad',
  masterId: null,
  reportCount: 1,
  reporterId: null,
  step: { step: 'dispatch', startedAt: 0, dueAt: 1, limit: { amount: 1, unit: 'working_hours' }, pausedRemainingMs: null, overdueAt: null },
  extension: null,
  dispatchCount: 0,
  returnCount: 0,
  reworkCount: 0,
  extensionCount: 0,
  escalationCount: 0,
  overdueCount: 0,
  reportedAt: 0,
  filedAt: null,
  firstDispatchedAt: null,
  dispatchedAt: null,
  acceptedAt: null,
  handledAt: null,
  handleDueAt: null,
  handledOnTime: null,
  verifiedAt: null,
  closedAt: null,
  closedOnTime: null,
  satisfaction: null,
  createdBy: null,
  updatedAt: 0,
  version: 1,
  status: null,
};

const streetDispatcher: ActorView = { roles: ['dispatcher'], scopeId: 'street', unitId: 'street-centre' };
const districtLead: ActorView = { roles: ['shift_lead'], scopeId: 'district', unitId: 'district-centre' };
const squad: ActorView = { roles: ['handler'], scopeId: 'street', unitId: 'squad' };
const inspector: ActorView = { roles: ['inspector'], scopeId: 'street', unitId: 'street-centre' };
const otherStreet: ActorView = { roles: ['dispatcher'], scopeId: 'street-2', unitId: 'x' };

describe('commands offered on the case page', () => {
  it('a reported case: the desk files or rejects; the lead may also void, escalate and set a deadline', () => {
    expect(offeredCommands(base, streetDispatcher)).toEqual(['file', 'reject', 'escalate']);
    expect(offeredCommands(base, districtLead)).toEqual(['file', 'reject', 'escalate', 'set_deadline', 'void']);
    expect(offeredCommands(base, squad)).toEqual([]);
  });
  it('nobody acts outside their scope', () => {
    expect(offeredCommands({ ...base, state: 'filed' }, otherStreet)).toEqual([]);
  });
  it('a dispatched case: only its unit accepts, returns or asks for more time', () => {
    const c: Case = { ...base, state: 'dispatched', unitId: 'squad' };
    expect(offeredCommands(c, squad)).toEqual(['accept', 'request_extension', 'return']);
    expect(offeredCommands(c, { ...squad, unitId: 'water' })).toEqual([]);
    expect(offeredCommands(c, streetDispatcher)).toEqual(['dispatch', 'escalate']);
  });
  it('extensions: one request at a time; a second extension is decided by a shift lead', () => {
    const ext = { requestedAt: 0, requestedBy: 'u', extra: { amount: 1, unit: 'working_days' as const }, reason: 'r' };
    const c: Case = { ...base, state: 'accepted', unitId: 'squad', extension: ext };
    expect(offeredCommands(c, squad)).toEqual(['handle']);
    expect(offeredCommands(c, streetDispatcher)).toContain('decide_extension');
    expect(offeredCommands({ ...c, extensionCount: 1 }, streetDispatcher)).not.toContain('decide_extension');
    expect(offeredCommands({ ...c, extensionCount: 1 }, districtLead)).toContain('decide_extension');
  });
  it('after escalation to the district, the street desk no longer closes it; an inspector still verifies', () => {
    const c: Case = { ...base, state: 'verified', centreLevel: 'district', centrePath: '/city/district/' };
    expect(offeredCommands(c, streetDispatcher)).toEqual([]);
    expect(offeredCommands(c, districtLead)).toContain('close');
    expect(offeredCommands({ ...c, state: 'handled' }, inspector)).toEqual(['verify']);
  });
  it('a closed case is evaluated once and may be reopened by a lead', () => {
    const c: Case = { ...base, state: 'closed', step: null };
    expect(offeredCommands(c, districtLead)).toEqual(['reopen', 'evaluate']);
    expect(offeredCommands({ ...c, satisfaction: 4 }, districtLead)).toEqual(['reopen']);
  });
  it('paths and centres', () => {
    expect(pathContains('/city/district/street/', 'district')).toBe(true);
    expect(pathContains('/city/district/street/', 'dist')).toBe(false);
    expect(centreJurisdictionId(base)).toBe('street');
  });
});
