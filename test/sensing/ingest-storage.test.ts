/**
 * Readings in storage, on every available dialect: a valid reading next to an invalid one is
 * stored, a repeated (device, metric, ts) is stored and passed on once, out-of-order readings
 * are stored and passed on in event time, the latest value is the newest in event time (also
 * after a restart that lost the unflushed latest values), history pages through a range, and
 * concurrent MQTT payloads are written in shared batches.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReadingBatch } from '../../src/sensing/reading-model.ts';
import { createSensingService } from '../../src/sensing/service.ts';
import { availableDialects } from '../support/test-db.ts';
import { startSensingPlatform, T0, type SensingPlatform } from './support.ts';

const MIN = 60_000;

describe.each(availableDialects())('reading storage on %s', (dialect) => {
  let p: SensingPlatform;
  const batches = () => p.published.filter((m) => m.subject.startsWith('readings.')).map((m) => m.data as ReadingBatch);

  beforeAll(async () => {
    p = await startSensingPlatform({ dialect, city: 'tiny' });
    for (const [id, type] of [
      ['wl-d1-0001', 'water_level_gauge'],
      ['wl-d1-0002', 'water_level_gauge'],
      ['mh-d1-0001', 'manhole_cover'],
      ['wm-d1-0001', 'water_meter'],
    ] as const) {
      await p.sensing.createDevice({ id, type, lon: 121.3, lat: 31.3, ownerUnit: 'U-water' }, '/');
    }
    // The readings below lie between T0 and T0 + 200 min: none of them is in the future.
    p.clock.set(T0 + 6 * 60 * MIN);
  });
  afterAll(async () => p?.dispose());

  it('stores the valid readings of a batch and refuses the invalid ones', async () => {
    const r = await p.sensing.ingestReadings(
      {
        json: [
          { deviceId: 'wl-d1-0001', ts: T0, values: { water_level_cm: 3.5, battery_pct: 90 } },
          { deviceId: 'wl-d1-0001', ts: T0 + MIN, values: { water_level_cm: 9999 } },
          { deviceId: 'nobody-0001', ts: T0, values: { water_level_cm: 1 } },
          { deviceId: 'mh-d1-0001', ts: T0, values: { tilt_deg: 2, open: false } },
        ],
      },
      '/',
    );
    expect(r).toMatchObject({ accepted: 4, duplicates: 0 });
    expect(r.rejected.map((x) => [x.index, x.reason, x.field])).toEqual([
      [1, 'out_of_range', '[1].values.water_level_cm'],
      [2, 'unknown_device', '[2].deviceId'],
    ]);
    const h = await p.sensing.deviceHistory('wl-d1-0001', '/', { from: T0 - MIN, to: T0 + 10 * MIN });
    expect(h.items).toEqual([
      { ts: T0, metric: 'battery_pct', value: 90 },
      { ts: T0, metric: 'water_level_cm', value: 3.5 },
    ]);
    const cover = await p.sensing.deviceHistory('mh-d1-0001', '/', { from: T0 - MIN, to: T0 + MIN });
    expect(cover.items).toEqual([
      { ts: T0, metric: 'open', value: false },
      { ts: T0, metric: 'tilt_deg', value: 2 },
    ]);
  });

  it('stores and passes on a repeated (device, metric, ts) once, also within one batch', async () => {
    const before = batches().length;
    const items = [
      { deviceId: 'wl-d1-0002', ts: T0 + 2 * MIN, values: { water_level_cm: 1 } },
      { deviceId: 'wl-d1-0002', ts: T0 + 2 * MIN, values: { water_level_cm: 2 } },
      { deviceId: 'wl-d1-0002', ts: T0 + 3 * MIN, values: { water_level_cm: 3 } },
    ];
    expect(await p.sensing.ingestReadings({ json: items }, '/')).toMatchObject({ accepted: 3, duplicates: 1, rejected: [] });
    expect(await p.sensing.ingestReadings({ json: items }, '/')).toMatchObject({ accepted: 3, duplicates: 3 });
    const h = await p.sensing.deviceHistory('wl-d1-0002', '/', { from: T0, to: T0 + 10 * MIN });
    expect(h.items.map((x) => [x.ts - T0, x.value])).toEqual([
      [2 * MIN, 1],
      [3 * MIN, 3],
    ]);
    const sent = batches()
      .slice(before)
      .flatMap((b) => b.readings);
    expect(sent.map((r) => r.value)).toEqual([1, 3]);
  });

  it('stores out-of-order readings, passes each batch on in event time, and keeps the newest as latest', async () => {
    const before = batches().length;
    // MQTT hands payloads over as Buffers.
    await p.sensing.ingestPayload(
      'wm-d1-0001',
      Buffer.from(JSON.stringify({ ts: T0 + 30 * MIN, values: { volume_m3: 0.3 } })),
      T0 + 30 * MIN,
    );
    await p.sensing.ingestPayload(
      'wm-d1-0001',
      JSON.stringify([
        { ts: T0 + 20 * MIN, values: { volume_m3: 0.2 } },
        { ts: new Date(T0 + 10 * MIN).toISOString(), values: { volume_m3: 0.1 } },
      ]),
      T0 + 31 * MIN,
    );
    const sent = batches().slice(before);
    expect(sent.map((b) => b.readings.map((r) => r.ts - T0))).toEqual([[30 * MIN], [10 * MIN, 20 * MIN]]);
    expect(sent[1]!.receivedAt).toBe(T0 + 31 * MIN);
    const h = await p.sensing.deviceHistory('wm-d1-0001', '/', { from: T0, to: T0 + 60 * MIN, metric: 'volume_m3' });
    expect(h.items.map((x) => x.value)).toEqual([0.1, 0.2, 0.3]);
    // Newest in event time, before and after the latest values are flushed.
    expect((await p.sensing.getDevice('wm-d1-0001', '/')).latest.volume_m3).toEqual({ ts: T0 + 30 * MIN, value: 0.3 });
    await p.sensing.flush();
    await p.sensing.ingestPayload('wm-d1-0001', JSON.stringify({ ts: T0 + 5 * MIN, values: { volume_m3: 0.05 } }), T0 + 32 * MIN);
    await p.sensing.flush();
    expect((await p.sensing.getDevice('wm-d1-0001', '/')).latest.volume_m3).toEqual({ ts: T0 + 30 * MIN, value: 0.3 });
  });

  it('pages through history with a cursor, per metric or all', async () => {
    const json = Array.from({ length: 25 }, (_, i) => ({
      deviceId: 'mh-d1-0001',
      ts: T0 + (i + 1) * MIN,
      values: { tilt_deg: i, open: i % 2 === 0 },
    }));
    await p.sensing.ingestReadings({ json }, '/');
    const seen: Array<[number, string]> = [];
    let cursor: string | undefined;
    do {
      const page = await p.sensing.deviceHistory('mh-d1-0001', '/', {
        from: T0 + MIN,
        to: T0 + 26 * MIN,
        limit: 7,
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...page.items.map((x): [number, string] => [x.ts, x.metric]));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(50);
    expect(new Set(seen.map((s) => s.join())).size).toBe(50);
    expect(seen).toEqual([...seen].sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1])));
    const tilt = await p.sensing.deviceHistory('mh-d1-0001', '/', { from: T0 + 10 * MIN, to: T0 + 13 * MIN, metric: 'tilt_deg' });
    expect(tilt.items.map((x) => x.value)).toEqual([9, 10, 11]);
  });

  it('writes many concurrent MQTT payloads in shared batches', async () => {
    const stats0 = p.sensing.ingestStats().writer;
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        p.sensing.ingestPayload(
          'wl-d1-0002',
          JSON.stringify({ ts: T0 + 100 * MIN + i, values: { water_level_cm: i / 10 } }),
          T0 + 100 * MIN,
        ),
      ),
    );
    expect(results.every((r) => r.accepted === 1 && r.rejected.length === 0)).toBe(true);
    const stats1 = p.sensing.ingestStats().writer;
    expect(stats1.readings - stats0.readings).toBe(300);
    expect(stats1.batches - stats0.batches).toBeLessThan(10);
    const h = await p.sensing.deviceHistory('wl-d1-0002', '/', { from: T0 + 100 * MIN, to: T0 + 101 * MIN });
    expect(h.items).toHaveLength(300);
  });

  it('rebuilds latest values that were stored as readings but not flushed before a crash', async () => {
    const crashing = await createSensingService({
      database: p.testDb.database,
      clock: p.clock,
      bus: null,
      geo: p.geo,
      directory: p.directory,
      options: { latestFlushMs: 3_600_000 },
    });
    await crashing.ingestPayload('wl-d1-0001', JSON.stringify({ ts: T0 + 200 * MIN, values: { water_level_cm: 42 } }), T0 + 200 * MIN);
    // No close(): the pending latest value is lost with the process. A new process recovers it.
    const next = await createSensingService({ database: p.testDb.database, clock: p.clock, bus: null, geo: p.geo, directory: p.directory });
    try {
      expect((await next.getDevice('wl-d1-0001', '/')).latest.water_level_cm).toEqual({ ts: T0 + 200 * MIN, value: 42 });
    } finally {
      await next.close();
    }
  });

  it('keeps readings of a deleted device as history but forgets its latest values', async () => {
    await p.sensing.createDevice({ id: 'wl-d1-0099', type: 'water_level_gauge', lon: 121.3, lat: 31.3 }, '/');
    await p.sensing.ingestReadings({ json: [{ deviceId: 'wl-d1-0099', ts: T0, values: { water_level_cm: 7 } }] }, '/');
    await p.sensing.flush();
    await p.sensing.deleteDevice('wl-d1-0099', '/');
    expect(p.sensing.deviceFacts('wl-d1-0099')).toBeUndefined();
    await p.sensing.createDevice({ id: 'wl-d1-0099', type: 'water_level_gauge', lon: 121.3, lat: 31.3 }, '/');
    const d = await p.sensing.getDevice('wl-d1-0099', '/');
    expect(d.latest).toEqual({});
    expect((await p.sensing.deviceHistory('wl-d1-0099', '/', { from: T0 - MIN, to: T0 + MIN })).items).toHaveLength(1);
  });

  it('tells another process about device changes over the bus', async () => {
    const other = await createSensingService({
      database: p.testDb.database,
      clock: p.clock,
      bus: p.bus,
      geo: p.geo,
      directory: p.directory,
    });
    const heard: string[] = [];
    other.onDeviceChange((id) => heard.push(id));
    try {
      const { secret } = await p.sensing.createDevice({ id: 'dc-d1-0001', type: 'door_sensor', lon: 121.3, lat: 31.3 }, '/');
      expect(other.deviceFacts('dc-d1-0001')).toMatchObject({ type: 'door_sensor' });
      expect(await other.authenticateDevice('dc-d1-0001', secret)).toBe(true);
      const fresh = await p.sensing.rotateDeviceSecret('dc-d1-0001', '/');
      expect(await other.authenticateDevice('dc-d1-0001', secret)).toBe(false);
      expect(await other.authenticateDevice('dc-d1-0001', fresh)).toBe(true);
      await p.sensing.updateDevice('dc-d1-0001', { tags: ['elderly'] }, '/');
      expect(other.deviceFacts('dc-d1-0001')!.tags).toEqual(['elderly']);
      await p.sensing.deleteDevice('dc-d1-0001', '/');
      expect(other.deviceFacts('dc-d1-0001')).toBeUndefined();
      expect(heard).toEqual(['dc-d1-0001', 'dc-d1-0001', 'dc-d1-0001', 'dc-d1-0001']);
    } finally {
      await other.close();
    }
  });
});
