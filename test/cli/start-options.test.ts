/**
 * `cityops start --no-demo` (an empty platform) and `start` on a port that is already taken.
 */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { getJson, hasStackTrace, makeWorkspace, runCli, startServer, stopAll, withServices, type Workspace } from './cli-harness.ts';

describe('cityops start options', () => {
  let ws: Workspace | undefined;
  let blocker: net.Server | undefined;
  afterEach(async () => {
    stopAll();
    if (blocker) await new Promise<void>((resolve) => blocker?.close(() => resolve()));
    blocker = undefined;
    await ws?.cleanup();
  });

  it('--no-demo starts with no jurisdictions, prints no sign-ins, and stops on SIGINT', { timeout: 180_000 }, async () => {
    ws = makeWorkspace();
    const server = await startServer(['--no-demo', '--port', '0', '--data-dir', ws.dataDir], ws);
    expect(server.printedUrl).toBe(`http://localhost:${server.port}`);
    expect(server.stdout()).not.toMatch(/Loaded the demo city|Demo sign-ins|Cityops-demo-2026/);
    expect((await getJson(server.base, '/api/v1/health')).status).toBe(200);
    const list = await getJson<{ items: unknown[] }>(server.base, '/api/v1/jurisdictions');
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([]);
    // Nothing to locate in: the documented 404 problem, not a crash.
    const located = await getJson<{ code: string }>(server.base, '/api/v1/geo/locate?lon=121.4737&lat=31.2304');
    expect(located.status).toBe(404);
    expect(located.body.code).toBe('OUTSIDE_ALL_JURISDICTIONS');

    // SIGINT to the cityops process alone (`kill -INT <pid>`).
    const exit = await server.stop('SIGINT');
    expect(exit.signal).toBeNull();
    expect(exit.code, exit.stderr).toBe(0);
    expect(exit.ms).toBeLessThan(10_000);
    expect(exit.stdout).toMatch(/SIGINT: stopping…\s+stopped\.\s*$/);
    // No demo users were created either.
    expect(await withServices(ws, (s) => ({ units: s.directory.unitCount(), jurisdictions: s.geo.count() }))).toEqual({
      units: 0,
      jurisdictions: 0,
    });
  });

  it('a port already in use gives one clear message naming the port and --port, exit 1, no stack trace', { timeout: 120_000 }, async () => {
    ws = makeWorkspace();
    const server = net.createServer();
    blocker = server;
    await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const port = address.port;

    const r = await runCli(['start', '--no-demo', '--port', String(port), '--data-dir', ws.dataDir], ws, { timeoutMs: 90_000 });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(`cityops: port ${port} is already in use; stop the other process or start with --port <n> (or PORT=<n>)`);
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(r.stdout).not.toMatch(/cityops is running/);
  });

  it('an invalid port (option or PORT) is refused with a message naming it', { timeout: 120_000 }, async () => {
    ws = makeWorkspace();
    const option = await runCli(['start', '--no-demo', '--port', '70000', '--data-dir', ws.dataDir], ws);
    expect(option.code).toBe(1);
    expect(option.stderr).toMatch(/option '--port <port>' argument '70000' is invalid/);
    const fromEnv = await runCli(['start', '--no-demo', '--data-dir', ws.dataDir], { env: { ...ws.env, PORT: 'abc' } });
    expect(fromEnv.code).toBe(1);
    expect(fromEnv.stderr.trim()).toBe('cityops: port: must be a port number 0–65535, got "abc"');
    for (const r of [option, fromEnv]) {
      expect(hasStackTrace(r.stderr)).toBe(false);
      expect(r.stdout).not.toMatch(/cityops is running/);
    }
  });
});
