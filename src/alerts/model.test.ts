import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { WARNING_LEVELS, type RuleSignal, type WarningLevel } from '../rules/signal-model.ts';
import { acknowledge, close, isRefusal } from './command-model.ts';
import {
  alertKey,
  applySignal,
  categoryOf,
  isActive,
  planSignals,
  type Alert,
  type AlertHistoryEntry,
  type AlertKeyState,
} from './model.ts';

let n = 0;
const ctx = { newId: () => `id${String(++n).padStart(6, '0')}` };
const EMPTY: AlertKeyState = { lastSignalTs: null, active: null };

function signal(over: Partial<RuleSignal> = {}): RuleSignal {
  return {
    kind: 'raise',
    ruleId: 'r1',
    subjectKey: 'd1',
    deviceId: 'd1',
    level: 'yellow',
    ts: 1000,
    value: 16,
    message: '积水 16 cm',
    jurisdictionPath: '/c/d/s/',
    jurisdictionId: 's',
    location: [121.48, 31.23],
    details: { category: 'E0401' },
    receivedAt: 1001,
    ...over,
  };
}

function changed(r: ReturnType<typeof applySignal>) {
  if ('ignored' in r) throw new Error(`ignored: ${r.ignored}`);
  return r;
}

describe('applySignal', () => {
  it('raises, changes level, and clears; a raise after the clear opens a new alert', () => {
    const a = changed(applySignal(EMPTY, signal(), ctx));
    expect(a.change.alert).toMatchObject({ state: 'raised', level: 'yellow', category: 'E0401', raisedAt: 1000, version: 1 });
    const b = changed(applySignal(a.state, signal({ level: 'red', ts: 2000, value: 30 }), ctx));
    expect(b.change.entry).toMatchObject({ type: 'level_changed', fromLevel: 'yellow', level: 'red', seq: 2 });
    expect(b.change.alert.id).toBe(a.change.alert.id);
    const c = changed(applySignal(b.state, signal({ kind: 'clear', ts: 3000 }), ctx));
    expect(c.change.alert).toMatchObject({ state: 'cleared', endedAt: 3000, endedBy: null, version: 3 });
    expect(c.state.active).toBeNull();
    const d = changed(applySignal(c.state, signal({ ts: 4000 }), ctx));
    expect(d.change.alert.id).not.toBe(a.change.alert.id);
    expect(d.change.entry.type).toBe('raised');
  });

  it('ignores repeats, stale signals, clears without an alert and malformed signals', () => {
    const a = changed(applySignal(EMPTY, signal(), ctx));
    expect(applySignal(a.state, signal(), ctx)).toEqual({ ignored: 'same_level' });
    expect(applySignal(a.state, signal({ ts: 999, level: 'red' }), ctx)).toEqual({ ignored: 'out_of_order' });
    const c = changed(applySignal(a.state, signal({ kind: 'clear', ts: 1000 }), ctx));
    expect(applySignal(c.state, signal(), ctx)).toEqual({ ignored: 'duplicate' });
    expect(applySignal(c.state, signal({ kind: 'clear', ts: 5000 }), ctx)).toEqual({ ignored: 'not_active' });
    expect(applySignal(EMPTY, signal({ ts: Number.NaN }), ctx)).toEqual({ ignored: 'invalid' });
    expect(applySignal(EMPTY, signal({ level: 'purple' as WarningLevel }), ctx)).toEqual({ ignored: 'invalid' });
    expect(applySignal(EMPTY, signal({ jurisdictionPath: 'nowhere' }), ctx)).toEqual({ ignored: 'invalid' });
  });

  it('lets the higher level win between two raises at the same instant, in either order', () => {
    const y = signal({ level: 'yellow', ts: 5 });
    const r = signal({ level: 'red', ts: 5 });
    const plan = planSignals(() => EMPTY, [y, r, y, r], ctx);
    expect(plan.changes.map((c) => c.entry.type)).toEqual(['raised', 'level_changed']);
    expect(planSignals(() => EMPTY, [r, y], ctx).changes.map((c) => c.alert.level)).toEqual(['red']);
  });

  it('takes the category from the details, else from the detection type', () => {
    expect(categoryOf({ details: { caseCategory: 'P0103', detectionType: 'garbage' } })).toBe('P0103');
    expect(categoryOf({ details: { caseCategory: null, category: 'E0401' } })).toBe('E0401');
    expect(categoryOf({ details: { detectionType: 'falling_object' } })).toBe('E0601');
    expect(categoryOf({ details: { detectionType: 'no_helmet' } })).toBe('E0302');
    expect(categoryOf({ details: {} })).toBeNull();
  });
});

