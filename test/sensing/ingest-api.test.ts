/**
 * Ingestion over HTTP on the demo city: every kind of bad input refused with a reason naming
 * the field while its valid neighbours are stored; NDJSON; limits; duplicates; scope; the
 * statistics; and what goes on the bus — reading batches per shard, detections with the
 * camera's facts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DetectionEvent, ReadingBatch } from '../../src/sensing/reading-model.ts';
import { shardOf } from '../../src/sensing/shard.ts';
import { PLACES, startSensingPlatform, T0, type SensingPlatform } from './support.ts';

let p: SensingPlatform;
let gateway: Record<string, string>;
const MIN = 60_000;
const NOW = T0 + 60 * MIN;

interface Report {
  accepted: number;
  duplicates: number;
  rejected: Array<{ index: number; reason: string; field?: string; message?: string }>;
}

function send(payload: unknown, headers = gateway, contentType = 'application/json') {
  return p.app.inject({
    method: 'POST',
    url: '/api/v1/readings',
    headers: { ...headers, 'content-type': contentType },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
}

const readingBatches = () => p.published.filter((m) => m.subject.startsWith('readings.'));

beforeAll(async () => {
  p = await startSensingPlatform({ shards: 4 });
  p.clock.set(NOW);
  gateway = await p.tokenFor(['admin'], '310101');
  const at = PLACES.nanjingEast;
  for (const [id, type] of [
    ['wl-310101002-0001', 'water_level_gauge'],
    ['wl-310101002-0002', 'water_level_gauge'],
    ['wl-310101002-0003', 'water_level_gauge'],
    ['wl-310101002-0004', 'water_level_gauge'],
    ['mh-310101002-0001', 'manhole_cover'],
    ['cam-310101002-0001', 'camera'],
  ] as const) {
    await p.sensing.createDevice({ id, type, lon: at.lon, lat: at.lat, tags: ['t'] }, '/');
  }
  await p.sensing.createDevice({ id: 'wl-310115-0001', type: 'water_level_gauge', lon: PLACES.pudong.lon, lat: PLACES.pudong.lat }, '/');
});
afterAll(async () => p?.dispose());

describe('POST /api/v1/readings', () => {
  it('answers 200 when every reading is taken', async () => {
    const res = await send([{ deviceId: 'wl-310101002-0001', ts: NOW - MIN, values: { water_level_cm: 12.5, battery_pct: 80 } }]);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
  });

  it.each([
    ['an unknown device', { deviceId: 'nobody-0001', ts: NOW, values: { water_level_cm: 1 } }, 'unknown_device', '[1].deviceId'],
    [
      'a device outside the caller’s jurisdiction',
      { deviceId: 'wl-310115-0001', ts: NOW, values: { water_level_cm: 1 } },
      'unknown_device',
      '[1].deviceId',
    ],
    [
      'a metric the type lacks',
      { deviceId: 'wl-310101002-0002', ts: NOW, values: { tilt_deg: 1 } },
      'unknown_metric',
      '[1].values.tilt_deg',
    ],
    [
      'a non-finite number',
      '{"deviceId":"wl-310101002-0002","ts":1795748400000,"values":{"water_level_cm":1e999}}',
      'not_finite',
      '[1].values.water_level_cm',
    ],
    ['a wrong value type', { deviceId: 'mh-310101002-0001', ts: NOW, values: { open: 'yes' } }, 'wrong_type', '[1].values.open'],
    [
      'a value outside the physical range',
      { deviceId: 'wl-310101002-0002', ts: NOW, values: { water_level_cm: 9000 } },
      'out_of_range',
      '[1].values.water_level_cm',
    ],
    [
      'a time 10 minutes ahead',
      { deviceId: 'wl-310101002-0002', ts: NOW + 10 * MIN, values: { water_level_cm: 1 } },
      'future_timestamp',
      '[1].ts',
    ],
    ['an unparseable time', { deviceId: 'wl-310101002-0002', ts: '27.11.2026', values: { water_level_cm: 1 } }, 'bad_timestamp', '[1].ts'],
    ['a missing values object', { deviceId: 'wl-310101002-0002', ts: NOW }, 'malformed', '[1].values'],
    ['a number where an item belongs', 7, 'malformed', '[1]'],
  ])('refuses %s, naming the field, and stores the valid reading beside it (207)', async (_name, bad, reason, field) => {
    const good = { deviceId: 'wl-310101002-0003', ts: NOW - Math.floor(Math.random() * 1e6), values: { water_level_cm: 3 } };
    const body = typeof bad === 'string' ? `[${JSON.stringify(good)},${bad}]` : [good, bad];
    const res = await send(body);
    expect(res.statusCode, res.body).toBe(207);
    const report = res.json<Report>();
    expect(report.accepted).toBe(1);
    expect(report.rejected).toEqual([expect.objectContaining({ index: 1, reason, field })]);
    const h = await p.sensing.deviceHistory('wl-310101002-0003', '/', { from: good.ts, to: good.ts + 1 });
    expect(h.items).toHaveLength(1);
  });

  it('takes NDJSON, numbering items by line', async () => {
    const lines = [
      JSON.stringify({ deviceId: 'wl-310101002-0004', ts: NOW - 3 * MIN, values: { water_level_cm: 1 } }),
      '{"deviceId": broken',
      '',
      JSON.stringify({ deviceId: 'wl-310101002-0004', ts: new Date(NOW - 2 * MIN).toISOString(), values: { water_level_cm: 2 } }),
      JSON.stringify({ deviceId: 'wl-310101002-0004', ts: NOW - MIN, values: { water_level_cm: -99 } }),
    ].join('\n');
    const res = await send(lines, gateway, 'application/x-ndjson');
    expect(res.statusCode, res.body).toBe(207);
    expect(res.json<Report>()).toMatchObject({ accepted: 2 });
    expect(res.json<Report>().rejected.map((r) => [r.index, r.reason, r.field])).toEqual([
      [1, 'malformed', '[1]'],
      [4, 'out_of_range', '[4].values.water_level_cm'],
    ]);
  });

  it('answers a batch of which nothing is taken with a 422 problem that names the field and keeps the report', async () => {
    const res = await send([
      { deviceId: 'wl-310101002-0003', ts: NOW - MIN, values: { tilt_deg: 3 } },
      { deviceId: 'no-such-device', ts: NOW - MIN, values: { water_level_cm: 1 } },
    ]);
    expect(res.statusCode, res.body).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json<Report & { code: string; field: string; detail: string; errors: Array<{ field: string }> }>();
    expect(body).toMatchObject({ status: 422, code: 'NOTHING_ACCEPTED', accepted: 0 });
    expect(body.rejected.map((r) => r.index)).toEqual([0, 1]);
    expect(body.field).toBe(`body${body.rejected[0]!.field}`);
    expect(body.errors.map((e) => e.field)).toEqual(body.rejected.map((r) => `body${r.field ?? `[${r.index}]`}`));
    expect(body.detail).toMatch(/^no readings taken: 2 refused; body\[0\]/);
  });

  it('refuses a body that is not a batch as a whole', async () => {
    expect((await send('{"not": "an array"}')).json()).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect((await send('[{"oops"')).json()).toMatchObject({ status: 400, code: 'INVALID_JSON' });
    const many = Array.from({ length: 50_001 }, () => 0);
    expect((await send(many)).json()).toMatchObject({ status: 413, code: 'TOO_MANY_ITEMS' });
  });

  it('stores a repeated batch once and passes it on once', async () => {
    const before = readingBatches().length;
    const batch = [
      { deviceId: 'wl-310101002-0002', ts: NOW - 30 * MIN, values: { water_level_cm: 5 } },
      { deviceId: 'wl-310101002-0002', ts: NOW - 29 * MIN, values: { water_level_cm: 6 } },
    ];
    expect((await send(batch)).json()).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
    expect((await send(batch)).json()).toEqual({ accepted: 2, duplicates: 2, rejected: [] });
    expect(readingBatches().length - before).toBe(1);
  });

  it('lets only ingest roles send', async () => {
    const inspector = await p.tokenFor(['inspector'], '310101');
    expect((await send([], inspector)).statusCode).toBe(403);
    expect((await send([], {})).statusCode).toBe(401);
  });
});

describe('on the bus', () => {
  it('publishes each batch on the shards of its devices, in event time, with the arrival time', async () => {
    const before = readingBatches().length;
    const ids = ['wl-310101002-0001', 'wl-310101002-0002', 'wl-310101002-0003', 'wl-310101002-0004'];
    const items = ids.flatMap((deviceId, i) => [
      { deviceId, ts: NOW - 5 * MIN + i, values: { water_level_cm: 2 } },
      { deviceId, ts: NOW - 10 * MIN + i, values: { water_level_cm: 1 } },
    ]);
    await send(items);
    const sent = readingBatches().slice(before);
    const expected = new Set(ids.map((id) => `readings.${shardOf(id, 4)}`));
    expect(new Set(sent.map((m) => m.subject))).toEqual(expected);
    for (const m of sent) {
      const batch = m.data as ReadingBatch;
      expect(batch.receivedAt).toBe(NOW);
      const ts = batch.readings.map((r) => r.ts);
      expect(ts).toEqual([...ts].sort((a, b) => a - b));
      for (const r of batch.readings) expect(m.subject).toBe(`readings.${shardOf(r.deviceId, 4)}`);
    }
    expect(sent.flatMap((m) => (m.data as ReadingBatch).readings)).toHaveLength(8);
  });
});

describe('POST /api/v1/detections', () => {
  const falling = {
    id: 'det-0001',
    cameraId: 'cam-310101002-0001',
    type: 'falling_object',
    confidence: 0.91,
    ts: NOW - MIN,
    building: '3号楼',
    floor: 12,
    unit: '2单元',
    snapshotRef: 'snap/0001.jpg',
    clip: { start: NOW - MIN - 5000, end: NOW - MIN + 5000 },
  };

  it('stores a detection and publishes it once with the camera’s facts', async () => {
    const detections = () => p.published.filter((m) => m.subject === 'detections').map((m) => m.data as DetectionEvent);
    const before = detections().length;
    const res = await p.app.inject({ method: 'POST', url: '/api/v1/detections', headers: gateway, payload: falling });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    const again = await p.app.inject({ method: 'POST', url: '/api/v1/detections', headers: gateway, payload: [falling] });
    expect(again.json()).toEqual({ accepted: 1, duplicates: 1, rejected: [] });
    const sent = detections().slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      detection: {
        id: 'det-0001',
        type: 'falling_object',
        building: '3号楼',
        floor: 12,
        unit: '2单元',
        clip: { start: NOW - MIN - 5000, end: NOW - MIN + 5000 },
      },
      camera: { id: 'cam-310101002-0001', type: 'camera', tags: ['t'] },
      receivedAt: NOW,
    });
    expect(sent[0]!.camera.jurisdictionPath).toBe(p.sensing.deviceFacts('cam-310101002-0001')!.jurisdictionPath);
  });

  it('refuses bad detections item by item (207)', async () => {
    const res = await p.app.inject({
      method: 'POST',
      url: '/api/v1/detections',
      headers: gateway,
      payload: [
        { ...falling, id: 'det-0002', building: undefined },
        { ...falling, id: 'det-0003', cameraId: 'wl-310101002-0001' },
        { ...falling, id: 'det-0004', confidence: 1.2 },
        { ...falling, id: 'det-0005', type: 'no_helmet', building: undefined, floor: undefined },
      ],
    });
    expect(res.statusCode).toBe(207);
    expect(res.json<Report>().rejected.map((r) => [r.index, r.reason, r.field])).toEqual([
      [0, 'missing_field', '[0].building'],
      [1, 'not_a_camera', '[1].cameraId'],
      [2, 'out_of_range', '[2].confidence'],
    ]);
    expect(res.json<Report>().accepted).toBe(1);
  });

  it('refuses a single detection it cannot take with a 422 problem naming the field', async () => {
    const res = await p.app.inject({
      method: 'POST',
      url: '/api/v1/detections',
      headers: gateway,
      payload: { ...falling, id: 'det-0006', confidence: 7 },
    });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json()).toMatchObject({
      code: 'NOTHING_ACCEPTED',
      field: 'body[0].confidence',
      rejected: [{ index: 0, reason: 'out_of_range' }],
    });
  });
});

describe('GET /api/v1/ingest/stats', () => {
  it('counts rejections per device and reason, MQTT refusals included, within the caller’s scope', async () => {
    p.sensing.recordRejection('mh-310101002-0001', 'auth');
    p.sensing.recordRejection('wl-310115-0001', 'acl');
    await p.sensing.ingestPayload('mh-310101002-0001', 'not json', NOW);
    const cityLead = await p.tokenFor(['shift_lead'], '310000');
    const res = await p.app.inject({ url: '/api/v1/ingest/stats', headers: cityLead });
    expect(res.statusCode, res.body).toBe(200);
    const stats = res.json<{
      accepted: number;
      rejected: number;
      byReason: Record<string, number>;
      devices: Array<{ deviceId: string; byReason: Record<string, number> }>;
    }>();
    expect(stats.accepted).toBeGreaterThan(10);
    expect(stats.byReason).toMatchObject({
      auth: 1,
      acl: 1,
      malformed: expect.any(Number),
      unknown_device: expect.any(Number),
      out_of_range: expect.any(Number),
    });
    const cover = stats.devices.find((d) => d.deviceId === 'mh-310101002-0001');
    expect(cover?.byReason).toEqual({ wrong_type: 1, auth: 1, malformed: 1 });
    expect(stats.devices.some((d) => d.deviceId === 'nobody-0001')).toBe(true);
    // A Huangpu shift lead sees Huangpu devices only, not Pudong's nor unregistered ids.
    const huangpuLead = await p.tokenFor(['shift_lead'], '310101');
    const local = (await p.app.inject({ url: '/api/v1/ingest/stats', headers: huangpuLead })).json<typeof stats>();
    expect(local.devices.map((d) => d.deviceId)).toContain('mh-310101002-0001');
    expect(local.devices.map((d) => d.deviceId)).not.toContain('wl-310115-0001');
    expect(local.devices.map((d) => d.deviceId)).not.toContain('nobody-0001');
    const inspector = await p.tokenFor(['inspector'], '310000');
    expect((await p.app.inject({ url: '/api/v1/ingest/stats', headers: inspector })).statusCode).toBe(403);
  });
});

it('GET /api/v1/device-types lists the types with metrics and units', async () => {
  const res = await p.app.inject({ url: '/api/v1/device-types', headers: gateway });
  const types = res.json<{ items: Array<{ code: string; metrics: Record<string, { unit?: string }> }> }>().items;
  expect(types.map((t) => t.code)).toEqual([
    'water_meter',
    'water_level_gauge',
    'manhole_cover',
    'smoke_detector',
    'gas_detector',
    'door_sensor',
    'camera',
  ]);
  expect(types[1]!.metrics.water_level_cm!.unit).toBe('cm');
});
