/**
 * The simulator against a whole platform listening on a real port (the demo city on the
 * suite's real database): it signs in, registers its devices through the API, sends a few
 * simulated hours in a few seconds over HTTP, and the platform counts them as accepted; a
 * second run finds the devices and creates none; over MQTT (the embedded broker) devices sign
 * in with their own secrets — unknown or stale ones are renewed through the API — and the
 * devices beyond the connection cap send over HTTP. Also the errors a person sees.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/directory/demo-directory.ts';
import { startMqttIngest, type MqttIngest } from '../../src/mqtt-ingest/start-mqtt-ingest.ts';
import { rainGauge, stormPlan } from '../../src/sim/rainstorm-scenario.ts';
import { planDevices } from '../../src/sim/scenarios.ts';
import { importDevices, postDetections, postReadings } from '../../src/sim/platform-api.ts';
import { connectPlatform } from '../../src/sim/platform-client.ts';
import { secretsPath } from '../../src/sim/secrets-file.ts';
import { simulate, type SimulateOptions } from '../../src/sim/simulate.ts';
import { simulateCommand } from '../../src/sim/simulate-command.ts';
import { signIn, startTestPlatform, type TestPlatform } from '../support/platform.ts';
import { PLACES } from './support.ts';
import { removeTempDir } from '../support/temp-dir.ts';

interface Stats {
  accepted: number;
  rejected: number;
  bySource: Record<'http' | 'mqtt' | 'detections', { accepted: number; rejected: number }>;
  devices: Array<{ deviceId: string; byReason: Record<string, number> }>;
}

describe('cityops simulate against a running platform', () => {
  let p: TestPlatform;
  let url: string;
  let dataDir: string;
  let mqtt: MqttIngest | undefined;
  let base: SimulateOptions;
  /** Wall clock of the run: the platform's (manual) clock, moved along with real time. */
  let now: () => number;

  beforeEach(async () => {
    p = await startTestPlatform();
    url = await p.app.listen({ port: 0, host: '127.0.0.1' });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cityops-sim-'));
    const start = p.clock.now();
    const t0 = Date.now();
    now = () => {
      const t = start + (Date.now() - t0);
      if (t > p.clock.now()) p.clock.set(t);
      return t;
    };
    base = {
      url,
      transport: 'http',
      mqttUrl: 'mqtt://127.0.0.1:1',
      devices: 40,
      rate: null,
      scenarios: ['elderly', 'rainstorm', 'manholes', 'construction'],
      durationMs: 3000,
      speed: 3600,
      username: 'admin',
      password: DEMO_PASSWORD,
      dataDir,
      seed: 1,
      focus: null,
    };
  });
  afterEach(async () => {
    await mqtt?.close();
    mqtt = undefined;
    await p.dispose();
    removeTempDir(dataDir);
  });

  const stats = async () => {
    const s = await signIn(p, 'admin', DEMO_PASSWORD);
    return (await p.app.inject({ method: 'GET', url: '/api/v1/ingest/stats', headers: s.headers })).json<Stats>();
  };

  it('registers its devices and sends hours of simulated time over HTTP, all accepted', async () => {
    const lines: string[] = [];
    const result = await simulate(base, { now, log: (l) => lines.push(l), tickMs: 50 });
    expect(result.setup).toMatchObject({ created: 40, existing: 0, skipped: [] });
    expect(result.interrupted).toBe(false);
    const c = result.counters;
    expect(c.sent).toBeGreaterThan(1000);
    expect(c.failed).toBe(0);
    expect(c.rejected).toBe(0);
    expect(c.accepted).toBe(c.sent);
    // 07:00–10:00 in Shanghai: the site cameras see workers without hard hats.
    expect(c.detectionsSent).toBeGreaterThan(0);
    expect(c.detectionsAccepted).toBe(c.detectionsSent);
    // 3 s at ×3600 reaches the present: nothing sent is dated after the clock.
    expect(result.counters.simTime).toBeLessThanOrEqual(now());
    expect(result.counters.simTime).toBeGreaterThan(result.timeline.simStart + 2 * 3600_000);

    const s = await stats();
    expect(s.bySource.http.accepted).toBe(c.accepted);
    expect(s.bySource.detections.accepted).toBe(c.detectionsAccepted);
    expect(lines.join('\n')).toMatch(/simulating 40 devices/);

    const session = await signIn(p, 'admin', DEMO_PASSWORD);
    const devices = (await p.app.inject({ method: 'GET', url: '/api/v1/devices?tag=sim&limit=1000', headers: session.headers })).json<{
      items: Array<{ id: string; type: string; tags: string[]; lastSeen: number | null }>;
    }>().items;
    expect(devices).toHaveLength(40);
    const meter = devices.find((d) => d.id === 'sim-wm-0001');
    expect(meter).toMatchObject({ type: 'water_meter', tags: expect.arrayContaining(['sim', 'elderly_alone']) });
    for (const d of devices.filter((x) => x.type !== 'camera')) expect(d.lastSeen).toBeLessThanOrEqual(now());

    const file = secretsPath(dataDir);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as { platforms: Record<string, Record<string, string>> };
    expect(Object.keys(doc.platforms[url] ?? {})).toHaveLength(40);

    // Again: the devices are there, nothing is created.
    const again = await simulate({ ...base, durationMs: 500, speed: 1 }, { now, tickMs: 50 });
    expect(again.setup).toMatchObject({ created: 0, existing: 40, retagged: 0 });
  });

  it('floods the deep spots in a rainstorm: the platform raises standing-water alerts for exactly those gauges', async () => {
    const result = await simulate({ ...base, scenarios: ['rainstorm'], devices: 12 }, { now, tickMs: 50 });
    expect(result.counters.accepted).toBe(result.counters.sent);
    // How deep a spot floods depends on the seed and the id, not on where it stands.
    const storm = stormPlan({ seed: 1, simStart: result.timeline.simStart });
    const deep = planDevices({ seed: 1, counts: [['rainstorm', 12]], places: PLACES, rate: null })
      .filter((d) => rainGauge(d, storm).peakCm > 15)
      .map((d) => d.id)
      .sort();
    expect(deep.length).toBeGreaterThan(0);
    const session = await signIn(p, 'admin', DEMO_PASSWORD);
    const raisedFor = async () =>
      (
        await p.app.inject({ method: 'GET', url: '/api/v1/alerts?rule=demo-standing-water-level&limit=500', headers: session.headers })
      ).json<{ items: Array<{ deviceId: string; level: string }> }>().items;
    for (let i = 0; i < 50 && (await raisedFor()).length < deep.length; i++) await new Promise((r) => setTimeout(r, 100));
    const alerts = await raisedFor();
    expect(alerts.map((a) => a.deviceId).sort()).toEqual(deep);
    for (const a of alerts) expect(a.level).toBe('orange');
  });

  it('replays 12 hours of elderly meters in two seconds: the platform raises the welfare check for the quiet ones only', async () => {
    // The platform's engine ticks on its own clock meanwhile, as it does in `cityops start`:
    // while the replay lags the clock, no meter may look quiet.
    const ticker = setInterval(() => void p.engine.tickAndPublish(now()), 100);
    const result = await simulate({ ...base, scenarios: ['elderly'], devices: 100, speed: 21_600, durationMs: 2000 }, { now, tickMs: 50 });
    clearInterval(ticker);
    expect(result.counters.accepted).toBe(result.counters.sent);
    expect(result.timeline.simStart).toBeLessThanOrEqual(result.timeline.wallStart - 11.9 * 3600_000);
    // The platform notices silence on its clock: an hour later (the first reports came up to
    // 15 minutes after the replay began), its tick finds 12 quiet hours at two meters.
    // Signed in afresh each time: an hour of the platform's clock outlasts a session.
    const raisedFor = async () =>
      (
        await p.app.inject({
          method: 'GET',
          url: '/api/v1/alerts?rule=demo-elderly-no-water&limit=500',
          headers: (await signIn(p, 'admin', DEMO_PASSWORD)).headers,
        })
      )
        .json<{ items: Array<{ deviceId: string }> }>()
        .items.map((a) => a.deviceId)
        .sort();
    await new Promise((r) => setTimeout(r, 300));
    expect(await raisedFor()).toEqual([]);
    p.clock.advance(3600_000);
    await p.engine.tickAndPublish();
    for (let i = 0; i < 50 && (await raisedFor()).length < 2; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await raisedFor()).toEqual(['sim-wm-0002', 'sim-wm-0052']);
  });

  it('keeps gauges and covers from looking offline while a slow replay lags the platform clock (heartbeats)', async () => {
    // The replay runs at ×2 for an hour of the platform's clock, so it starts an hour back and for
    // most of the run the newest reading is older than the 30 minutes of the offline rule. The
    // clock moves one minute each time the simulator asks for the time (once per loop turn and
    // progress report), never by the wall: however slow the machine, the simulator gets a turn
    // between any two minutes, and its heartbeats (every 5 minutes while it lags) must keep the
    // gauges and covers online.
    let virtual = p.clock.now();
    const step = () => {
      virtual += 60_000;
      p.clock.set(virtual);
      return virtual;
    };
    const ticker = setInterval(() => void p.engine.tickAndPublish(p.clock.now()), 50);
    const result = await simulate(
      { ...base, scenarios: ['rainstorm', 'manholes'], devices: 10, speed: 2, durationMs: 3_600_000 },
      { now: step, tickMs: 5 },
    );
    clearInterval(ticker);
    await p.engine.tickAndPublish(p.clock.now());
    expect(result.counters.accepted).toBe(result.counters.sent);
    const session = await signIn(p, 'admin', DEMO_PASSWORD);
    const offline = (
      await p.app.inject({ method: 'GET', url: '/api/v1/alerts?rule=demo-device-offline&limit=500', headers: session.headers })
    ).json<{ items: { deviceId: string; raisedAt: number; endedAt: number; state: string }[] }>().items;
    expect(offline).toEqual([]);
  });

  it('publishes over MQTT as the devices themselves, renewing secrets it does not know', async () => {
    mqtt = await startMqttIngest({
      ingest: p.sensing,
      clock: p.clock,
      config: { mqttPort: 0, mqttUrl: null, mqttUsername: null, mqttPassword: null, host: '127.0.0.1' },
    });
    if (mqtt.mode !== 'embedded') throw new Error('expected the embedded broker');
    const mqttUrl = `mqtt://127.0.0.1:${mqtt.port}`;
    // A first run registers the devices; then the secrets are lost, and one is wrong.
    await simulate({ ...base, durationMs: 200, speed: 1 }, { now, tickMs: 50 });
    const file = secretsPath(dataDir);
    fs.writeFileSync(file, JSON.stringify({ version: 1, platforms: { [url]: { 'sim-mh-0001': 'not-the-secret-of-this-device' } } }));

    const lines: string[] = [];
    const before = await stats();
    const result = await simulate(
      { ...base, transport: 'mqtt', mqttUrl, maxMqttConnections: 10 },
      { now, log: (l) => lines.push(l), tickMs: 50 },
    );
    const log = lines.join('\n');
    expect(log).toMatch(/at most 10 connections/);
    expect(log).toMatch(/gave 9 devices a new secret/);
    expect(result.mqttDevices).toBe(10);
    expect(result.counters.failed).toBe(0);
    const after = await stats();
    expect(after.bySource.mqtt.accepted - before.bySource.mqtt.accepted).toBeGreaterThan(0);
    // The one refusal: the stale secret, before it was renewed.
    expect(after.bySource.mqtt.rejected - before.bySource.mqtt.rejected).toBe(1);
    expect(after.devices.map((d) => [d.deviceId, d.byReason])).toEqual([['sim-mh-0001', { auth: 1 }]]);
    expect(after.bySource.http.accepted - before.bySource.http.accepted).toBeGreaterThan(0);
    expect(result.counters.accepted).toBe(result.counters.sent);
    const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as { platforms: Record<string, Record<string, string>> };
    expect(doc.platforms[url]?.['sim-mh-0001']).not.toBe('not-the-secret-of-this-device');
    expect(Object.keys(doc.platforms[url] ?? {})).toHaveLength(10);
  });

  it('puts about half of the devices in the --focus district, where the platform locates them', async () => {
    await expect(simulate({ ...base, focus: '999999' }, { now, tickMs: 50 })).rejects.toThrow(
      /--focus: the platform has no jurisdiction with code "999999"/,
    );
    const result = await simulate({ ...base, devices: 80, durationMs: 300, speed: 1, focus: '310101' }, { now, tickMs: 50 });
    const session = await signIn(p, 'admin', DEMO_PASSWORD);
    const huangpu = (await p.app.inject({ method: 'GET', url: '/api/v1/jurisdictions/310101' })).json<{ id: string }>().id;
    const devices = (await p.app.inject({ method: 'GET', url: '/api/v1/devices?tag=sim&limit=1000', headers: session.headers })).json<{
      items: Array<{ id: string; jurisdictionPath: string }>;
    }>().items;
    expect(devices).toHaveLength(result.setup.created);
    const inside = devices.filter((d) => d.jurisdictionPath.includes(`/${huangpu}/`)).length;
    // 黄浦 holds ~2 % of the communities: without the focus, one or two of 80 would stand there.
    expect(inside / devices.length).toBeGreaterThan(0.35);
  });

  it('reads a batch the platform takes none of (422 NOTHING_ACCEPTED) as its report, not as a failure', async () => {
    const c = await connectPlatform({ url, username: 'admin', password: DEMO_PASSWORD });
    const ts = p.clock.now() - 60_000;
    const readings = await postReadings(c, [{ deviceId: 'sim-none-0001', ts, values: { water_level_cm: 1 } }]);
    expect(readings).toMatchObject({ accepted: 0, rejected: [{ index: 0, reason: 'unknown_device' }] });
    const detection = {
      id: 'd-none',
      cameraId: 'sim-none-cam',
      type: 'no_helmet' as const,
      confidence: 0.9,
      ts,
      snapshotRef: 's',
      clip: { start: ts, end: ts },
    };
    expect(await postDetections(c, [detection])).toMatchObject({ accepted: 0, rejected: [{ index: 0, reason: 'unknown_device' }] });
    const rows = [{ id: 'sim-none-0002', type: 'toaster', name: 'x', lon: 121.48, lat: 31.23, tags: ['sim'], householdRef: null }];
    expect(await importDevices(c, rows)).toMatchObject({ created: 0, rejected: [{ index: 0, field: '[0].type' }] });
  });

  it('says what is wrong: a refused sign-in, an unreachable platform', async () => {
    const out: string[] = [];
    const err = { write: (s: string) => out.push(s) };
    const input = { dataDir, defaultUrl: url, defaultMqttUrl: 'mqtt://127.0.0.1:1', duration: '1s' };
    expect(await simulateCommand({ ...input, password: 'wrong-password-1' }, { err })).toBe(1);
    expect(out.join('')).toMatch(/error: sign-in refused at http:\/\/127\.0\.0\.1:\d+: wrong user name or password for "admin"/);
    out.length = 0;
    await p.app.close();
    expect(await simulateCommand(input, { err })).toBe(1);
    expect(out.join('')).toMatch(
      /error: cannot reach the platform at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)\. Is it running\? Start it with `npm start`/,
    );
    expect(out.join('')).not.toMatch(/\n\s+at /); // no stack trace
  });
});
