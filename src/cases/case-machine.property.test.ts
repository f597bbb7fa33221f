import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTransitionError, transition } from './case-machine.ts';
import { newCase } from './case-new.ts';
import { CASE_STATES, FINAL_STATES } from './case-types.ts';
import type { Actor, Case, CaseCommand, CaseEventType, CaseState } from './case-types.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2025, 2, 14, 1); // Friday 2025-03-14 09:00 Shanghai

const ACTORS = {
  system: { id: 'system', roles: ['system'], scopePath: '/', unitId: null, system: true },
  dispatcher: { id: 'd1', roles: ['dispatcher'], scopePath: '/sh/hp/nj/', unitId: null },
  lead: { id: 'l1', roles: ['shift_lead'], scopePath: '/sh/hp/nj/', unitId: null },
  districtLead: { id: 'l2', roles: ['shift_lead'], scopePath: '/sh/hp/', unitId: null },
  handler: { id: 'h1', roles: ['handler'], scopePath: '/sh/', unitId: 'u1' },
  otherHandler: { id: 'h2', roles: ['handler'], scopePath: '/sh/', unitId: 'u2' },
  inspector: { id: 'i1', roles: ['inspector'], scopePath: '/sh/hp/nj/', unitId: null },
  outsider: { id: 'x1', roles: ['dispatcher', 'shift_lead', 'handler'], scopePath: '/sh/jd/', unitId: 'u1' },
} satisfies Record<string, Actor>;
type ActorName = keyof typeof ACTORS;

const COUNTERS = [
  'dispatchCount',
  'returnCount',
  'reworkCount',
  'extensionCount',
  'escalationCount',
  'overdueCount',
  'reportCount',
] as const;

function start(): Case {
  return newCase(
    {
      id: 'c1',
      code: '310101-20250314-0001',
      source: 'citizen',
      sourceRef: null,
      category: 'E0102',
      urgency: 'normal',
      description: 'garbage',
      location: { lon: 121.48, lat: 31.24, address: null },
      jurisdictionId: 'g1',
      jurisdictionPath: '/sh/hp/nj/g1/',
      centreId: 'nj',
      centreLevel: 'street',
      centrePath: '/sh/hp/nj/',
      reporterId: null,
      createdBy: null,
    },
    T0,
  ).case;
}

/** A command built at the time it is given (review dates and deadlines are relative to it). */
type MakeCommand = (now: number) => CaseCommand;

const text = fc.constantFrom('because', '', ' ');
const offset = fc.integer({ min: -HOUR, max: 10 * DAY });
const anyCommand: fc.Arbitrary<MakeCommand> = fc.oneof(
  fc
    .record({
      category: fc.constantFrom(undefined, 'E0102', 'P0101', 'Z9999'),
      urgency: fc.constantFrom(undefined, 'urgent' as const, 'normal' as const),
    })
    .map((p) => (): CaseCommand => ({ type: 'file', ...p })),
  text.map((reason) => (): CaseCommand => ({ type: 'reject', reason })),
  fc.record({ masterId: fc.constantFrom('c0', 'c1'), reason: text }).map((p) => (): CaseCommand => ({ type: 'merge', ...p })),
  text.map((reason) => (): CaseCommand => ({ type: 'void', reason })),
  fc
    .record({
      unitId: fc.constantFrom('u1', 'u2'),
      suggestedUnitId: fc.constantFrom('u1', null),
      overrideReason: fc.constantFrom(undefined, 'closer'),
    })
    .map((p) => (): CaseCommand => ({ type: 'dispatch', ...p })),
  fc.constant((): CaseCommand => ({ type: 'accept' })),
  text.map((reason) => (): CaseCommand => ({ type: 'return', reason })),
  text.map((result) => (): CaseCommand => ({ type: 'handle', result })),
  fc.record({ passed: fc.boolean(), note: text }).map((p) => (): CaseCommand => ({ type: 'verify', ...p })),
  fc.constant((): CaseCommand => ({ type: 'close' })),
  fc
    .record({ amount: fc.constantFrom(0, 1, 4), unit: fc.constantFrom('working_hours' as const, 'calendar_hours' as const), reason: text })
    .map(({ amount, unit, reason }) => (): CaseCommand => ({ type: 'request_extension', extra: { amount, unit }, reason })),
  fc.boolean().map((approve) => (): CaseCommand => ({ type: 'decide_extension', approve })),
  fc
    .record({ reason: text, dt: offset })
    .map(({ reason, dt }) => (now: number): CaseCommand => ({ type: 'park', reason, reviewAt: now + dt })),
  fc.constant((): CaseCommand => ({ type: 'resume' })),
  text.map((reason) => (): CaseCommand => ({ type: 'reopen', reason })),
  fc
    .constantFrom(['street', '/sh/hp/nj/'] as const, ['district', '/sh/hp/'] as const, ['city', '/sh/'] as const)
    .map(([level, path]) => (): CaseCommand => ({
      type: 'escalate',
      reason: 'big',
      toCentreId: level,
      toCentreLevel: level,
      toCentrePath: path,
    })),
  fc
    .record({ reason: text, dt: offset })
    .map(({ reason, dt }) => (now: number): CaseCommand => ({ type: 'set_deadline', reason, dueAt: now + dt })),
  fc.constant((): CaseCommand => ({ type: 'mark_overdue' })),
  fc.constant((): CaseCommand => ({ type: 'add_report', duplicateId: 'c2' })),
  fc.constantFrom(0, 3, 5).map((satisfaction) => (): CaseCommand => ({ type: 'evaluate', satisfaction })),
  text.map((note) => (): CaseCommand => ({ type: 'comment', note })),
);

