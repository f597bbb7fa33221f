/**
 * `simulate`: realistic traffic for the demo city against a running platform, over its public
 * interfaces only (HTTP API, MQTT broker). Signs in, makes sure the simulated devices exist,
 * then generates each stretch of simulated time and sends it, until the duration is over or
 * the signal aborts. Runs in-process for tests; `simulate-command.ts` is the CLI around it.
 */
import { describeRun } from './banner.ts';
import { newCounters, type Counters, type ProgressSnapshot } from './counters.ts';
import { ensureDevices, ensureSecrets, type SecretsKeeper, type SetupReport } from './device-setup.ts';
import { generateStretch, reportsPerMs } from './generate.ts';
import { connectFleet, MAX_MQTT_CONNECTIONS, type MqttFleet } from './mqtt-fleet.ts';
import { communitiesUnder, fetchCommunities } from './platform-api.ts';
import { connectPlatform, SimError, type PlatformClient } from './platform-client.ts';
import { allocateDevices, bindUnits, planDevices } from './scenarios.ts';
import { loadSecrets, secretsPath } from './secrets-file.ts';
import { createSender, type Sender } from './sender.ts';
import { planTimeline, simTimeAt, type Timeline } from './sim-clock.ts';
import { MINUTE, type Outbox, type ScenarioName, type SimDevice } from './sim-model.ts';

/** What to simulate, where. */
export interface SimulateOptions {
  /** The platform, e.g. `http://localhost:8080`. */
  url: string;
  transport: 'http' | 'mqtt';
  /** The platform's MQTT broker, e.g. `mqtt://localhost:1883`. */
  mqttUrl: string;
  /** Devices in all, shared among the scenarios. */
  devices: number;
  /** Readings per simulated second to aim at; null: the devices' natural periods. */
  rate: number | null;
  scenarios: readonly ScenarioName[];
  /** Wall-clock ms to run; 0 = until aborted. */
  durationMs: number;
  /** Simulated time per wall-clock time (≥ 1). */
  speed: number;
  username: string;
  password: string;
  /** Where the device secrets are kept (`sim-devices.json`). */
  dataDir: string;
  /** Seed of everything random: locations, habits, incidents, noise. */
  seed: number;
  /** A jurisdiction code where about half of the devices are placed (`--focus`); null: spread over the city. */
  focus: string | null;
  /** Most MQTT connections (default MAX_MQTT_CONNECTIONS). */
  maxMqttConnections?: number;
}

/** How the simulation meets the world; defaults suit the CLI. */
export interface SimulateHooks {
  /** Wall clock (default Date.now). */
  now?: () => number;
  /** Messages for the person running it. */
  log?: (line: string) => void;
  /** Called once a second with the figures so far. */
  onProgress?: (p: ProgressSnapshot) => void;
  /** Stops the simulation (Ctrl-C); it then finishes what it is sending and returns. */
  signal?: AbortSignal;
  /** How long the loop rests when it has caught up, ms (default 250). */
  tickMs?: number;
  /** Stand-in for fetch (tests). */
  fetch?: typeof fetch;
}

/** How a run went. */
export interface SimulateResult {
  counters: Counters;
  timeline: Timeline;
  setup: SetupReport;
  /** Devices publishing over MQTT (0 over HTTP). */
  mqttDevices: number;
  wallMs: number;
  interrupted: boolean;
}

/** While the replay lags the clock by more than this, covers and gauges send a heartbeat… */
const HEARTBEAT_LAG_MS = 5 * MINUTE;
/** …this often (wall clock). */
const HEARTBEAT_EVERY_MS = 5 * MINUTE;
/** Most reports generated per stretch (bounds memory when catching up). */
const REPORTS_PER_STRETCH = 20_000;

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

async function connectMqtt(
  o: SimulateOptions,
  devices: readonly SimDevice[],
  keeper: SecretsKeeper,
  client: PlatformClient,
  log: (line: string) => void,
): Promise<MqttFleet> {
  const cap = o.maxMqttConnections ?? MAX_MQTT_CONNECTIONS;
  // Round the scenarios (wm-0001, wl-0001, mh-0001, wm-0002, …), so each has devices on MQTT.
  const ids = devices
    .filter((d) => d.type !== 'camera')
    .map((d, order) => ({ id: d.id, index: d.index, order }))
    .sort((a, b) => a.index - b.index || a.order - b.order)
    .map((x) => x.id);
  const chosen = ids.slice(0, cap);
  if (ids.length > cap)
    log(
      `MQTT: at most ${cap} connections, one per device: ${chosen.length} devices publish over MQTT, the other ${ids.length - cap} over HTTP.`,
    );
  const rotated = await ensureSecrets(client, chosen, keeper);
  if (rotated > 0) log(`gave ${rotated} device${rotated === 1 ? '' : 's'} a new secret (not in ${keeper.file})`);
  log(`connecting ${chosen.length} devices to ${o.mqttUrl}…`);
  const { fleet, failed } = await connectFleet({
    url: o.mqttUrl,
    devices: chosen.map((id) => ({ id, secret: keeper.secrets.get(id) ?? '' })),
    renewSecret: async (id) => {
      keeper.secrets.delete(id);
      await ensureSecrets(client, [id], keeper);
      return keeper.secrets.get(id) ?? '';
    },
  });
  if (failed.length > 0) {
    const sample = failed.slice(0, 3).map((f) => `${f.id}: ${f.reason}`);
    log(`MQTT: ${failed.length} device${failed.length === 1 ? '' : 's'} could not connect and send over HTTP (${sample.join('; ')})`);
  }
  return fleet;
}

