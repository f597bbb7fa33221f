/**
 * Raising an alert directly through the alerts service, for tests of what consumes alerts
 * (screens, the live feed): one fresh subject per call, at the centre of a jurisdiction, with a
 * category no demo policy files a case for, so only the alert itself follows.
 */
import type { Platform } from '../../src/compose.ts';
import type { RuleSignal } from '../../src/rules/signal-model.ts';

let n = 0;

/**
 * Raises a fresh alert at the centre of the jurisdiction with this code; returns its event id.
 * @example await raiseTestAlert(p, '310101002', 'red');
 */
export async function raiseTestAlert(
  p: Platform,
  code: string,
  level: RuleSignal['level'] = 'orange',
  ruleId = 'test-rule',
): Promise<string> {
  const j = p.geo.getByCode(code)!;
  const now = p.clock.now();
  const result = await p.alerts.applySignals([
    {
      kind: 'raise',
      ruleId,
      subjectKey: `s${++n}`,
      deviceId: null,
      level,
      value: 31,
      message: `积水 ${n}`,
      jurisdictionPath: j.path,
      jurisdictionId: j.id,
      location: j.center,
      details: { caseCategory: 'E0599' },
      ts: now,
      receivedAt: now,
    },
  ]);
  return result.events[0]!.eventId;
}