describe('acknowledge and close', () => {
  const raised = () => changed(applySignal(EMPTY, signal(), ctx)).change.alert;

  it('acknowledges a raised alert once', () => {
    const r = acknowledge(raised(), 'u1', ' 收到 ', 5000, ctx);
    if (isRefusal(r)) throw new Error(r.message);
    expect(r.alert).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'u1', acknowledgedAt: 5000 });
    expect(r.entry).toMatchObject({ type: 'acknowledged', note: '收到', actorId: 'u1', seq: 2 });
    expect(acknowledge(r.alert, 'u2', null, 6000, ctx)).toMatchObject({ refused: 'ALERT_ALREADY_ACKNOWLEDGED' });
  });

  it('closes only with a note, and never an ended alert', () => {
    const a = raised();
    expect(close(a, 'u1', '   ', 5000, ctx)).toMatchObject({ refused: 'ALERT_NOTE_REQUIRED', field: 'note' });
    expect(close(a, 'u1', 'x'.repeat(2001), 5000, ctx)).toMatchObject({ refused: 'ALERT_NOTE_TOO_LONG' });
    const r = close(a, 'u1', '误报：传感器被遮挡', 5000, ctx);
    if (isRefusal(r)) throw new Error(r.message);
    expect(r.alert).toMatchObject({ state: 'closed', endedBy: 'u1', closeNote: '误报：传感器被遮挡' });
    expect(close(r.alert, 'u1', 'again', 6000, ctx)).toMatchObject({ refused: 'ALERT_NOT_ACTIVE' });
    expect(acknowledge(r.alert, 'u1', null, 6000, ctx)).toMatchObject({ refused: 'ALERT_NOT_ACTIVE' });
  });

  it('never dates an entry before the previous one, even when the clock lags the signals', () => {
    const a = raised(); // at 1000
    const r = acknowledge(a, 'u1', null, 500, ctx);
    if (isRefusal(r)) throw new Error(r.message);
    expect(r.entry.at).toBe(1000);
  });
});

// ---- properties over random histories of signals and commands ----

type Op =
  | { op: 'signal'; kind: 'raise' | 'clear'; rule: string; subject: string; level: WarningLevel; ts: number }
  | { op: 'repeat'; which: number }
  | { op: 'ack'; which: number; dt: number }
  | { op: 'close'; which: number; dt: number; note: string };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constant('signal' as const),
      kind: fc.constantFrom('raise' as const, 'clear' as const),
      rule: fc.constantFrom('r1', 'r2'),
      subject: fc.constantFrom('d1', 'd2'),
      level: fc.constantFrom(...WARNING_LEVELS),
      ts: fc.integer({ min: 0, max: 8 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('repeat' as const), which: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('ack' as const), which: fc.nat(), dt: fc.integer({ min: 0, max: 5 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('close' as const),
      which: fc.nat(),
      dt: fc.integer({ min: 0, max: 5 }),
      note: fc.constantFrom('', ' ', '已处置'),
    }),
  },
);

/** A tiny engine over the pure functions, as the service uses them. */
class World {
  keys = new Map<string, AlertKeyState>();
  alerts = new Map<string, Alert>();
  history = new Map<string, AlertHistoryEntry[]>();
  /** Signals that changed something when they came. */
  applied: RuleSignal[] = [];
  now = 0;
  lookup = (k: string) => this.keys.get(k) ?? EMPTY;

  record(alert: Alert, entry: AlertHistoryEntry): void {
    const before = this.alerts.get(alert.id);
    if (before) expect(isActive(before), 'an ended alert never changes again').toBe(true);
    const h = this.history.get(alert.id) ?? [];
    expect(entry.seq).toBe(h.length + 1);
    const last = h[h.length - 1];
    if (last) expect(entry.at).toBeGreaterThanOrEqual(last.at);
    h.push(entry);
    this.history.set(alert.id, h);
    expect(alert.version).toBe(h.length);
    this.alerts.set(alert.id, alert);
  }

