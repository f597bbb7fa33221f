/**
 * `cityops simulate` as a person runs it: a real `cityops start` process (demo city, real
 * clock) and `cityops simulate` in another process. `--help` names every option; a run prints
 * progress lines (not a terminal: one every 10 s, the first after a second) and stops on
 * Ctrl-C with exit code 0 and a summary.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorkspace, ROOT, runCli, startServer, stopAll, type Server, type Workspace } from '../cli/cli-harness.ts';

/**
 * The installed command (`bin/cityops.js`, tsx's loader in one process). Not `tsx src/main.ts`:
 * tsx's wrapper process SIGKILLs its child and exits 130 when the child has not confirmed a
 * relayed Ctrl-C within 2 × 30 ms, which a loaded machine sometimes misses.
 */
const CITYOPS = path.join(ROOT, 'bin/cityops.js');

describe('cityops simulate (processes)', () => {
  let ws: Workspace;
  let server: Server;
  beforeAll(async () => {
    ws = makeWorkspace();
    server = await startServer(['--port', '0', '--mqtt-port', '0', '--data-dir', ws.dataDir], ws);
  }, 120_000);
  afterAll(async () => {
    await server?.stop('SIGTERM').catch(() => stopAll());
    stopAll();
    await ws?.cleanup();
  });

  it('--help names every option', async () => {
    const r = await runCli(['simulate', '--help'], ws);
    expect(r.code, r.stderr).toBe(0);
    for (const o of [
      '--url',
      '--transport',
      '--mqtt-url',
      '--devices',
      '--rate',
      '--scenario',
      '--duration',
      '--speed',
      '--seed',
      '--username',
      '--password',
      '--data-dir',
      'rainstorm',
    ])
      expect(r.stdout).toContain(o);
  });

  it('runs until Ctrl-C, with progress lines, then stops cleanly with a summary', async () => {
    const simDir = path.join(ws.dataDir, 'sim');
    const child = spawn(
      process.execPath,
      [CITYOPS, 'simulate', '--url', server.base, '--devices', '20', '--speed', '600', '--data-dir', simDir],
      { cwd: ROOT, env: ws.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 60_000;
      while (!/ · sent [\d,]+ · accepted/.test(err)) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no progress line:\n${err}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      process.kill(-child.pid!, 'SIGINT'); // Ctrl-C in a terminal signals the whole group
      const code = await exited;
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
    }
    expect(err).toMatch(/simulating 20 devices on http:\/\/127\.0\.0\.1:\d+ over http/);
    expect(err).toMatch(/time: ×600, replaying from/);
    expect(err).toMatch(/^sim \d{4}-\d\d-\d\d \d\d:\d\d ×600 replaying · sent [\d,]+ · accepted [\d,]+ · rejected 0 · [\d,]+\/s/m);
    expect(err).toMatch(/SIGINT: stopping…/);
    expect(err).toMatch(/stopped\.\nsent [\d,]+ readings in \d+ s .*: [\d,]+ accepted .*, 0 rejected\n/);
    expect(err).not.toMatch(/\n\s+at /);
    expect(fs.statSync(path.join(simDir, 'sim-devices.json')).mode & 0o777).toBe(0o600);
  });
});
