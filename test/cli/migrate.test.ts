/** `cityops migrate`: names the migration it ran; a second run says the schema is up to date. */
import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { makeWorkspace, runCli, stopAll, withServices, type Workspace } from './cli-harness.ts';

describe('cityops migrate', () => {
  let ws: Workspace | undefined;
  afterEach(async () => {
    stopAll();
    await ws?.cleanup();
  });

  it('migrates a fresh data dir, then reports it up to date', async () => {
    ws = makeWorkspace();
    const dataDir = path.join(ws.dataDir, 'not-yet-created');
    const first = await runCli(['migrate', '--data-dir', dataDir], ws);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/0001_foundation Success/);
    expect(first.stdout).not.toMatch(/up to date/);
    if (ws.dialect === 'sqlite') {
      expect(first.stdout).toContain(`sqlite:${path.join(dataDir, 'cityops.db')}`);
      expect(fs.existsSync(path.join(dataDir, 'cityops.db'))).toBe(true);
    } else {
      expect(first.stdout).toContain(`#${ws.env.DATABASE_SCHEMA ?? '?'}`);
    }

    const second = await runCli(['migrate', '--data-dir', dataDir], ws);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/already up to date/);
    expect(second.stdout).not.toMatch(/0001_foundation/);

    // The migrated schema is usable and empty: no demo city from `migrate`.
    expect(await withServices({ ...ws, dataDir }, (s) => s.geo.count())).toBe(0);
  });
});
