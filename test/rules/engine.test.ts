/**
 * The rules engine on real storage, every dialect:
 * - a rule applies by device type, tags and jurisdiction subtree; unknown devices are counted
 *   and skipped; signals carry the device's facts;
 * - state survives a restart: a threshold duration, an absence gap and an elderly window resume
 *   where they were instead of starting over (snapshot on stop, load on start);
 * - rule changes take effect at once: disabling or deleting clears what was raised, a changed
 *   parameter starts over, a changed level re-raises, a narrower selector lets devices go;
 * - a device moved out of a rule's subtree is let go (cleared);
 * - absence rules watch registered devices that never reported;
 * - sharded, each process loads and saves only its own devices' state;
 * - the state view lists the raised devices in the caller's scope, live or from the snapshot.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Reading } from '../../src/sensing/reading-model.ts';
import { createRulesService } from '../../src/rules/service.ts';
import { createRulesEngine } from '../../src/rules/engine.ts';
import { availableDialects } from '../support/test-db.ts';
import { CITY_ADMIN, device, openRulesHarness, treeLookup, type RulesHarness } from './rules-harness.ts';

const MIN = 60_000;
const H = 60 * MIN;
const T0 = Date.UTC(2026, 6, 1, 0, 0, 0);
const level = (id: string, minute: number, value: number): Reading => ({
  deviceId: id,
  metric: 'water_level_cm',
  ts: T0 + minute * MIN,
  value,
});

const WATER = {
  name: '积水',
  kind: 'threshold',
  params: { metric: 'water_level_cm', op: '>', threshold: 15, for: '5m', clear: { op: '<', threshold: 10 } },
  appliesTo: { deviceTypes: ['water_level_gauge'], jurisdiction: 'd1' },
  level: 'orange',
  messageTemplate: '{device} 水位 {value} cm 超过 {threshold} cm',
  caseCategory: 'E0401',
};

describe.each(availableDialects())('rules engine on %s', (dialect) => {
  let h: RulesHarness;
  beforeEach(async () => {
    h = await openRulesHarness(dialect, T0);
  });
  afterEach(async () => h.dispose());

  it('applies rules by type, tags and subtree; skips unknown devices; renders the message', async () => {
    const rule = await h.rules.create({ ...WATER, appliesTo: { ...WATER.appliesTo, tags: { any: ['road', 'tunnel'] } } }, CITY_ADMIN);
    h.devices.set('in', device('in', 'water_level_gauge', { tags: ['tunnel'], jurisdictionPath: '/c/d1/s1/', location: [121.5, 31.2] }));
    h.devices.set('other-district', device('other-district', 'water_level_gauge', { tags: ['road'], jurisdictionPath: '/c/d2/' }));
    h.devices.set('untagged', device('untagged', 'water_level_gauge'));
    h.devices.set('meter', device('meter', 'water_meter', { tags: ['road'] }));
    for (const id of ['in', 'other-district', 'untagged', 'meter', 'ghost']) await h.send([level(id, 0, 30), level(id, 6, 30)]);
    // 30 cm from minute 0 on, so the 5 minutes were up at minute 5 (in event time: the reading
    // at minute 6 shows it, the platform's clock never moved).
    expect(h.signals).toEqual([
      {
        kind: 'raise',
        ruleId: rule.id,
        subjectKey: 'in',
        deviceId: 'in',
        level: 'orange',
        ts: T0 + 5 * MIN,
        value: 30,
        message: 'in 水位 30 cm 超过 15 cm',
        jurisdictionPath: '/c/d1/s1/',
        jurisdictionId: 's1',
        location: [121.5, 31.2],
        details: expect.objectContaining({ caseCategory: 'E0401', ruleName: '积水', deviceType: 'water_level_gauge' }),
        receivedAt: T0,
      },
    ]);
    expect(h.engine.stats()).toMatchObject({ rules: 1, unknownDevices: 2, readings: 10, signals: 1 });
  });

  it('resumes a threshold duration, an absence gap and an elderly window after a restart', async () => {
    await h.rules.create(WATER, CITY_ADMIN);
    await h.rules.create(
      {
        name: '离线',
        kind: 'absence',
        params: { after: '30m' },
        level: 'blue',
        messageTemplate: '{device} 离线',
        appliesTo: { deviceTypes: ['water_level_gauge'] },
      },
      CITY_ADMIN,
    );
    await h.rules.create(
      {
        name: '独居老人',
        kind: 'aggregate',
        params: { fn: 'sum', metric: 'volume_m3', window: '12h', op: '<', threshold: 0.01 },
        appliesTo: { deviceTypes: ['water_meter'] },
        level: 'yellow',
        messageTemplate: '{device} {value}',
      },
      CITY_ADMIN,
    );
    h.devices.set('g', device('g', 'water_level_gauge'));
    h.devices.set('m', device('m', 'water_meter'));
    await h.send([level('g', 0, 20), level('g', 3, 21), { deviceId: 'm', metric: 'volume_m3', ts: T0, value: 0.2 }]);
    h.clock.set(T0 + 4 * MIN);
    await h.restart();
    expect(h.signals).toEqual([]);
    // The duration started at minute 0 goes on: the reading at minute 5 completes it.
    await h.send([level('g', 5, 22)]);
    expect(h.signals.map((s) => [s.kind, (s.ts - T0) / MIN])).toEqual([['raise', 5]]);
    // The gap since minute 5 and the meter's window (observed since T0) survive another restart.
    h.clock.set(T0 + 20 * MIN);
    await h.restart();
    const raised = await h.advanceTo(T0 + 35 * MIN);
    expect(raised.map((s) => [s.message, (s.ts - T0) / MIN])).toEqual([['g 离线', 35]]);
    const elderly = await h.advanceTo(T0 + 13 * H);
    expect(elderly.map((s) => [s.deviceId, (s.ts - T0) / H])).toEqual([['m', 13]]);
    await h.engine.snapshot();
    const saved = await h.t.database.db.selectFrom('rule_state').select(['subject', 'firing']).execute();
    expect(saved.map((r) => [r.subject, r.firing]).sort()).toEqual([
      ['g', 1],
      ['g', 1],
      ['m', 1],
    ]);
  });

  it('clears on disable and delete, starts over on a new parameter, re-raises on a new level', async () => {
    const rule = await h.rules.create({ ...WATER, params: { ...WATER.params, for: 0 } }, CITY_ADMIN);
    h.devices.set('g', device('g', 'water_level_gauge'));
    await h.send([level('g', 0, 20)]);
    expect(h.signals.map((s) => s.kind)).toEqual(['raise']);

    await h.rules.patch(rule.id, { level: 'red' }, CITY_ADMIN);
    expect(h.signals.map((s) => [s.kind, s.level])).toEqual([
      ['raise', 'orange'],
      ['raise', 'red'],
    ]);
    await h.rules.patch(rule.id, { enabled: false }, CITY_ADMIN);
    expect(h.signals.at(-1)).toMatchObject({ kind: 'clear', details: expect.objectContaining({ reason: 'rule_removed' }) });
    await h.send([level('g', 1, 20)]);
    expect(h.signals).toHaveLength(3);

    await h.rules.patch(rule.id, { enabled: true }, CITY_ADMIN);
    await h.send([level('g', 2, 20)]);
    expect(h.signals.at(-1)).toMatchObject({ kind: 'raise' });
    const changed = await h.rules.patch(rule.id, { params: { threshold: 25 } }, CITY_ADMIN);
    expect(changed).toMatchObject({ revision: 5, stateRevision: 5, params: { threshold: 25, for: 0 } });
    expect(h.signals.at(-1)).toMatchObject({ kind: 'clear', details: expect.objectContaining({ reason: 'rule_changed' }) });
    await h.send([level('g', 3, 20)]);
    expect(h.signals).toHaveLength(5);
    await h.send([level('g', 4, 26)]);
    expect(h.signals.at(-1)).toMatchObject({ kind: 'raise', value: 26 });
    await h.rules.remove(rule.id, CITY_ADMIN);
    expect(h.signals.at(-1)).toMatchObject({ kind: 'clear', details: expect.objectContaining({ reason: 'rule_removed' }) });
    expect(h.engine.stats().rules).toBe(0);
  });

  it('clears at start what was raised by rules deleted or changed, or devices gone, while it was down', async () => {
    const one = await h.rules.create(
      { ...WATER, name: '甲', params: { ...WATER.params, for: 0 }, appliesTo: { deviceTypes: ['water_level_gauge'] } },
      CITY_ADMIN,
    );
    const two = await h.rules.create(
      { ...WATER, name: '乙', params: { ...WATER.params, for: 0 }, appliesTo: { deviceTypes: ['water_level_gauge'] } },
      CITY_ADMIN,
    );
    h.devices.set('a', device('a', 'water_level_gauge'));
    h.devices.set('b', device('b', 'water_level_gauge'));
    await h.send([level('a', 0, 20), level('b', 0, 20)]);
    expect(h.signals).toHaveLength(4);
    h.signals.length = 0;
    await h.restart(async () => {
      await h.rules.remove(one.id, CITY_ADMIN);
      await h.rules.patch(two.id, { params: { threshold: 18 } }, CITY_ADMIN);
      h.devices.delete('b');
    });
    expect(h.signals.map((s) => [s.kind, s.ruleId === one.id ? '甲' : '乙', s.deviceId, s.details.reason]).sort()).toEqual([
      ['clear', '乙', 'a', 'rule_changed'],
      ['clear', '乙', 'b', 'rule_changed'],
      ['clear', '甲', 'a', 'rule_removed'],
      ['clear', '甲', 'b', 'rule_removed'],
    ]);
    expect(await h.t.database.db.selectFrom('rule_state').selectAll().execute()).toEqual([]);
    // The changed rule starts over: a raises again under the new threshold.
    await h.send([level('a', 1, 20)]);
    expect(h.signals.at(-1)).toMatchObject({ kind: 'raise', ruleId: two.id, deviceId: 'a' });
  });

  it('lets go of devices a narrower selector or a move leaves out', async () => {
    const rule = await h.rules.create(
      { ...WATER, params: { ...WATER.params, for: 0 }, appliesTo: { deviceTypes: ['water_level_gauge'] } },
      CITY_ADMIN,
    );
    h.devices.set('a', device('a', 'water_level_gauge', { jurisdictionPath: '/c/d1/s1/' }));
    h.devices.set('b', device('b', 'water_level_gauge', { jurisdictionPath: '/c/d2/' }));
    await h.send([level('a', 0, 20), level('b', 0, 20)]);
    await h.rules.patch(rule.id, { appliesTo: { jurisdiction: 'd1' } }, CITY_ADMIN);
    expect(h.signals.map((s) => [s.kind, s.deviceId])).toEqual([
      ['raise', 'a'],
      ['raise', 'b'],
      ['clear', 'b'],
    ]);
    h.devices.set('a', device('a', 'water_level_gauge', { jurisdictionPath: '/c/d2/' }));
    await h.engine.deviceChanged('a');
    expect(h.signals.at(-1)).toMatchObject({
      kind: 'clear',
      deviceId: 'a',
      details: expect.objectContaining({ reason: 'device_changed' }),
    });
    h.devices.set('b', device('b', 'water_level_gauge', { jurisdictionPath: '/c/d1/' }));
    await h.engine.deviceChanged('b');
    await h.send([level('b', 1, 21)]);
    expect(h.signals.at(-1)).toMatchObject({ kind: 'raise', deviceId: 'b' });
  });

  it('keeps to its own shard: each process loads and saves only its devices’ state', async () => {
    await h.rules.create(WATER, CITY_ADMIN);
    h.devices.set('a', device('a', 'water_level_gauge'));
    h.devices.set('b', device('b', 'water_level_gauge'));
    const shard = (mine: string) =>
      createRulesEngine({
        database: h.t.database,
        clock: h.clock,
        deviceFacts: (id) => h.devices.get(id),
        ownsDevice: (id) => id === mine,
        options: { subscribe: false, tickMs: 0, snapshotMs: 0, rulesPollMs: 0 },
      });
    const [a1, b1] = [shard('a'), shard('b')];
    await a1.start();
    await b1.start();
    a1.processBatch({ readings: [level('a', 0, 20)], receivedAt: T0 });
    b1.processBatch({ readings: [level('b', 0, 20)], receivedAt: T0 });
    await a1.stop();
    await b1.stop();
    // Restarted one after the other: the first must not discard the other shard's saved state.
    const [a2, b2] = [shard('a'), shard('b')];
    await a2.start();
    await b2.start();
    expect(a2.processBatch({ readings: [level('a', 5, 20)], receivedAt: T0 }).map((s) => [s.kind, s.deviceId])).toEqual([['raise', 'a']]);
    expect(b2.processBatch({ readings: [level('b', 5, 20)], receivedAt: T0 }).map((s) => [s.kind, s.deviceId])).toEqual([['raise', 'b']]);
    await a2.stop();
    await b2.stop();
  });

  it('watches registered devices that never reported, from when the engine started watching', async () => {
    h.devices.set('silent', device('silent', 'door_sensor'));
    await h.rules.create(
      {
        name: '未开门',
        kind: 'absence',
        params: { after: '24h', metric: 'open', value: true },
        appliesTo: { deviceTypes: ['door_sensor'] },
        level: 'yellow',
        messageTemplate: '{device}',
      },
      CITY_ADMIN,
    );
    expect(await h.advanceTo(T0 + 23 * H)).toEqual([]);
    expect((await h.advanceTo(T0 + 24 * H)).map((s) => [s.deviceId, (s.ts - T0) / H])).toEqual([['silent', 24]]);
  });

  it('shows the raised devices in the caller’s scope, live and from the snapshot', async () => {
    const rule = await h.rules.create(
      { ...WATER, params: { ...WATER.params, for: 0 }, appliesTo: { deviceTypes: ['water_level_gauge'] } },
      CITY_ADMIN,
    );
    h.devices.set('a', device('a', 'water_level_gauge', { jurisdictionPath: '/c/d1/s1/' }));
    h.devices.set('b', device('b', 'water_level_gauge', { jurisdictionPath: '/c/d2/' }));
    h.devices.set('c', device('c', 'water_level_gauge', { jurisdictionPath: '/c/d2/' }));
    await h.send([level('a', 0, 20), level('b', 0, 20), level('c', 0, 3)]);
    const live = await h.rules.state(rule.id, { userId: null, scopePath: '/c/d1/' });
    expect(live).toMatchObject({ source: 'engine', bound: 3, firing: [{ deviceId: 'a', jurisdictionPath: '/c/d1/s1/' }] });
    expect(live.firing[0]!.state).toMatchObject({ phase: 'firing', conds: [{ ts: T0, value: 20 }] });
    await h.engine.snapshot();
    const fromDb = createRulesService({ database: h.t.database, clock: h.clock, geo: treeLookup });
    const saved = await fromDb.state(rule.id, CITY_ADMIN);
    // A periodic snapshot holds what changed materially: c's latest value alone was not worth a write.
    expect(saved).toMatchObject({ source: 'snapshot', bound: 2 });
    expect(saved.firing.map((f) => f.deviceId)).toEqual(['a', 'b']);
  });
});
