/**
 * `cityops import cases <file>` against a data dir holding the demo city: good rows become cases
 * filed and dispatched by the matrix, a refused row is printed with its column and the command
 * exits 1; a file whose format cannot be told, or that is broken, imports nothing and says why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../src/demo/load-demo.ts';
import { SYSTEM_ACTOR } from '../../src/cases/command-service.ts';
import { hasStackTrace, makeWorkspace, runCli, stopAll, withServices, type Workspace } from './cli-harness.ts';

describe('cityops import cases', () => {
  let ws: Workspace;
  let spot: [number, number];
  const importedCases = () => withServices(ws, async (s) => (await s.cases.list({ source: 'import', limit: 100 }, SYSTEM_ACTOR)).items);

  beforeAll(async () => {
    ws = makeWorkspace();
    spot = await withServices(ws, async (s) => {
      await loadDemo(s);
      return s.geo.getByCode('310101002')!.center;
    });
  }, 180_000);
  afterAll(async () => {
    stopAll();
    await ws.cleanup();
  });

  it('imports the good rows, prints the refused one with its column and exits 1', { timeout: 120_000 }, async () => {
    const file = ws.write(
      'orders.csv',
      '工单编号,类别,紧急程度,诉求内容,经度,纬度\n' +
        `SH-1,E0102,一般,小区门口垃圾堆放,${spot[0]},${spot[1]}\n` +
        `SH-2,E0401,紧急,路口积水,${spot[0]},${spot[1]}\n` +
        `SH-3,E0999,一般,类别不存在,${spot[0]},${spot[1]}\n`,
    );
    const r = await runCli(['import', 'cases', file, '--data-dir', ws.dataDir], ws);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(`${file}: 3 work orders — 2 imported as new cases, 0 already imported, 1 refused`);
    expect(r.stdout).toMatch(/^ {2}row 2: category \(类别\): unknown small class code "E0999"/m);

    const stored = await importedCases();
    expect(stored.map((c) => [c.sourceRef, c.state]).sort()).toEqual([
      ['12345:SH-1', 'dispatched'],
      ['12345:SH-2', 'dispatched'],
    ]);
  });

  it('refuses a file it cannot read as work orders, importing nothing', { timeout: 120_000 }, async () => {
    const noFormat = ws.write('orders.txt', '[]');
    const r1 = await runCli(['import', 'cases', noFormat, '--data-dir', ws.dataDir], ws);
    expect(r1.code).toBe(1);
    expect(r1.stderr.trim()).toBe(`cityops: ${noFormat}: cannot tell the format from the extension; give --format csv or --format json`);

    const broken = ws.write('broken.txt', `ref,category,description,lon\nSH-9,E0102,x,${spot[0]}\n`);
    const r2 = await runCli(['import', 'cases', broken, '--format', 'csv', '--data-dir', ws.dataDir], ws);
    expect(r2.code).toBe(1);
    expect(r2.stderr.trim()).toBe(`cityops: ${broken}: nothing imported; missing column "lat" (纬度)`);
    expect(hasStackTrace(r2.stderr)).toBe(false);
    expect(await importedCases()).toHaveLength(2);
  });
});
