/** Cases for the cases storage tests: a fully populated one and a sparse one, with overrides. */
import type { Case, TransitionResult } from '../../src/cases/case-types.ts';

let seq = 0;

/** A unique id with a readable prefix; sorts in creation order. */
export function nextId(prefix: string): string {
  seq++;
  return `${prefix}-${String(seq).padStart(6, '0')}`;
}

const T0 = Date.UTC(2026, 10, 27, 1, 0, 0);

/** A just-reported case: every optional field null, no step. */
export function sparseCase(over: Partial<Case> = {}): Case {
  const id = over.id ?? nextId('c');
  return {
    id,
    code: `310101-20261127-${id}`,
    source: 'citizen',
    sourceRef: null,
    category: 'P0101',
    urgency: 'normal',
    state: 'reported',
    parkedFrom: null,
    stateReason: null,
    reviewAt: null,
    description: '井盖缺失',
    location: { lon: 121.4837, lat: 31.2384, address: null },
    jurisdictionId: 'nj',
    jurisdictionPath: '/sh/hp/nj/',
    centreId: 'centre-nj',
    centreLevel: 'street',
    centrePath: '/sh/hp/nj/',
    unitId: null,
    suggestedUnitId: null,
    masterId: null,
    reportCount: 1,
    reporterId: null,
    step: null,
    extension: null,
    dispatchCount: 0,
    returnCount: 0,
    reworkCount: 0,
    extensionCount: 0,
    escalationCount: 0,
    overdueCount: 0,
    reportedAt: T0,
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
    updatedAt: T0,
    version: 1,
    ...over,
  };
}

/** A case with every field set to a non-null value (JSON, booleans, step and extension included). */
export function fullCase(over: Partial<Case> = {}): Case {
  return sparseCase({
    source: 'hotline',
    sourceRef: `WO-${nextId('ref')}`,
    urgency: 'urgent',
    state: 'parked',
    parkedFrom: 'accepted',
    stateReason: '等待施工许可 "quoted" \\ 反斜杠',
    reviewAt: T0 + 86_400_000,
    description: '道路塌陷，约 2 m²；emoji 🚧',
    location: { lon: 121.123456789, lat: -31.987654321, address: '南京东路 100 号' },
    centreLevel: 'district',
    centrePath: '/sh/hp/',
    centreId: 'centre-hp',
    unitId: 'unit-road',
    suggestedUnitId: 'unit-water',
    masterId: null,
    reportCount: 3,
    reporterId: null,
    step: {
      step: 'handle',
      startedAt: T0 + 1000,
      dueAt: T0 + 4 * 3_600_000,
      limit: { amount: 4, unit: 'working_hours' },
      pausedRemainingMs: 1_234_567,
      pausedMs: 60_000,
      overdueAt: T0 + 5 * 3_600_000,
    },
    extension: { requestedAt: T0 + 2000, requestedBy: 'u-handler', extra: { amount: 2, unit: 'working_days' }, reason: '材料未到' },
    dispatchCount: 2,
    returnCount: 1,
    reworkCount: 1,
    extensionCount: 1,
    escalationCount: 1,
    overdueCount: 2,
    filedAt: T0 + 10,
    firstDispatchedAt: T0 + 20,
    dispatchedAt: T0 + 30,
    acceptedAt: T0 + 40,
    handledAt: T0 + 50,
    handleDueAt: T0 + 60,
    handledOnTime: true,
    verifiedAt: T0 + 70,
    closedAt: T0 + 80,
    closedOnTime: false,
    satisfaction: 4,
    createdBy: 'u-inspector',
    updatedAt: T0 + 90,
    version: 7,
    ...over,
  });
}

/** The case after a change: `patch` applied, one version and one minute on, with its timeline entry. */
export function changed(c: Case, patch: Partial<Case>): TransitionResult {
  const at = c.updatedAt + 60_000;
  const after: Case = { ...c, ...patch, updatedAt: at, version: c.version + 1 };
  return {
    case: after,
    events: [{ type: 'commented', at, actorId: 'u-1', actorRoles: ['dispatcher'], note: null, attachments: [], before: {}, after: patch }],
  };
}
