/**
 * `cityops start` with the demo city, as a user runs it: first start loads the demo and prints
 * the sign-ins, serves health and locate, stops cleanly on SIGTERM; a second start on the same
 * data dir does not reload the demo, still serves, and stops cleanly on SIGINT (`kill -INT`).
 * Ctrl-C in a terminal (SIGINT to the whole process group) is in start-ctrl-c.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, getJson, hasStackTrace, makeWorkspace, startServer, stopAll, type Workspace } from './cli-harness.ts';

const DEMO_USERS = [
  'admin',
  'shift_lead',
  'dispatcher',
  'dispatcher_nanjing',
  'intake',
  'inspector',
  'handler',
  'handler_enforcement',
  'community_worker',
  'auditor',
];
const DEMO_PASSWORD = 'Cityops-demo-2026';
const LOCATE = '/api/v1/geo/locate?lon=121.4737&lat=31.2304';

interface Chain {
  chain: Array<{ code: string; name: string; level: string }>;
}

describe('cityops start (demo city)', () => {
  let ws: Workspace | undefined;
  afterEach(async () => {
    stopAll();
    await ws?.cleanup();
  });

  it(
    'first start loads and serves the demo, SIGTERM stops it; a second start reuses the data and stops on SIGINT',
    { timeout: 300_000 },
    async () => {
      ws = makeWorkspace();
      const first = await startServer(['--port', '0', '--data-dir', ws.dataDir], ws);
      // The sign-ins follow the URL line; wait for the last one.
      const out = await first.waitFor(/^\s+handler_enforcement\s.*\n/m);
      // --port 0: the printed URL carries the port the kernel picked.
      expect(first.port).toBeGreaterThan(0);
      expect(first.printedUrl).toBe(`http://localhost:${first.port}`);
      expect(out).toMatch(/Loaded the demo city: \d+ jurisdictions, \d+ units\./);
      expect(out).toContain(`Demo sign-ins (password for all: ${DEMO_PASSWORD}):`);
      for (const u of DEMO_USERS) expect(out).toMatch(new RegExp(`^\\s+${u}\\s`, 'm'));

      const health = await getJson<{ status: string; storage: { dialect: string; ok: boolean } }>(first.base, '/api/v1/health');
      expect(health.status).toBe(200);
      expect(health.body.storage).toEqual({ dialect: ws.dialect, ok: true });
      const located = await getJson<Chain>(first.base, LOCATE);
      expect(located.status).toBe(200);
      expect(located.body.chain[0]?.name).toBe('上海市');
      expect(located.body.chain.map((j) => j.name)).toContain('黄浦区');
      // The printed sign-in works.
      const signIn = await fetch(`${first.base}/api/v1/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORD }),
      });
      expect(signIn.status).toBe(200);

      const stopped = await first.stop('SIGTERM');
      expect(stopped.signal).toBeNull();
      expect(stopped.code, stopped.stderr).toBe(0);
      expect(stopped.ms).toBeLessThan(10_000);
      expect(stopped.stdout).toMatch(/SIGTERM: stopping…\s+stopped\.\s*$/);
      expect(hasStackTrace(stopped.stderr), stopped.stderr).toBe(false);

      // Second start on the same data dir, on an explicitly chosen port.
      const port = await freePort();
      const second = await startServer(['--port', String(port), '--data-dir', ws.dataDir], ws);
      expect(second.port).toBe(port);
      expect(second.stdout()).not.toMatch(/Loaded the demo city/);
      expect((await getJson(second.base, '/api/v1/health')).status).toBe(200);
      const again = await getJson<Chain>(second.base, LOCATE);
      expect(again.body.chain.map((j) => j.name)).toContain('黄浦区');

      const interrupted = await second.stop('SIGINT');
      expect(interrupted.signal).toBeNull();
      expect(interrupted.code, interrupted.stderr).toBe(0);
      expect(interrupted.ms).toBeLessThan(10_000);
      expect(interrupted.stdout).toMatch(/SIGINT: stopping…\s+stopped\.\s*$/);
      expect(interrupted.stdout.match(/stopping…/g)).toHaveLength(1);
      expect(hasStackTrace(interrupted.stderr), interrupted.stderr).toBe(false);
      console.info(`demo start: first ${first.startMs} ms, second ${second.startMs} ms; stop ${stopped.ms} / ${interrupted.ms} ms`);
    },
  );
});
