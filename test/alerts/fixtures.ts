/** Signals and alerts for the alerts tests. */
import type { RuleSignal } from '../../src/rules/signal-model.ts';
import type { Alert } from '../../src/alerts/alert-record.ts';

/** A raise signal for a standing-water gauge, with overrides. */
export function signal(over: Partial<RuleSignal> = {}): RuleSignal {
  return {
    kind: 'raise',
    ruleId: 'rule-water',
    subjectKey: 'gauge-1',
    deviceId: 'gauge-1',
    level: 'yellow',
    ts: Date.UTC(2026, 10, 27, 1, 0, 0),
    value: 16.5,
    message: '道路积水 16.5 cm',
    jurisdictionPath: '/city/hp/nj/',
    jurisdictionId: 'nj',
    location: [121.4837, 31.2384],
    details: { caseCategory: 'E0401', ruleKind: 'threshold', deviceType: 'water_level_gauge' },
    receivedAt: Date.UTC(2026, 10, 27, 1, 0, 0),
    ...over,
  };
}

let seq = 0;

/** A stored-looking alert, with overrides. */
export function alert(over: Partial<Alert> = {}): Alert {
  seq++;
  return {
    id: `a-${String(seq).padStart(6, '0')}`,
    ruleId: 'rule-water',
    subjectKey: `gauge-${seq}`,
    deviceId: `gauge-${seq}`,
    level: 'yellow',
    state: 'raised',
    category: 'E0401',
    message: '积水',
    value: 16,
    jurisdictionPath: '/city/hp/nj/',
    jurisdictionId: 'nj',
    location: [121.48, 31.23],
    details: { category: 'E0401' },
    raisedAt: 1_000_000 + seq,
    updatedAt: 1_000_000 + seq,
    lastSignalTs: 1_000_000 + seq,
    receivedAt: 1_000_000 + seq,
    acknowledgedAt: null,
    acknowledgedBy: null,
    endedAt: null,
    endedBy: null,
    closeNote: null,
    policyId: null,
    requestedActions: [],
    version: 1,
    ...over,
  };
}
