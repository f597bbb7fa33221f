/**
 * Ctrl-C in a terminal: SIGINT to the whole process group. It should stop cleanly with exit code
 * 0 every time — also when it comes the moment "cityops is running" is printed (the signal
 * handlers are in place before the start; they used to be installed after it, and tsx's wrapper
 * process, which `npm start` no longer uses, re-sent signals on its own).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { makeWorkspace, startServer, stopAll, type Workspace } from './cli-harness.ts';

const ROUNDS = 5;

describe('cityops start: Ctrl-C', () => {
  let ws: Workspace | undefined;
  afterEach(async () => {
    stopAll();
    await ws?.cleanup();
  });

  it(`stops with exit code 0 on Ctrl-C, ${ROUNDS} times out of ${ROUNDS}`, { timeout: 600_000 }, async () => {
    ws = makeWorkspace();
    const codes: Array<number | null> = [];
    for (let i = 0; i < ROUNDS; i++) {
      const server = await startServer(['--no-demo', '--port', '0', '--data-dir', ws.dataDir], ws);
      const exit = await server.stop('SIGINT', { group: true });
      codes.push(exit.code);
      expect(exit.stdout).toMatch(/SIGINT: stopping…\s+stopped\.\s*$/);
    }
    expect(codes).toEqual(Array<number>(ROUNDS).fill(0));
  });
});
