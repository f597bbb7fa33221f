/**
 * The alerts service against real storage, on every available dialect: signals from the bus
 * become alerts and `alerts` events with the policies' actions; one transaction per batch (a
 * failing batch leaves nothing, in storage or in memory); the index survives a restart; keys
 * forgotten from memory are still idempotent; events a failed publish left behind are published
 * again with the same ids; people acknowledge and close; policies are data.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAlertsService, type AlertsService } from '../../src/alerts/service.ts';
import { seedDemoAlertPolicies } from '../../src/alerts/demo-policies.ts';
import type { AlertEvent } from '../../src/alerts/event-model.ts';
import * as store from '../../src/alerts/store.ts';
import { createGeoService, type GeoService } from '../../src/geo/service.ts';
import { createMemoryBus } from '../../src/platform/bus/memory-bus.ts';
import type { Bus } from '../../src/platform/bus/bus.ts';
import { manualClock } from '../../src/platform/clock.ts';
import { AppError } from '../../src/platform/errors.ts';
import { isSmallClassCode } from '../../src/cases/catalogue-model.ts';
import type { RuleSignal } from '../../src/rules/signal-model.ts';
import { availableDialects, openTestDb, type TestDb } from '../support/test-db.ts';
import { TINY_CITY } from '../storage/tiny-city.ts';
import { signal } from './fixtures.ts';

const T0 = Date.UTC(2026, 10, 27, 1, 0, 0);

describe.each(availableDialects())('alerts service on %s', (dialect) => {
  let t: TestDb;
  let geo: GeoService;
  let bus: Bus;
  let events: AlertEvent[];
  let clock: ReturnType<typeof manualClock>;
  let services: AlertsService[];
  let inD1: (over?: Partial<RuleSignal>) => RuleSignal;

  async function open(options: { memoryHorizonMs?: number; bus?: Bus } = {}): Promise<AlertsService> {
    const s = await createAlertsService({
      database: t.database,
      clock,
      bus: options.bus ?? bus,
      geo,
      isCategory: isSmallClassCode,
      ...options,
    });
    services.push(s);
    await s.start();
    return s;
  }

  beforeEach(async () => {
    t = await openTestDb(dialect);
    clock = manualClock(T0);
    geo = await createGeoService({ database: t.database, clock });
    await geo.importFeatures([...TINY_CITY]);
    bus = createMemoryBus({ now: () => clock.now() });
    events = [];
    bus.subscribe<AlertEvent>('alerts', (m) => void events.push(m.data));
    services = [];
    const d1 = geo.getByCode('D1')!;
    inD1 = (over = {}) => signal({ jurisdictionPath: d1.path, jurisdictionId: d1.id, ...over });
  });
  afterEach(async () => {
    for (const s of services) await s.stop();
    await bus.close();
    await t.cleanup();
  });

  it('turns signals from the bus into alerts and events with the policies’ actions', async () => {
    const alerts = await open();
    await seedDemoAlertPolicies(alerts, geo.getByCode('C1')!.id);
    await bus.publish('signals', [inD1({ level: 'yellow' })]);
    await bus.publish('signals', [inD1({ level: 'red', ts: T0 + 60_000, value: 31 })]);
    await bus.publish('signals', [inD1({ kind: 'clear', ts: T0 + 600_000, value: 8 })]);
    expect(events.map((e) => e.type)).toEqual(['alert.raised', 'alert.level_changed', 'alert.cleared']);
    expect(events[0]!.actions.map((a) => a.action)).toEqual(['notify_only']);
    expect(events[1]!.actions).toEqual([
      expect.objectContaining({ action: 'create_case', category: 'E0401', urgency: 'urgent', alertId: events[0]!.alert.id, unitId: null }),
    ]);
    expect(events[2]!.actions).toEqual([]);
    const detail = (await alerts.detail(events[0]!.alert.id))!;
    expect(detail.alert).toMatchObject({
      state: 'cleared',
      level: 'red',
      endedAt: T0 + 600_000,
      requestedActions: ['notify_only', 'create_case'],
    });
    expect(detail.history.map((h) => [h.type, h.at])).toEqual([
      ['raised', T0],
      ['level_changed', T0 + 60_000],
      ['cleared', T0 + 600_000],
    ]);
    expect(detail.actions.map((a) => a.action)).toEqual(['notify_only', 'create_case']);
    expect(events.map((e) => e.eventId)).toEqual(detail.history.map((h) => h.id));
    await alerts.idle();
    expect(await store.unpublished(t.database.db, 10)).toEqual([]);
    expect(alerts.activeCount()).toBe(0);
  });

  it('keeps its index across a restart: repeats stay ignored, a clear finds the alert', async () => {
    const first = await open();
    await first.applySignals([inD1(), inD1({ subjectKey: 'gauge-2' })]);
    await first.stop();
    const second = await open();
    expect(second.activeCount()).toBe(2);
    expect((await second.applySignals([inD1()])).ignored.same_level).toBe(1);
    const cleared = await second.applySignals([inD1({ kind: 'clear', ts: T0 + 1 })]);
    expect(cleared.events.map((e) => e.type)).toEqual(['alert.cleared']);
    expect(second.activeFor('rule-water', 'gauge-1')).toBeUndefined();
    expect(second.activeFor('rule-water', 'gauge-2')?.state).toBe('raised');
  });

  it('stores a rainstorm of raises in one batch and times each from receipt to storage', async () => {
    const alerts = await open();
    const batch = Array.from({ length: 3000 }, (_, i) => inD1({ subjectKey: `g${i}`, deviceId: `g${i}`, receivedAt: T0 - 20 }));
    const r = await alerts.applySignals(batch);
    expect(r.applied).toBe(3000);
    expect(events).toHaveLength(3000);
    expect(alerts.activeCount()).toBe(3000);
    expect(alerts.latency()).toMatchObject({ count: 3000, p50: 20, p99: 20 });
    const count = await t.database.db
      .selectFrom('alerts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(3000);
  });

  it('writes a batch all or nothing, and leaves the index as it was when the write fails', async () => {
    const alerts = await open();
    // Another writer's active alert, unknown to this service's index, makes the batch break the unique index.
    const other = await open();
    await other.applySignals([inD1({ subjectKey: 'g50' })]);
    const batch = Array.from({ length: 100 }, (_, i) => inD1({ subjectKey: `g${i}` }));
    await expect(alerts.applySignals(batch)).rejects.toThrow();
    expect(alerts.activeCount()).toBe(0);
    const rows = await t.database.db.selectFrom('alerts').select('subject_key').execute();
    expect(rows.map((x) => x.subject_key)).toEqual(['g50']);
    expect((await alerts.applySignals(batch.filter((s) => s.subjectKey !== 'g50'))).applied).toBe(99);
  });

  it('looks up keys it forgot, so old signals stay idempotent after the memory horizon', async () => {
    const alerts = await open({ memoryHorizonMs: 3600_000 });
    await alerts.applySignals([inD1(), inD1({ kind: 'clear', ts: T0 + 1000 })]);
    clock.advance(3 * 3600_000);
    await alerts.applySignals([inD1({ subjectKey: 'fresh', ts: clock.now() })]);
    expect(alerts.stats().keysInMemory).toBe(1);
    const again = await alerts.applySignals([inD1(), inD1({ kind: 'clear', ts: T0 + 1000 })]);
    expect(again.applied).toBe(0);
    expect(again.ignored).toMatchObject({ out_of_order: 1, not_active: 1 });
    expect((await alerts.applySignals([inD1({ ts: T0 + 2000 })])).events.map((e) => e.type)).toEqual(['alert.raised']);
  });

  it('publishes again, with the same event ids, what a failed publish left behind', async () => {
    let failing = true;
    const flaky: Bus = {
      publish: async (subject, data) => {
        if (failing && subject === 'alerts') throw new Error('bus down');
        await bus.publish(subject, data);
      },
      subscribe: (p, h) => bus.subscribe(p, h),
      close: async () => undefined,
    };
    const errors: string[] = [];
    const alerts = await createAlertsService({ database: t.database, clock, bus: flaky, geo, onError: (m) => void errors.push(m) });
    services.push(alerts);
    const r = await alerts.applySignals([inD1(), inD1({ subjectKey: 'gauge-2' })]);
    expect(errors).toHaveLength(1);
    expect(events).toEqual([]);
    expect(await store.unpublished(t.database.db, 10)).toHaveLength(2);
    failing = false;
    expect(await alerts.republishPending()).toBe(2);
    expect(events.map((e) => e.eventId).sort()).toEqual(r.events.map((e) => e.eventId).sort());
    expect(await store.unpublished(t.database.db, 10)).toEqual([]);
  });

  it('lets people acknowledge and close, refusing what does not apply', async () => {
    const alerts = await open();
    const [raised] = (await alerts.applySignals([inD1()])).events;
    const id = raised!.alert.id;
    clock.advance(60_000);
    expect(await alerts.acknowledge(id, 'user-1', '收到')).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'user-1' });
    await expect(alerts.acknowledge(id, 'user-1')).rejects.toMatchObject({ status: 409, code: 'ALERT_ALREADY_ACKNOWLEDGED' });
    await expect(alerts.close(id, 'user-1', '  ')).rejects.toMatchObject({ status: 400, code: 'ALERT_NOTE_REQUIRED' });
    expect(await alerts.close(id, 'user-1', '现场核实为误报')).toMatchObject({ state: 'closed', closeNote: '现场核实为误报' });
    await expect(alerts.close(id, 'user-1', 'again')).rejects.toMatchObject({ status: 409, code: 'ALERT_NOT_ACTIVE' });
    await expect(alerts.acknowledge('missing', 'user-1')).rejects.toMatchObject({ status: 404, code: 'ALERT_NOT_FOUND' });
    await alerts.stop();
    expect(events.map((e) => e.type)).toEqual(['alert.raised', 'alert.acknowledged', 'alert.closed']);
    // A raise after the close opens a new alert.
    const next = await alerts.applySignals([inD1({ ts: T0 + 120_000 })]);
    expect(next.events[0]!.alert.id).not.toBe(id);
  });

  it('does not deadlock when a consumer of `alerts` acts on the alert it hears about', async () => {
    const alerts = await open();
    bus.subscribe<AlertEvent>('alerts', async (m) => {
      if (m.data.type === 'alert.raised') await alerts.acknowledge(m.data.alert.id, 'robot');
    });
    await alerts.applySignals([inD1()]);
    await alerts.stop();
    expect(events.map((e) => e.type)).toEqual(['alert.raised', 'alert.acknowledged']);
  });

  it('keeps policies as data: validated, per jurisdiction, the deepest first', async () => {
    const alerts = await open();
    const city = geo.getByCode('C1')!.id;
    const d1 = geo.getByCode('D1')!.id;
    await seedDemoAlertPolicies(alerts, city);
    expect(await seedDemoAlertPolicies(alerts, city)).toBe(false);
    const bad = alerts.replacePolicies(
      d1,
      [{ name: 'x', enabled: true, match: { ruleIds: [], minLevel: 'blue', categories: ['E0499'] }, actions: [{ kind: 'notify_only' }] }],
      'admin',
    );
    await expect(bad).rejects.toBeInstanceOf(AppError);
    await expect(bad).rejects.toMatchObject({
      status: 400,
      code: 'INVALID_ALERT_POLICY',
      fields: [{ field: 'policies[0].match.categories[0]' }],
    });
    const cityPolicy = alerts.policies(city).own[0]!;
    await expect(
      alerts.replacePolicies(d1, [{ ...cityPolicy, id: cityPolicy.id }], 'admin'),
      'a city policy cannot be moved by a district',
    ).rejects.toMatchObject({ fields: [{ field: 'policies[0].id' }] });
    const view = await alerts.replacePolicies(
      d1,
      [
        {
          name: '东湖区：积水一律立案',
          enabled: true,
          match: { ruleIds: [], minLevel: 'blue', categories: ['E04'] },
          actions: [{ kind: 'create_case', category: null, urgency: 'normal' }],
        },
      ],
      'admin',
    );
    expect(view.own.map((p) => p.name)).toEqual(['东湖区：积水一律立案']);
    expect(view.inherited).toHaveLength(6);
    const r = await alerts.applySignals([inD1()]);
    expect(r.events[0]!.actions).toEqual([expect.objectContaining({ action: 'create_case', category: 'E0401', urgency: 'normal' })]);
    expect(r.events[0]!.alert.policyId).toBe(view.own[0]!.id);
  });
});
