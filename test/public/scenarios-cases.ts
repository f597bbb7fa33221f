/**
 * Drives cases and alerts through the services for the published-figures tests (scenarios and
 * open statistics): cases reported, auto-dispatched, handled and closed by actors who may, and
 * alerts raised by rule signals — so the figures under test come from real records, never
 * numbers written into tables.
 */
import type { TestPlatform } from '../support/platform.ts';
import type { RuleSignal } from '../../src/rules/signal-model.ts';

const SYSTEM = { id: 'system', roles: ['system'], scopePath: '/', unitId: null, system: true };
const DESK = { id: 'figures-desk', roles: ['dispatcher'], scopePath: '/', unitId: null };

let n = 0;

/** A point inside a jurisdiction, nudged so that reports made together are no duplicates. */
export function spotIn(p: TestPlatform, code: string, nudge = 0): { lon: number; lat: number } {
  const [lon, lat] = p.geo.getByCode(code)!.center;
  return { lon: lon + nudge * 0.004, lat };
}

/** Reports a case (hotline, dispatched at once to the matrix's unit); returns its id. */
export async function reportCase(p: TestPlatform, category: string, at: { lon: number; lat: number }): Promise<string> {
  const r = await p.cases.report(
    { source: 'hotline', sourceRef: `figures-${++n}`, category, description: '公开数据测试', location: at, autoDispatch: true },
    SYSTEM,
  );
  if (r.case.state !== 'dispatched') throw new Error(`case ${r.case.code} is ${r.case.state}, not dispatched`);
  return r.case.id;
}

/** Accepts, handles, verifies and closes a dispatched case (as its unit's handler and a dispatcher). */
export async function closeCase(p: TestPlatform, id: string): Promise<void> {
  const c = await p.cases.get(id, DESK);
  const handler = { id: 'figures-handler', roles: ['handler'], scopePath: '/', unitId: c.unitId };
  await p.cases.command(id, { type: 'accept' }, handler);
  await p.cases.command(id, { type: 'handle', result: '已处置' }, handler);
  await p.cases.command(id, { type: 'verify', passed: true, note: '核查通过' }, DESK);
  await p.cases.command(id, { type: 'close' }, DESK);
}

/** Raises one alert per subject for a rule at the platform's present time (blue, no case category: no policy acts). */
export async function raiseAlerts(p: TestPlatform, ruleId: string, count: number): Promise<void> {
  const j = p.geo.getByCode('310101002')!;
  const now = p.clock.now();
  const signals: RuleSignal[] = Array.from({ length: count }, () => ({
    kind: 'raise',
    ruleId,
    subjectKey: `figures-subject-${++n}`,
    deviceId: null,
    level: 'blue',
    value: 1,
    message: '公开数据测试',
    jurisdictionPath: j.path,
    jurisdictionId: j.id,
    location: j.center,
    details: {},
    ts: now,
    receivedAt: now,
  }));
  await p.alerts.applySignals(signals);
}