/**
 * The next step of the loop from a state and who gives it, so runs get past the first few
 * states; `detour` sometimes takes a side road (park, return, extension, escalation, void).
 */
function loopStep(c: Case, passed: boolean, detour: number, now: number): [CaseCommand, ActorName] {
  const park: [CaseCommand, ActorName] = [{ type: 'park', reason: 'budget', reviewAt: now + DAY }, 'districtLead'];
  switch (c.state) {
    case 'reported':
      if (detour === 0)
        return [{ type: 'escalate', reason: 'big', toCentreId: 'hp', toCentreLevel: 'district', toCentrePath: '/sh/hp/' }, 'system'];
      return [{ type: 'file' }, 'dispatcher'];
    case 'filed':
      return detour === 0 ? park : [{ type: 'dispatch', unitId: 'u1', suggestedUnitId: 'u1' }, 'system'];
    case 'dispatched':
      if (detour === 1) return [{ type: 'return', reason: 'not ours' }, 'handler'];
      return detour === 0 ? park : [{ type: 'accept' }, 'handler'];
    case 'accepted':
      if (c.extension !== null && detour < 5) return [{ type: 'decide_extension', approve: passed }, 'districtLead'];
      if (detour === 1 || detour === 2)
        return [{ type: 'request_extension', extra: { amount: 2, unit: 'working_hours' }, reason: 'parts' }, 'handler'];
      if (detour === 3) return [{ type: 'mark_overdue' }, 'system'];
      return detour === 0 ? park : [{ type: 'handle', result: 'done' }, 'handler'];
    case 'handled':
      return [{ type: 'verify', passed, note: 'checked' }, 'inspector'];
    case 'verified':
      return [{ type: 'close' }, 'districtLead'];
    case 'parked':
      return detour === 0 ? [{ type: 'void', reason: 'hopeless' }, 'districtLead'] : [{ type: 'resume' }, 'districtLead'];
    case 'closed':
      return detour < 3 ? [{ type: 'evaluate', satisfaction: 4 }, 'system'] : [{ type: 'reopen', reason: 'again' }, 'districtLead'];
    case 'rejected':
    case 'merged':
    case 'voided':
      return [{ type: 'comment', note: 'final' }, 'system'];
  }
}

const dt = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 3 * HOUR }) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 4 * DAY }) },
  { weight: 1, arbitrary: fc.integer({ min: -HOUR, max: -1 }) },
);
const step = fc.record({
  // Mostly the loop (so runs get far), often a random command from a random actor (so refusals and odd orders happen).
  loop: fc.integer({ min: 0, max: 9 }).map((n) => n < 7),
  passed: fc.boolean(),
  detour: fc.integer({ min: 0, max: 9 }),
  make: anyCommand,
  actor: fc.constantFrom(...(Object.keys(ACTORS) as ActorName[])),
  dt,
});

describe('the case state machine under random commands', () => {
  it('keeps its invariants', () => {
    const reached = new Set<CaseState>();
    const happened = new Set<CaseEventType>();
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 60, size: 'max' }), (steps) => {
        let c = start();
        let clock = c.updatedAt;
        const log: CaseEventType[] = ['reported'];
        for (const s of steps) {
          // The clock never goes back; a negative step is one command stamped in the past (a skewed client).
          if (s.dt >= 0) clock += s.dt;
          const now = clock + Math.min(0, s.dt);
          const [command, actorName] = s.loop ? loopStep(c, s.passed, s.detour, now) : [s.make(now), s.actor];
          const before = structuredClone(c);
          const r = transition(c, command, ACTORS[actorName], now);
          if (isTransitionError(r)) {
            expect(c).toEqual(before);
            if (now < c.updatedAt) expect(r.error.code === 'CASE_CLOCK_BACKWARDS' || r.error.status === 403).toBe(true);
            continue;
          }
          const next = r.case;
          expect(c).toEqual(before); // the input is never changed
          expect(next.version).toBe(c.version + 1);
          expect(next.updatedAt).toBe(now);
          expect(next.updatedAt).toBeGreaterThanOrEqual(c.updatedAt);
          expect(r.events.length).toBeGreaterThan(0);
          for (const e of r.events) expect(e).toMatchObject({ at: now, actorId: ACTORS[actorName].id });
          for (const k of COUNTERS) expect(next[k]).toBeGreaterThanOrEqual(c[k]);
          log.push(...r.events.map((e) => e.type));
          for (const e of r.events) happened.add(e.type);
          c = next;
          reached.add(c.state);
          expect(CASE_STATES).toContain(c.state);
          expect(c.step === null).toBe((FINAL_STATES as readonly CaseState[]).includes(c.state));
          expect(c.state === 'parked').toBe(c.parkedFrom !== null);
          expect(c.step !== null && c.step.pausedRemainingMs !== null).toBe(c.state === 'parked');
          if (c.state === 'closed') {
            const lastVerified = log.lastIndexOf('verified');
            expect(lastVerified).toBeGreaterThan(Math.max(log.lastIndexOf('rework'), log.lastIndexOf('reopened')));
          }
        }
      }),
      { numRuns: 200 },
    );
    // The runs must get around the loop and down its side roads, or the invariants above say little.
    const states: CaseState[] = ['filed', 'dispatched', 'accepted', 'handled', 'verified', 'closed', 'parked', 'voided'];
    for (const st of states) expect(reached).toContain(st);
    const sideRoads: CaseEventType[] = [
      'returned',
      'rework',
      'extension_approved',
      'extension_denied',
      'overdue',
      'resumed',
      'escalated',
      'reopened',
      'evaluated',
    ];
    for (const t of sideRoads) expect(happened).toContain(t);
  }, 15_000); // ~2 s alone; the margin is for a busy shared machine
});