  signals(batch: RuleSignal[]): number {
    const plan = planSignals(this.lookup, batch, ctx);
    for (const c of plan.changes) this.record(c.alert, c.entry);
    for (const [k, s] of plan.keys) this.keys.set(k, s);
    return plan.changes.length;
  }

  checkOneActivePerKey(): void {
    const perKey = new Map<string, number>();
    for (const a of this.alerts.values()) {
      if (!isActive(a)) continue;
      const k = alertKey(a.ruleId, a.subjectKey);
      perKey.set(k, (perKey.get(k) ?? 0) + 1);
      expect(this.keys.get(k)?.active?.id).toBe(a.id);
    }
    for (const count of perKey.values()) expect(count).toBe(1);
  }
}

function run(world: World, op: Op): void {
  if (op.op === 'signal' || op.op === 'repeat') {
    const s =
      op.op === 'signal'
        ? signal({ kind: op.kind, ruleId: op.rule, subjectKey: op.subject, level: op.level, ts: op.ts })
        : world.applied[op.which % Math.max(1, world.applied.length)];
    if (!s) return;
    const k = alertKey(s.ruleId, s.subjectKey);
    const before = world.keys.get(k)?.lastSignalTs ?? null;
    const applied = world.signals([s]);
    if (before !== null && s.ts < before) expect(applied, 'an older signal is ignored').toBe(0);
    if (op.op === 'repeat') expect(applied, 'a signal applied before changes nothing when it comes again').toBe(0);
    expect(world.signals([s]), 'the same signal twice changes nothing').toBe(0);
    if (applied > 0) world.applied.push(s);
    return;
  }
  const all = [...world.alerts.values()];
  const target = all[op.which % Math.max(1, all.length)];
  world.now += op.dt;
  if (!target) return;
  const r = op.op === 'ack' ? acknowledge(target, 'u', null, world.now, ctx) : close(target, 'u', op.note, world.now, ctx);
  if (isRefusal(r)) {
    if (op.op === 'close' && op.note.trim() === '' && isActive(target)) expect(r.refused).toBe('ALERT_NOTE_REQUIRED');
    return;
  }
  const k = alertKey(target.ruleId, target.subjectKey);
  world.record(r.alert, r.entry);
  world.keys.set(k, { lastSignalTs: world.keys.get(k)?.lastSignalTs ?? null, active: isActive(r.alert) ? r.alert : null });
}

describe('lifecycle properties', () => {
  it('never two active alerts for one key; history only grows, in time order; repeats and stale signals change nothing', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        const world = new World();
        for (const op of ops) {
          run(world, op);
          world.checkOneActivePerKey();
        }
      }),
      { numRuns: 400 },
    );
  });

  it('a batch does exactly what the same signals do one at a time', () => {
    const sigArb = fc.record({
      kind: fc.constantFrom('raise' as const, 'clear' as const),
      ruleId: fc.constantFrom('r1', 'r2'),
      subjectKey: fc.constantFrom('d1', 'd2', 'd3'),
      level: fc.constantFrom(...WARNING_LEVELS),
      ts: fc.integer({ min: 0, max: 20 }),
    });
    fc.assert(
      fc.property(fc.array(sigArb, { maxLength: 40 }), (raw) => {
        const batch = raw.map((r) => signal(r));
        const one = new World();
        for (const s of batch) one.signals([s]);
        const all = new World();
        all.signals(batch);
        const strip = (w: World) =>
          [...w.history.values()].map((h) => h.map((e) => ({ type: e.type, at: e.at, level: e.level, fromLevel: e.fromLevel })));
        expect(strip(all)).toEqual(strip(one));
        expect([...all.keys.entries()].map(([k, s]) => [k, s.lastSignalTs, s.active?.level ?? null])).toEqual(
          [...one.keys.entries()].map(([k, s]) => [k, s.lastSignalTs, s.active?.level ?? null]),
        );
      }),
      { numRuns: 300 },
    );
  });
});
