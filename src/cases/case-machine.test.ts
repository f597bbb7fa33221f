import { describe, expect, it } from 'vitest';
import { CHINA_WORKING_CALENDAR as CAL } from './calendar-data.ts';
import { addDuration } from './calendar-model.ts';
import { transition, isTransitionError } from './case-machine.ts';
import { newCase, type NewCaseInput } from './case-new.ts';
import type { Actor, Case, CaseCommand, TransitionError, TransitionResult } from './case-types.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;

/** Shanghai wall-clock time (UTC+8) as UTC ms. */
function sh(y: number, mo: number, d: number, h = 0, mi = 0): number {
  return Date.UTC(y, mo - 1, d, h - 8, mi);
}

const T0 = sh(2025, 3, 10, 9); // Monday 2025-03-10 09:00

const SYSTEM: Actor = { id: 'system', roles: ['system'], scopePath: '/', unitId: null, system: true };
const dispatcher: Actor = { id: 'd1', roles: ['dispatcher'], scopePath: '/sh/hp/nj/', unitId: null };
const lead: Actor = { id: 'l1', roles: ['shift_lead'], scopePath: '/sh/hp/nj/', unitId: null };
const districtLead: Actor = { id: 'l2', roles: ['shift_lead'], scopePath: '/sh/hp/', unitId: null };
const handler: Actor = { id: 'h1', roles: ['handler'], scopePath: '/sh/', unitId: 'u1' };
const otherHandler: Actor = { id: 'h2', roles: ['handler'], scopePath: '/sh/', unitId: 'u2' };
const inspector: Actor = { id: 'i1', roles: ['inspector'], scopePath: '/sh/hp/nj/g1/', unitId: null };
const intake: Actor = { id: 'k1', roles: ['intake'], scopePath: '/sh/', unitId: null };
const outsider: Actor = { id: 'x1', roles: ['dispatcher', 'shift_lead'], scopePath: '/sh/jd/', unitId: null };

const INPUT: NewCaseInput = {
  id: 'c1',
  code: '310101-20250310-0001',
  source: 'hotline',
  sourceRef: null,
  category: 'E0102', // 暴露垃圾: normal 4 working hours
  urgency: 'normal',
  description: 'garbage on the pavement',
  location: { lon: 121.48, lat: 31.24, address: '南京东路 1 号' },
  jurisdictionId: 'c1j',
  jurisdictionPath: '/sh/hp/nj/g1/c1/',
  centreId: 'centre-nj',
  centreLevel: 'street',
  centrePath: '/sh/hp/nj/',
  reporterId: null,
  createdBy: 'k1',
};

function ok(r: TransitionResult | TransitionError): TransitionResult {
  if (isTransitionError(r)) throw new Error(`refused: ${r.error.code} ${r.error.message}`);
  return r;
}

function refused(r: TransitionResult | TransitionError): TransitionError['error'] {
  if (!isTransitionError(r)) throw new Error(`expected a refusal, got state ${r.case.state}`);
  return r.error;
}

/** Runs commands one minute apart from the case's last change. */
function run(c: Case, ...steps: [CaseCommand, Actor][]): Case {
  return steps.reduce((acc, [cmd, actor]) => ok(transition(acc, cmd, actor, acc.updatedAt + MIN)).case, c);
}

const reported = (): Case => newCase(INPUT, T0).case;
const filed = (): Case => run(reported(), [{ type: 'file' }, dispatcher]);
const dispatched = (): Case => run(filed(), [{ type: 'dispatch', unitId: 'u1', suggestedUnitId: 'u1' }, dispatcher]);
const accepted = (): Case => run(dispatched(), [{ type: 'accept' }, handler]);
const handled = (): Case => run(accepted(), [{ type: 'handle', result: 'cleared' }, handler]);
const verified = (): Case => run(handled(), [{ type: 'verify', passed: true, note: 'clean now' }, inspector]);
const closed = (): Case => run(verified(), [{ type: 'close' }, dispatcher]);
const at = (c: Case, dt = MIN): number => c.updatedAt + dt;

