/**
 * Runs the `cityops` command line as a user does: a real process (`tsx src/main.ts …`) in the
 * repository root, with its own temporary `--data-dir`.
 *
 * Storage: when the suite runs with DATABASE_URL set (the PostgreSQL run), every workspace gets
 * a fresh PostgreSQL schema through DATABASE_SCHEMA=cli_<random> and drops it in `cleanup()`;
 * otherwise DATABASE_URL and DATABASE_SCHEMA are removed from the child's environment and the
 * CLI uses SQLite in the workspace's data dir. Either way the CLI gets the same environment as
 * the in-process checks (`withServices`), so both look at the same database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadConfig } from '../../src/config.ts';
import { buildPlatform, buildServices, type Platform, type Services } from '../../src/compose.ts';
import { removeTempDir } from '../support/temp-dir.ts';

/** The repository root, where users run `npm start` / `npx tsx src/main.ts`. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FIXTURES = path.join(ROOT, 'test/fixtures');

/** Absolute path of a file in test/fixtures. */
export const fixture = (name: string): string => path.join(FIXTURES, name);

/** Environment variables the platform reads; stripped so the outer shell cannot steer a test. */
const PLATFORM_VARS = [
  'DATABASE_URL',
  'DATABASE_SCHEMA',
  'PORT',
  'HOST',
  'CITYOPS_DATA_DIR',
  'CITYOPS_DEMO',
  'CITYOPS_ROLES',
  'CITYOPS_TIME_ZONE',
  'LOG_LEVEL',
  'CITYOPS_SECURE_COOKIES',
  'NODE_OPTIONS',
];

/** A temporary data dir (and PostgreSQL schema, on the PostgreSQL run) for one test. */
export interface Workspace {
  dataDir: string;
  /** The child environment: DATABASE_URL/DATABASE_SCHEMA only on the PostgreSQL run. */
  env: NodeJS.ProcessEnv;
  dialect: 'sqlite' | 'postgres';
  /** Writes a file into the workspace (for bad inputs built from the fixtures). */
  write(name: string, content: string): string;
  cleanup(): Promise<void>;
}

/** This process's environment without the platform's variables (no database, no port). */
export function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const v of PLATFORM_VARS) delete env[v];
  return env;
}

/** Creates a workspace; call `cleanup()` after the test (stops no processes: see `stopAll`). */
export function makeWorkspace(): Workspace {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cityops-cli-'));
  const env = baseEnv();
  const url = process.env.DATABASE_URL ?? '';
  const schema = url ? `cli_${randomBytes(6).toString('hex')}` : null;
  if (url && schema) {
    env.DATABASE_URL = url;
    env.DATABASE_SCHEMA = schema;
  }
  return {
    dataDir,
    env,
    dialect: schema ? 'postgres' : 'sqlite',
    write(name, content) {
      const file = path.join(dataDir, name);
      fs.writeFileSync(file, content);
      return file;
    },
    async cleanup() {
      if (url && schema) {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        } finally {
          await client.end();
        }
      }
      removeTempDir(dataDir);
    },
  };
}

/** How a process ended, and what it printed. */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

const children = new Set<ChildProcess>();