/**
 * Runs a simulation.
 * @example
 * const ac = new AbortController();
 * const result = await simulate({ ...options, durationMs: 60_000 }, { log: console.error, signal: ac.signal });
 */
export async function simulate(o: SimulateOptions, hooks: SimulateHooks = {}): Promise<SimulateResult> {
  const now = hooks.now ?? Date.now;
  const log = hooks.log ?? (() => {});
  const { signal } = hooks;
  const client = await connectPlatform({
    url: o.url,
    username: o.username,
    password: o.password,
    ...(hooks.fetch ? { fetch: hooks.fetch } : {}),
  });
  const places = await fetchCommunities(client);
  const focus = o.focus === null ? [] : await communitiesUnder(client, o.focus, places);
  const planned = planDevices({ seed: o.seed, counts: allocateDevices(o.devices, o.scenarios), places, focus, rate: o.rate });
  const keeper: SecretsKeeper = { file: secretsPath(o.dataDir), url: client.url, secrets: loadSecrets(secretsPath(o.dataDir), client.url) };
  const setup = await ensureDevices(client, planned, keeper, log);
  if (setup.created + setup.retagged > 0) log(`devices: ${setup.created} registered, ${setup.retagged} given their scenario tags`);
  for (const s of setup.skipped.slice(0, 5)) log(`skipped ${s.id}: ${s.reason}`);
  if (setup.skipped.length > 5) log(`… and ${setup.skipped.length - 5} more skipped`);
  if (setup.ready.length === 0) throw new SimError('no device to simulate (see the reasons above)');

  const fleet = o.transport === 'mqtt' && !signal?.aborted ? await connectMqtt(o, setup.ready, keeper, client, log) : null;
  // The run starts now that everything is ready (connecting thousands of devices takes a while).
  const timeline = planTimeline(now(), o.speed, o.durationMs);
  const units = bindUnits(setup.ready, { seed: o.seed, simStart: timeline.simStart });
  for (const line of describeRun({ url: client.url, devices: setup.ready, timeline, transport: o.transport, now: now() })) log(line);

  const counters = newCounters(timeline.simStart);
  let sender: Sender;
  try {
    sender = await createSender({ client, counters, fleet, log, ...(signal ? { signal } : {}) });
  } catch (e) {
    await fleet?.close();
    throw e;
  }
  const heartbeats = units.flatMap((u) => (u.heartbeat ? [u.heartbeat] : []));
  const maxStretch = Math.max(1000, Math.floor(REPORTS_PER_STRETCH / Math.max(reportsPerMs(units), 1e-9)));
  const wallStart = now();
  let lastBeat = -Infinity;
  let lastSent = 0;
  let lastAt = wallStart;
  let rate = 0;
  let ticks = 0;
  let refreshing = false;
  const progress = setInterval(() => {
    const t = now();
    rate = ((counters.sent - lastSent) * 1000) / Math.max(1, t - lastAt);
    lastSent = counters.sent;
    lastAt = t;
    if (fleet && ++ticks % 2 === 0 && !refreshing) {
      refreshing = true;
      sender
        .refreshMqttCounts()
        .catch(() => {})
        .finally(() => (refreshing = false));
    }
    hooks.onProgress?.({ counters, rate, speed: o.speed, replaying: simTimeAt(timeline, t) < t - 1000, viaPlatformStats: fleet !== null });
  }, 1000);

  let cursor = timeline.simStart - 1;
  try {
    while (!signal?.aborted) {
      const wall = now();
      const target = simTimeAt(timeline, wall);
      // Heartbeats before the replay's stretch: the platform judges absence on its own clock, so
      // a device whose newest input is an hour-old replayed reading looks offline to any tick
      // that falls between the stretch and a heartbeat sent after it.
      if (heartbeats.length > 0 && wall - target > HEARTBEAT_LAG_MS && wall - lastBeat >= HEARTBEAT_EVERY_MS) {
        lastBeat = wall;
        await sender.sendReadings(heartbeats.map((beat) => beat(wall)));
      }
      while (cursor < target && !signal?.aborted) {
        const to = Math.min(target, cursor + maxStretch);
        const out: Outbox = { readings: [], detections: [] };
        generateStretch(units, o.seed, cursor, to, out);
        await Promise.all([sender.sendReadings(out.readings), sender.sendDetections(out.detections)]);
        cursor = to;
        counters.simTime = cursor;
      }
      if (timeline.wallEnd !== null && wall >= timeline.wallEnd) break;
      await sleep(hooks.tickMs ?? 250, signal);
    }
  } finally {
    clearInterval(progress);
    await sender.refreshMqttCounts().catch(() => {});
    await fleet?.close();
  }
  const wallMs = now() - wallStart;
  hooks.onProgress?.({
    counters,
    rate: (counters.sent * 1000) / Math.max(1, wallMs),
    speed: o.speed,
    replaying: false,
    viaPlatformStats: fleet !== null,
  });
  return { counters, timeline, setup, mqttDevices: fleet?.connected.size ?? 0, wallMs, interrupted: signal?.aborted === true };
}