describe('newCase', () => {
  it('makes a reported case, version 1, with its reported entry and a running dispatch step', () => {
    const { case: c, events } = newCase(INPUT, T0);
    expect(c).toMatchObject({ state: 'reported', version: 1, reportCount: 1, reportedAt: T0, updatedAt: T0, unitId: null });
    expect(c.step).toEqual({
      step: 'dispatch',
      startedAt: T0,
      dueAt: T0 + 30 * MIN,
      limit: { amount: 30, unit: 'calendar_minutes' },
      pausedRemainingMs: null,
      overdueAt: null,
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'reported',
      at: T0,
      actorId: 'k1',
      before: {},
      after: { state: 'reported', category: 'E0102' },
    });
    expect(newCase({ ...INPUT, createdBy: null, urgency: 'urgent' }, T0).events[0]).toMatchObject({
      actorId: 'system',
      actorRoles: ['system'],
    });
    expect(newCase({ ...INPUT, urgency: 'urgent' }, T0).case.step?.dueAt).toBe(T0 + 10 * MIN);
  });
});

describe('every transition', () => {
  it('stamps updatedAt and version and records only the changed fields', () => {
    const c = reported();
    const r = ok(transition(c, { type: 'file', note: ' looks real ' }, dispatcher, at(c)));
    expect(r.case).toMatchObject({ state: 'filed', filedAt: at(c), updatedAt: at(c), version: 2 });
    expect(r.events).toEqual([
      {
        type: 'filed',
        at: at(c),
        actorId: 'd1',
        actorRoles: ['dispatcher'],
        note: 'looks real',
        attachments: [],
        before: { state: 'reported', filedAt: null },
        after: { state: 'filed', filedAt: at(c) },
      },
    ]);
    expect(c.state).toBe('reported'); // the input is untouched
  });

  it('refuses a clock that runs backwards, an unknown command, and strangers', () => {
    const c = reported();
    expect(refused(transition(c, { type: 'file' }, dispatcher, c.updatedAt - 1))).toMatchObject({
      status: 409,
      code: 'CASE_CLOCK_BACKWARDS',
    });
    expect(refused(transition(c, { type: 'teleport' } as unknown as CaseCommand, dispatcher, at(c)))).toMatchObject({
      status: 422,
      code: 'CASE_INVALID_COMMAND',
      field: 'type',
    });
    expect(refused(transition(c, { type: 'file' }, outsider, at(c)))).toMatchObject({ status: 403, code: 'CASE_FORBIDDEN' });
    expect(refused(transition(c, { type: 'file' }, handler, at(c)))).toMatchObject({ status: 403, code: 'CASE_FORBIDDEN' });
  });

  it('names the state and the command when the state does not take it', () => {
    const e = refused(transition(filed(), { type: 'file' }, dispatcher, at(filed(), HOUR)));
    expect(e).toMatchObject({ status: 409, code: 'CASE_ILLEGAL_COMMAND' });
    expect(e.message).toContain('filed');
    expect(e.message).toContain('file');
  });
});