function spawnCli(args: readonly string[], env: NodeJS.ProcessEnv): ChildProcess {
  // As `npm start` runs it: one node process loading tsx (no wrapper process re-sending signals).
  // detached: the child leads its own process group, so Ctrl-C can be simulated by signalling
  // the group, as a terminal does.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/main.ts'), ...args], {
    cwd: ROOT,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

function collect(child: ChildProcess): {
  out: () => string;
  err: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
} {
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.once('error', reject);
    // 'close' (not 'exit') so all output has been read.
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  return { out: () => out, err: () => err, exited };
}

/**
 * Runs `cityops <args>` to completion.
 * @example const r = await runCli(['migrate', '--data-dir', ws.dataDir], ws);
 */
export async function runCli(
  args: readonly string[],
  ws: Pick<Workspace, 'env'>,
  options: { input?: string; timeoutMs?: number } = {},
): Promise<Exit> {
  const started = Date.now();
  const child = spawnCli(args, ws.env);
  const io = collect(child);
  child.stdin?.end(options.input ?? '');
  const timeoutMs = options.timeoutMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      killGroup(child, 'SIGKILL');
      reject(new Error(`cityops ${args.join(' ')} did not finish in ${timeoutMs} ms\nstdout: ${io.out()}\nstderr: ${io.err()}`));
    }, timeoutMs);
  });
  try {
    const { code, signal } = await Promise.race([io.exited, timeout]);
    return { code, signal, stdout: io.out(), stderr: io.err(), ms: Date.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** A `cityops start` process that has printed its URL. */
export interface Server {
  port: number;
  /** `http://127.0.0.1:<port>`, for requests from the test. */
  base: string;
  /** The URL as printed. */
  printedUrl: string;
  stdout(): string;
  stderr(): string;
  startMs: number;
  /** Waits until stdout matches (output after the URL line may still be on its way). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /**
   * Sends a signal and waits for the exit. `group: true` signals the whole process group, as
   * Ctrl-C in a terminal does; otherwise only the `cityops` process (as `kill <pid>` does).
   */
  stop(signal: NodeJS.Signals, options?: { group?: boolean; timeoutMs?: number }): Promise<Exit>;
}

const RUNNING = /cityops is running at (http:\/\/localhost:(\d+))/;

/**
 * Starts `cityops start <args>` and waits for `cityops is running at http://localhost:<port>`.
 * Rejects with the output when the process exits first or the line does not come in time.
 */
export async function startServer(args: readonly string[], ws: Pick<Workspace, 'env'>, timeoutMs = 90_000): Promise<Server> {
  const started = Date.now();
  const child = spawnCli(['start', ...args], ws.env);
  const io = collect(child);
  child.stdin?.end();
  const match = await new Promise<RegExpMatchArray>((resolve, reject) => {
    const timer = setTimeout(() => {
      killGroup(child, 'SIGKILL');
      reject(new Error(`no "cityops is running" line in ${timeoutMs} ms\nstdout: ${io.out()}\nstderr: ${io.err()}`));
    }, timeoutMs);
    const check = () => {
      const m = RUNNING.exec(io.out());
      if (m) {
        clearTimeout(timer);
        child.stdout?.off('data', check);
        resolve(m);
      }
    };
    child.stdout?.on('data', check);
    void io.exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`cityops start exited (code ${code}, signal ${signal}) before listening\nstdout: ${io.out()}\nstderr: ${io.err()}`));
    }, reject);
  });
  const startMs = Date.now() - started;
  const port = Number(match[2]);
  return {
    port,
    base: `http://127.0.0.1:${port}`,
    printedUrl: match[1] ?? '',
    stdout: io.out,
    stderr: io.err,
    startMs,
    async waitFor(pattern, ms = 10_000) {
      const deadline = Date.now() + ms;
      while (!pattern.test(io.out())) {
        if (Date.now() > deadline) throw new Error(`stdout did not match ${String(pattern)} in ${ms} ms\nstdout: ${io.out()}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      return io.out();
    },
    async stop(signal, options = {}) {
      const t0 = Date.now();
      if (options.group) killGroup(child, signal);
      else child.kill(signal);
      const timeoutMs = options.timeoutMs ?? 15_000;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
      const result = await Promise.race([io.exited, timeout]);
      clearTimeout(timer);
      if (result === 'timeout') {
        killGroup(child, 'SIGKILL');
        throw new Error(`cityops did not exit within ${timeoutMs} ms of ${signal}\nstdout: ${io.out()}\nstderr: ${io.err()}`);
      }
      return { ...result, stdout: io.out(), stderr: io.err(), ms: Date.now() - t0 };
    },
  };
}

/** Kills (SIGKILL, whole group) every CLI process this file started that is still running. */
export function stopAll(): void {
  for (const child of children) killGroup(child, 'SIGKILL');
}

/** A TCP port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** GET `base + path` and parse JSON. */
export async function getJson<T>(base: string, urlPath: string): Promise<{ status: number; body: T }> {
  const res = await fetch(base + urlPath);
  return { status: res.status, body: (await res.json()) as T };
}

/** Opens the workspace's storage in this process (as the CLI would), runs `fn`, closes it. */
export async function withServices<T>(ws: Workspace, fn: (services: Services) => Promise<T> | T): Promise<T> {
  const services = await buildServices(loadConfig(ws.env, { dataDir: ws.dataDir, logLevel: 'silent' }));
  try {
    return await fn(services);
  } finally {
    await services.database.close();
  }
}

/** Like `withServices` with the HTTP app, for `inject()` (no port). */
export async function withPlatform<T>(ws: Workspace, fn: (platform: Platform) => Promise<T> | T): Promise<T> {
  const platform = await buildPlatform(await buildServices(loadConfig(ws.env, { dataDir: ws.dataDir, logLevel: 'silent' })));
  try {
    return await fn(platform);
  } finally {
    await platform.close();
  }
}

/** Number of jurisdictions stored in the workspace. */
export const countJurisdictions = (ws: Workspace): Promise<number> => withServices(ws, (s) => s.geo.count());

/** True if the text holds a JavaScript stack-trace line. */
export const hasStackTrace = (text: string): boolean => /^\s+at .+(\(|:\d+:\d+)/m.test(text);

/** Imports the fixture city (`cli-city.geojson`, code 990000) into a workspace. */
export const importCity = (ws: Workspace): Promise<Exit> =>
  runCli(
    [
      'import',
      'jurisdictions',
      fixture('cli-city.geojson'),
      '--level',
      'city',
      '--code-prop',
      'adcode',
      '--name-prop',
      'name',
      '--data-dir',
      ws.dataDir,
    ],
    ws,
  );
