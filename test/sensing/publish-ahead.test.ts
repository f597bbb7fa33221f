/**
 * Readings passed on ahead of storage (reading-writer.ts, reading-frontier.ts), on every
 * available dialect: once a key's frontier is known, a newer reading is published in a message
 * of its own before its batch is stored, a late one after storage; a repeat of a reading
 * published ahead — also sent at the same time — is stored and passed on once; and a key's
 * frontier starts from what an earlier process stored, so a reading it stored and a gateway
 * sends again after a restart is not passed on as new.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReadingBatch } from '../../src/sensing/reading-model.ts';
import { createSensingService } from '../../src/sensing/service.ts';
import { availableDialects } from '../support/test-db.ts';
import { startSensingPlatform, T0, type SensingPlatform } from './support.ts';

const MIN = 60_000;

describe.each(availableDialects())('readings passed on ahead of storage on %s', (dialect) => {
  let p: SensingPlatform;
  const sentSince = (n: number) =>
    p.published
      .slice(n)
      .filter((m) => m.subject.startsWith('readings.'))
      .map((m) => (m.data as ReadingBatch).readings.map((r) => (r.ts - T0) / MIN));
  const level = (id: string, minutes: number[]) => ({
    json: minutes.map((m) => ({ deviceId: id, ts: T0 + m * MIN, values: { water_level_cm: m } })),
  });

  beforeAll(async () => {
    p = await startSensingPlatform({ dialect, city: 'tiny' });
    for (const id of ['wl-d1-0001', 'wl-d1-0002', 'wl-d1-0003'])
      await p.sensing.createDevice({ id, type: 'water_level_gauge', lon: 121.3, lat: 31.3, ownerUnit: 'U-water' }, '/');
    p.clock.set(T0 + 6 * 60 * MIN);
  });
  afterAll(async () => p?.dispose());

  it('publishes a reading newer than its key at once and a late one after storage, each once', async () => {
    await p.sensing.ingestReadings(level('wl-d1-0001', [5]), '/');
    await p.sensing.flush();
    const n = p.published.length;
    expect(await p.sensing.ingestReadings(level('wl-d1-0001', [9, 7, 5]), '/')).toMatchObject({ accepted: 3, duplicates: 1 });
    // 9 is newer than everything known (5): ahead; 7 is older than 9, so storage decides.
    expect(sentSince(n)).toEqual([[9], [7]]);
    const h = await p.sensing.deviceHistory('wl-d1-0001', '/', { from: T0, to: T0 + 10 * MIN });
    expect(h.items.map((x) => (x.ts - T0) / MIN)).toEqual([5, 7, 9]);
  });

  it('passes on a reading sent twice at the same time once', async () => {
    await p.sensing.ingestReadings(level('wl-d1-0002', [1]), '/');
    await p.sensing.flush();
    const n = p.published.length;
    const twice = await Promise.all([
      p.sensing.ingestPayload('wl-d1-0002', JSON.stringify({ ts: T0 + 2 * MIN, values: { water_level_cm: 2 } }), T0 + 2 * MIN),
      p.sensing.ingestPayload('wl-d1-0002', JSON.stringify({ ts: T0 + 2 * MIN, values: { water_level_cm: 2 } }), T0 + 2 * MIN),
    ]);
    expect(twice.map((r) => r.duplicates).sort()).toEqual([0, 1]);
    expect(sentSince(n).flat()).toEqual([2]);
  });

  it('starts a key from what an earlier process stored', async () => {
    const earlier = await createSensingService({ database: p.testDb.database, clock: p.clock, bus: null, geo: p.geo, directory: p.directory });
    await earlier.ingestReadings(level('wl-d1-0003', [10, 20, 30]), '/');
    await earlier.close();
    // This process first hears of the key through a back-filled reading, then the gateway sends
    // what the earlier one stored again, then something new.
    const n = p.published.length;
    await p.sensing.ingestReadings(level('wl-d1-0003', [1]), '/');
    await p.sensing.flush();
    expect(await p.sensing.ingestReadings(level('wl-d1-0003', [20, 30]), '/')).toMatchObject({ duplicates: 2 });
    await p.sensing.ingestReadings(level('wl-d1-0003', [40]), '/');
    expect(sentSince(n)).toEqual([[1], [40]]);
  });
});