describe('filing, rejecting, merging, voiding', () => {
  it('files with a new category and urgency; the dispatch step keeps running', () => {
    const c = reported();
    const r = ok(transition(c, { type: 'file', category: 'P0101', urgency: 'urgent' }, SYSTEM, at(c)));
    expect(r.case).toMatchObject({ category: 'P0101', urgency: 'urgent' });
    expect(r.case.step).toEqual(c.step);
    expect(refused(transition(c, { type: 'file', category: 'Z9999' }, dispatcher, at(c)))).toMatchObject({
      status: 422,
      code: 'CASE_INVALID_COMMAND',
      field: 'category',
    });
  });

  it('rejects with a reason only', () => {
    const c = reported();
    expect(refused(transition(c, { type: 'reject', reason: '  ' }, dispatcher, at(c)))).toMatchObject({
      status: 422,
      code: 'CASE_REASON_REQUIRED',
      field: 'reason',
    });
    const r = ok(transition(c, { type: 'reject', reason: 'not city business' }, dispatcher, at(c)));
    expect(r.case).toMatchObject({ state: 'rejected', step: null, stateReason: 'not city business' });
    expect(refused(transition(c, { type: 'reject', reason: 'x' }, SYSTEM, at(c)))).toMatchObject({ code: 'CASE_FORBIDDEN' });
  });

  it('merges into another case, never itself', () => {
    const c = filed();
    expect(refused(transition(c, { type: 'merge', masterId: 'c1', reason: 'dup' }, dispatcher, at(c)))).toMatchObject({
      code: 'CASE_INVALID_COMMAND',
      field: 'masterId',
    });
    const r = ok(transition(c, { type: 'merge', masterId: 'c0', reason: 'same pile' }, SYSTEM, at(c)));
    expect(r.case).toMatchObject({ state: 'merged', masterId: 'c0', step: null });
    expect(
      refused(transition(dispatched(), { type: 'merge', masterId: 'c0', reason: 'x' }, dispatcher, at(dispatched(), HOUR))),
    ).toMatchObject({ code: 'CASE_ILLEGAL_COMMAND' });
  });

  it('voids any open case, shift lead only', () => {
    const parked = run(accepted(), [{ type: 'park', reason: 'needs budget', reviewAt: T0 + 30 * 24 * HOUR }, lead]);
    expect(refused(transition(parked, { type: 'void', reason: 'x' }, dispatcher, at(parked)))).toMatchObject({ code: 'CASE_FORBIDDEN' });
    const r = ok(transition(parked, { type: 'void', reason: 'entered twice' }, lead, at(parked)));
    expect(r.case).toMatchObject({ state: 'voided', step: null, parkedFrom: null, reviewAt: null });
    expect(refused(transition(closed(), { type: 'void', reason: 'x' }, lead, at(closed(), HOUR)))).toMatchObject({
      code: 'CASE_ILLEGAL_COMMAND',
    });
  });
});

