/**
 * `cityops import registry <kind> <file>` against a SQLite data dir holding the demo city: good
 * rows are stored (and a second run updates them), a refused row is printed with its field and
 * the command exits 1 without printing anyone's data; an unknown kind is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../src/demo/load-demo.ts';
import { makeWorkspace, runCli, stopAll, withServices, type Workspace } from '../cli/cli-harness.ts';
import { syntheticId } from './support.ts';

describe('cityops import registry', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = makeWorkspace();
    await withServices(ws, async (s) => void (await loadDemo(s)));
  }, 180_000);
  afterAll(async () => {
    stopAll();
    await ws.cleanup();
  });

  it('imports the good rows, prints the refused one with its field and exits 1; a second run updates', { timeout: 120_000 }, async () => {
    const file = ws.write(
      'people.csv',
      '居委会,姓名,身份证号,手机号\n' +
        `310101002001,甲乙,${syntheticId(700)},13800001234\n` +
        `310101002001,丙丁,${syntheticId(701).slice(0, 17)}Z,\n`,
    );
    const r = await runCli(['import', 'registry', 'person', file, '--data-dir', ws.dataDir], ws);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain(`${file}: 2 person records — 1 new, 0 updated, 1 refused`);
    expect(r.stdout).toMatch(/^ {2}row 1: idNumber: /m);
    expect(r.stdout).not.toContain('丙丁');
    const again = await runCli(['import', 'registry', 'person', file, '--data-dir', ws.dataDir], ws);
    expect(again.stdout).toContain('0 new, 1 updated, 1 refused');
  });

  it('refuses an unknown kind', { timeout: 120_000 }, async () => {
    const file = ws.write('x.json', '[]');
    const r = await runCli(['import', 'registry', 'pets', file, '--data-dir', ws.dataDir], ws);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('kind must be person, entity or housing');
  });
});
