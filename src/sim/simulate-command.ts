/**
 * `cityops simulate`: checks the options, runs the simulation with a progress line on stderr
 * (rewritten in place on a terminal, a line every 10 s otherwise), stops cleanly on Ctrl-C
 * (a second Ctrl-C quits at once) and prints a summary. Returns the exit code.
 */
import fs from 'node:fs';
import { DEMO_PASSWORD } from '../directory/demo-directory.ts';
import { formatProgress, formatSummary, type ProgressSnapshot } from './counters.ts';
import { SimError } from './platform-client.ts';
import { scenarioList } from './scenarios.ts';
import { parseDuration } from './sim-clock.ts';
import { simulate, type SimulateOptions } from './simulate.ts';

/** The options as commander hands them over (strings), plus the defaults from the configuration. */
export interface SimulateCommandInput {
  url?: string;
  transport?: string;
  mqttUrl?: string;
  devices?: string;
  rate?: string;
  scenario?: string;
  duration?: string;
  speed?: string;
  seed?: string;
  focus?: string;
  username?: string;
  password?: string;
  dataDir: string;
  /** `http://localhost:<configured port>` */
  defaultUrl: string;
  /** The configured MQTT broker (MQTT_URL) or `mqtt://localhost:<MQTT_PORT>`. */
  defaultMqttUrl: string;
}

/** Where the command writes. */
export interface CommandIo {
  err: { write(s: string): unknown; isTTY?: boolean };
  /** Reads standard input (for `--password -`). */
  readStdin?: () => string;
}

function bad(option: string, message: string): SimError {
  return new SimError(`${option}: ${message}`);
}

function positiveNumber(option: string, v: string, integer: boolean, min: number): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < min || (integer && !Number.isInteger(n)))
    throw bad(option, `expected ${integer ? 'a whole number' : 'a number'} ≥ ${min}, got "${v}"`);
  return n;
}

function checkUrl(option: string, v: string, protocols: readonly string[]): string {
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw bad(option, `not a URL: "${v}"`);
  }
  if (!protocols.includes(u.protocol)) throw bad(option, `expected ${protocols.map((p) => `${p}//…`).join(' or ')}, got "${v}"`);
  return v.replace(/\/+$/, '');
}

/**
 * Turns the command-line strings into simulation options; a bad value is a SimError naming
 * the option.
 * @example parseSimulateOptions({ dataDir: './data', defaultUrl: 'http://localhost:8080', defaultMqttUrl: 'mqtt://localhost:1883' })
 */
export function parseSimulateOptions(i: SimulateCommandInput, readStdin: () => string = () => fs.readFileSync(0, 'utf8')): SimulateOptions {
  const transport = i.transport ?? 'http';
  if (transport !== 'http' && transport !== 'mqtt') throw bad('--transport', `http or mqtt, got "${transport}"`);
  let scenarios;
  try {
    scenarios = scenarioList(i.scenario ?? 'all');
  } catch (e) {
    throw bad('--scenario', (e as Error).message);
  }
  const durationMs = parseDuration(i.duration ?? '0');
  if (durationMs === null) throw bad('--duration', `expected e.g. 60s, 10m, 1h30m or 0 (until Ctrl-C), got "${i.duration}"`);
  const devices = positiveNumber('--devices', i.devices ?? '200', true, 1);
  if (devices < scenarios.length) throw bad('--devices', `at least ${scenarios.length} for ${scenarios.join(', ')}`);
  const focus = i.focus?.trim() ?? null;
  if (focus !== null && !/^[0-9A-Za-z_-]{1,64}$/.test(focus))
    throw bad('--focus', `expected a jurisdiction code such as 310101, got "${i.focus}"`);
  const password = i.password === '-' ? readStdin().trim() : (i.password ?? DEMO_PASSWORD);
  return {
    url: checkUrl('--url', i.url ?? i.defaultUrl, ['http:', 'https:']),
    transport,
    mqttUrl: checkUrl('--mqtt-url', i.mqttUrl ?? i.defaultMqttUrl, ['mqtt:', 'mqtts:', 'tcp:', 'ws:', 'wss:']),
    devices,
    rate: i.rate === undefined ? null : positiveNumber('--rate', i.rate, false, 0.001),
    scenarios,
    durationMs,
    speed: positiveNumber('--speed', i.speed ?? '1', false, 1),
    username: i.username ?? 'admin',
    password,
    dataDir: i.dataDir,
    seed: positiveNumber('--seed', i.seed ?? '1', true, 0),
    focus,
  };
}

/** The progress line: rewritten in place on a terminal, else a line every 10 s. */
function progressWriter(err: CommandIo['err']): { show(p: ProgressSnapshot): void; end(): void } {
  let lastPrinted = 0;
  let shown = false;
  return {
    show(p) {
      const line = formatProgress(p);
      if (err.isTTY) {
        err.write(`\r\x1b[2K${line}`);
        shown = true;
      } else if (Date.now() - lastPrinted >= 10_000) {
        err.write(`${line}\n`);
        lastPrinted = Date.now();
      }
    },
    end() {
      if (shown) err.write('\n');
      shown = false;
    },
  };
}

/**
 * Runs `cityops simulate`; resolves with the exit code (0 done or stopped, 1 error).
 * @example process.exitCode = await simulateCommand({ dataDir: './data', defaultUrl, defaultMqttUrl });
 */
export async function simulateCommand(input: SimulateCommandInput, io: CommandIo = { err: process.stderr }): Promise<number> {
  const say = (line: string) => io.err.write(`${line}\n`);
  const progress = progressWriter(io.err);
  const abort = new AbortController();
  let firstSignalAt: number | null = null;
  const onSignal = (signal: string) => {
    if (firstSignalAt !== null) {
      // tsx's wrapper passes Ctrl-C on to this process again within milliseconds: that is not
      // a second Ctrl-C from the person.
      if (Date.now() - firstSignalAt > 1000) process.exit(130);
      return;
    }
    firstSignalAt = Date.now();
    progress.end();
    say(`${signal}: stopping… (again to quit at once)`);
    abort.abort();
  };
  const onInt = () => onSignal('SIGINT');
  const onTerm = () => onSignal('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  try {
    const options = parseSimulateOptions(input, io.readStdin);
    const result = await simulate(options, {
      log: (line) => {
        progress.end();
        say(line);
      },
      onProgress: (p) => progress.show(p),
      signal: abort.signal,
    });
    progress.end();
    say(result.interrupted ? 'stopped.' : 'done.');
    for (const line of formatSummary(result.counters, result.wallMs)) say(line);
    if (result.mqttDevices > 0)
      say('* MQTT acceptance as counted by the platform (/api/v1/ingest/stats), which includes other MQTT senders.');
    say(
      'The simulated devices are silent now: after 30 min the platform reports the gauges and covers offline, and after 12 h ' +
        'the elderly meters as unused. Run the simulator again to keep them alive.',
    );
    return 0;
  } catch (e) {
    progress.end();
    if (e instanceof SimError) say(`error: ${e.message}`);
    else say(`error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return 1;
  } finally {
    // Not at once: tsx's wrapper may pass the Ctrl-C on again a moment later, and a signal that
    // finds no handler of ours ends the process with code 130 before it exits with ours.
    setTimeout(() => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    }, 2000).unref();
  }
}