describe('dispatching and the unit', () => {
  it('dispatches to the suggested unit and starts the handling step', () => {
    const c = filed();
    const r = ok(transition(c, { type: 'dispatch', unitId: 'u1', suggestedUnitId: 'u1' }, dispatcher, at(c)));
    const due = addDuration(at(c), { amount: 4, unit: 'working_hours' }, CAL);
    expect(r.case).toMatchObject({
      state: 'dispatched',
      unitId: 'u1',
      dispatchCount: 1,
      firstDispatchedAt: at(c),
      dispatchedAt: at(c),
      handleDueAt: due,
    });
    expect(r.case.step).toMatchObject({ step: 'handle', startedAt: at(c), dueAt: due, limit: { amount: 4, unit: 'working_hours' } });
  });

  it('needs a reason to override the suggestion, and records it', () => {
    const c = filed();
    const cmd: CaseCommand = { type: 'dispatch', unitId: 'u2', suggestedUnitId: 'u1' };
    expect(refused(transition(c, cmd, dispatcher, at(c)))).toMatchObject({
      status: 422,
      code: 'CASE_REASON_REQUIRED',
      field: 'overrideReason',
    });
    const r = ok(transition(c, { ...cmd, overrideReason: 'u2 owns this pavement', note: 'by phone' }, dispatcher, at(c)));
    expect(r.events[0]?.note).toBe('by phone · override: u2 owns this pavement');
    expect(ok(transition(c, { type: 'dispatch', unitId: 'u2', suggestedUnitId: null }, dispatcher, at(c))).case.unitId).toBe('u2');
    expect(refused(transition(c, { type: 'dispatch', unitId: ' ', suggestedUnitId: null }, dispatcher, at(c)))).toMatchObject({
      field: 'unitId',
    });
  });

  it('re-dispatches an accepted case, keeping the first dispatch time', () => {
    const c = accepted();
    const r = ok(transition(c, { type: 'dispatch', unitId: 'u2', suggestedUnitId: 'u1', overrideReason: 'wrong unit' }, lead, at(c, HOUR)));
    expect(r.case).toMatchObject({
      state: 'dispatched',
      unitId: 'u2',
      dispatchCount: 2,
      firstDispatchedAt: c.firstDispatchedAt,
      acceptedAt: null,
    });
  });

  it('lets only the unit accept, return and handle', () => {
    const c = dispatched();
    expect(refused(transition(c, { type: 'accept' }, otherHandler, at(c)))).toMatchObject({ status: 403, code: 'CASE_FORBIDDEN' });
    expect(refused(transition(c, { type: 'accept' }, dispatcher, at(c)))).toMatchObject({ code: 'CASE_FORBIDDEN' });
    expect(refused(transition(filed(), { type: 'accept' }, { ...handler, unitId: null }, at(c)))).toMatchObject({ code: 'CASE_FORBIDDEN' });
    expect(ok(transition(c, { type: 'accept' }, { ...handler, roles: ['community_worker'] }, at(c))).case).toMatchObject({
      state: 'accepted',
      acceptedAt: at(c),
    });
  });

  it('returns to the centre with a reason and restarts the dispatch step', () => {
    const c = dispatched();
    expect(refused(transition(c, { type: 'return', reason: '' }, handler, at(c)))).toMatchObject({
      code: 'CASE_REASON_REQUIRED',
      field: 'reason',
    });
    const r = ok(transition(c, { type: 'return', reason: 'not ours' }, handler, at(c)));
    expect(r.case).toMatchObject({ state: 'filed', unitId: null, returnCount: 1, stateReason: 'not ours', handleDueAt: null });
    expect(r.case.step).toMatchObject({ step: 'dispatch', startedAt: at(c), dueAt: at(c) + 30 * MIN });
  });

  it('handles with a result, on time or late, and starts the verify step', () => {
    const c = run(accepted(), [{ type: 'request_extension', extra: { amount: 1, unit: 'working_days' }, reason: 'parts' }, handler]);
    expect(refused(transition(c, { type: 'handle', result: ' ' }, handler, at(c)))).toMatchObject({
      code: 'CASE_REASON_REQUIRED',
      field: 'result',
    });
    const r = ok(transition(c, { type: 'handle', result: 'cleared', attachments: ['p1'] }, handler, at(c)));
    expect(r.case).toMatchObject({ state: 'handled', handledAt: at(c), handledOnTime: true, extension: null });
    expect(r.case.step).toMatchObject({ step: 'verify', dueAt: addDuration(at(c), { amount: 1, unit: 'working_hours' }, CAL) });
    expect(r.events[0]).toMatchObject({ note: 'cleared', attachments: ['p1'] });
    const late = c.step ? c.step.dueAt + MIN : 0;
    expect(ok(transition(c, { type: 'handle', result: 'cleared' }, handler, late)).case.handledOnTime).toBe(false);
  });
});

describe('verifying, closing, reopening, evaluating', () => {
  it('verifies with a note: pass starts the close step, fail is rework with the full limit', () => {
    const c = handled();
    expect(refused(transition(c, { type: 'verify', passed: true, note: '' }, inspector, at(c)))).toMatchObject({
      code: 'CASE_REASON_REQUIRED',
      field: 'note',
    });
    expect(
      refused(transition(c, { type: 'verify', passed: true, note: 'ok' }, { ...inspector, scopePath: '/sh/hp/nj/g2/' }, at(c))),
    ).toMatchObject({ code: 'CASE_FORBIDDEN' });
    expect(ok(transition(c, { type: 'verify', passed: true, note: 'ok' }, inspector, at(c))).case).toMatchObject({
      state: 'verified',
      verifiedAt: at(c),
    });
    const r = ok(transition(c, { type: 'verify', passed: false, note: 'still there' }, dispatcher, at(c)));
    const due = addDuration(at(c), { amount: 4, unit: 'working_hours' }, CAL);
    expect(r.case).toMatchObject({ state: 'accepted', reworkCount: 1, handledAt: null, handledOnTime: null, handleDueAt: due });
    expect(r.case.step).toMatchObject({ step: 'handle', startedAt: at(c), dueAt: due });
    expect(r.events[0]?.type).toBe('rework');
  });

  it('closes on time unless a step went overdue', () => {
    const c = verified();
    expect(refused(transition(c, { type: 'close' }, handler, at(c)))).toMatchObject({ code: 'CASE_FORBIDDEN' });
    expect(ok(transition(c, { type: 'close' }, lead, at(c))).case).toMatchObject({
      state: 'closed',
      closedAt: at(c),
      closedOnTime: true,
      step: null,
    });
    expect(ok(transition({ ...c, overdueCount: 1 }, { type: 'close' }, lead, at(c))).case.closedOnTime).toBe(false);
  });

  it('reopens a closed case: back to filed, the unit kept as the suggestion', () => {
    const c = closed();
    expect(refused(transition(c, { type: 'reopen', reason: 'back again' }, dispatcher, at(c)))).toMatchObject({ code: 'CASE_FORBIDDEN' });
    const r = ok(transition(c, { type: 'reopen', reason: 'back again' }, lead, at(c)));
    expect(r.case).toMatchObject({
      state: 'filed',
      unitId: null,
      suggestedUnitId: 'u1',
      verifiedAt: null,
      closedAt: null,
      closedOnTime: null,
    });
    expect(r.case.step).toMatchObject({ step: 'dispatch', startedAt: at(c) });
  });

  it('takes one evaluation of 1–5 after closing', () => {
    const c = closed();
    for (const s of [0, 6, 2.5]) {
      expect(refused(transition(c, { type: 'evaluate', satisfaction: s }, intake, at(c)))).toMatchObject({
        status: 422,
        code: 'CASE_INVALID_COMMAND',
        field: 'satisfaction',
      });
    }
    expect(refused(transition(verified(), { type: 'evaluate', satisfaction: 5 }, intake, at(verified(), HOUR)))).toMatchObject({
      code: 'CASE_ILLEGAL_COMMAND',
    });
    const r = ok(transition(c, { type: 'evaluate', satisfaction: 4, comment: 'quick' }, intake, at(c)));
    expect(r.case.satisfaction).toBe(4);
    expect(refused(transition(r.case, { type: 'evaluate', satisfaction: 5 }, SYSTEM, at(r.case)))).toMatchObject({
      code: 'CASE_ILLEGAL_COMMAND',
    });
  });
});

describe('extensions', () => {
  it('requests once with a positive amount', () => {
    const c = accepted();
    expect(
      refused(transition(c, { type: 'request_extension', extra: { amount: 0, unit: 'working_hours' }, reason: 'x' }, handler, at(c))),
    ).toMatchObject({ field: 'extra' });
    const r = ok(
      transition(c, { type: 'request_extension', extra: { amount: 2, unit: 'working_hours' }, reason: 'parts' }, handler, at(c)),
    );
    expect(r.case.extension).toEqual({
      requestedAt: at(c),
      requestedBy: 'h1',
      extra: { amount: 2, unit: 'working_hours' },
      reason: 'parts',
    });
    expect(r.events[0]?.type).toBe('extension_requested');
    expect(
      refused(
        transition(r.case, { type: 'request_extension', extra: { amount: 1, unit: 'working_hours' }, reason: 'y' }, handler, at(r.case)),
      ),
    ).toMatchObject({ code: 'CASE_ILLEGAL_COMMAND' });
  });

  it('approves the first by a dispatcher, later ones only by a shift lead', () => {
    const ask: CaseCommand = { type: 'request_extension', extra: { amount: 2, unit: 'working_hours' }, reason: 'parts' };
    const c = run(accepted(), [ask, handler]);
    const due = c.step?.dueAt ?? 0;
    const r = ok(
      transition({ ...c, step: c.step && { ...c.step, overdueAt: due } }, { type: 'decide_extension', approve: true }, dispatcher, at(c)),
    );
    expect(r.case).toMatchObject({
      extension: null,
      extensionCount: 1,
      handleDueAt: addDuration(due, { amount: 2, unit: 'working_hours' }, CAL),
    });
    expect(r.case.step).toMatchObject({ dueAt: addDuration(due, { amount: 2, unit: 'working_hours' }, CAL), overdueAt: null });
    const again = run(r.case, [ask, handler]);
    expect(refused(transition(again, { type: 'decide_extension', approve: true }, dispatcher, at(again)))).toMatchObject({
      status: 403,
      code: 'CASE_EXTENSION_NEEDS_HIGHER_ROLE',
    });
    const denied = ok(transition(again, { type: 'decide_extension', approve: false, note: 'no' }, lead, at(again)));
    expect(denied.case).toMatchObject({ extension: null, extensionCount: 1, step: again.step });
    expect(denied.events[0]?.type).toBe('extension_denied');
    expect(refused(transition(denied.case, { type: 'decide_extension', approve: true }, lead, at(denied.case)))).toMatchObject({
      code: 'CASE_ILLEGAL_COMMAND',
    });
  });
});

describe('parking, escalation, deadlines, supervision', () => {
  it('parks with a future review date and resumes to where it was', () => {
    const c = accepted();
    expect(refused(transition(c, { type: 'park', reason: 'budget', reviewAt: at(c) }, lead, at(c)))).toMatchObject({
      code: 'CASE_INVALID_COMMAND',
      field: 'reviewAt',
    });
    expect(refused(transition(reported(), { type: 'park', reason: 'budget', reviewAt: T0 + 1e9 }, lead, at(reported())))).toMatchObject({
      code: 'CASE_ILLEGAL_COMMAND',
    });
    const p = ok(transition(c, { type: 'park', reason: 'budget', reviewAt: T0 + 1e9 }, lead, at(c))).case;
    expect(p).toMatchObject({ state: 'parked', parkedFrom: 'accepted', reviewAt: T0 + 1e9, stateReason: 'budget' });
    expect(p.step?.pausedRemainingMs).toBeGreaterThan(0);
    expect(refused(transition(p, { type: 'resume' }, dispatcher, at(p)))).toMatchObject({ code: 'CASE_FORBIDDEN' });
    const r = ok(transition(p, { type: 'resume' }, lead, at(p))).case;
    expect(r).toMatchObject({ state: 'accepted', parkedFrom: null, reviewAt: null });
    expect(r.step?.pausedRemainingMs).toBeNull();
  });

  it('escalates only upwards; the street then no longer gives centre commands', () => {
    const c = verified();
    const up: CaseCommand = {
      type: 'escalate',
      reason: 'too big',
      toCentreId: 'centre-hp',
      toCentreLevel: 'district',
      toCentrePath: '/sh/hp/',
    };
    expect(refused(transition(c, { ...up, toCentreLevel: 'street' }, dispatcher, at(c)))).toMatchObject({
      status: 409,
      code: 'CASE_ESCALATION_NOT_HIGHER',
    });
    expect(refused(transition(c, { ...up, toCentrePath: '/sh/jd/' }, dispatcher, at(c)))).toMatchObject({ field: 'toCentrePath' });
    const e = ok(transition(c, up, dispatcher, at(c))).case;
    expect(e).toMatchObject({
      state: 'verified',
      centreId: 'centre-hp',
      centreLevel: 'district',
      centrePath: '/sh/hp/',
      escalationCount: 1,
    });
    expect(refused(transition(e, { type: 'close' }, dispatcher, at(e)))).toMatchObject({ code: 'CASE_FORBIDDEN' });
    expect(refused(transition(e, { ...up, toCentreLevel: 'city', toCentrePath: '/sh/' }, dispatcher, at(e)))).toMatchObject({
      code: 'CASE_FORBIDDEN',
    });
    expect(ok(transition(e, { type: 'close' }, districtLead, at(e))).case.state).toBe('closed');
    expect(ok(transition(e, { type: 'comment', note: 'noted' }, dispatcher, at(e))).case.version).toBe(e.version + 1);
  });

  it('sets a supervisor deadline on a running step', () => {
    const c = accepted();
    expect(refused(transition(c, { type: 'set_deadline', dueAt: at(c), reason: 'x' }, lead, at(c)))).toMatchObject({ field: 'dueAt' });
    expect(refused(transition(c, { type: 'set_deadline', dueAt: at(c, HOUR), reason: 'x' }, dispatcher, at(c)))).toMatchObject({
      code: 'CASE_FORBIDDEN',
    });
    const r = ok(transition(c, { type: 'set_deadline', dueAt: at(c, HOUR), reason: 'mayor asks' }, lead, at(c)));
    expect(r.case).toMatchObject({ handleDueAt: at(c, HOUR) });
    expect(r.case.step).toMatchObject({ step: 'handle', dueAt: at(c, HOUR), overdueAt: null });
    const p = run(c, [{ type: 'park', reason: 'budget', reviewAt: T0 + 1e9 }, lead]);
    expect(refused(transition(p, { type: 'set_deadline', dueAt: at(p, HOUR), reason: 'x' }, lead, at(p)))).toMatchObject({
      code: 'CASE_ILLEGAL_COMMAND',
    });
  });

  it('marks a due step overdue once, system only', () => {
    const c = dispatched();
    const due = c.step?.dueAt ?? 0;
    expect(refused(transition(c, { type: 'mark_overdue' }, lead, due))).toMatchObject({ code: 'CASE_FORBIDDEN' });
    expect(refused(transition(c, { type: 'mark_overdue' }, SYSTEM, due - 1))).toMatchObject({ status: 409, code: 'CASE_NOT_OVERDUE' });
    const r = ok(transition(c, { type: 'mark_overdue' }, SYSTEM, due));
    expect(r.case).toMatchObject({ overdueCount: 1 });
    expect(r.case.step?.overdueAt).toBe(due);
    expect(r.events[0]?.type).toBe('overdue');
    expect(refused(transition(r.case, { type: 'mark_overdue' }, SYSTEM, due + MIN))).toMatchObject({ code: 'CASE_NOT_OVERDUE' });
    expect(refused(transition(closed(), { type: 'mark_overdue' }, SYSTEM, at(closed(), 1e9)))).toMatchObject({ code: 'CASE_NOT_OVERDUE' });
  });

  it('adds merged reports to an open case, system only', () => {
    const c = accepted();
    expect(refused(transition(c, { type: 'add_report', duplicateId: 'c9' }, lead, at(c)))).toMatchObject({ code: 'CASE_FORBIDDEN' });
    const r = ok(transition(c, { type: 'add_report', duplicateId: 'c9' }, SYSTEM, at(c)));
    expect(r.case.reportCount).toBe(2);
    expect(r.events[0]).toMatchObject({ type: 'report_added', note: 'c9', before: { reportCount: 1 }, after: { reportCount: 2 } });
    expect(refused(transition(closed(), { type: 'add_report', duplicateId: 'c9' }, SYSTEM, at(closed())))).toMatchObject({
      code: 'CASE_ILLEGAL_COMMAND',
    });
  });

  it('takes comments from anyone in scope, in any state', () => {
    const c = closed();
    const r = ok(transition(c, { type: 'comment', note: 'thanks', attachments: ['a1'] }, otherHandler, at(c)));
    expect(r.case).toEqual({ ...c, updatedAt: at(c), version: c.version + 1 });
    expect(r.events[0]).toMatchObject({ type: 'commented', note: 'thanks', attachments: ['a1'], before: {}, after: {} });
    expect(refused(transition(c, { type: 'comment', note: ' ' }, lead, at(c)))).toMatchObject({
      code: 'CASE_REASON_REQUIRED',
      field: 'note',
    });
    expect(refused(transition(c, { type: 'comment', note: 'hi' }, outsider, at(c)))).toMatchObject({ code: 'CASE_FORBIDDEN' });
  });
});
