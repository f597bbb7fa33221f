/**
 * Deadlines survive a restart: a step's due time is a stored timer row, not a timer in memory.
 * A case reported before the platform stops goes overdue, with its supervision order to the
 * district, in services started afterwards over the same database (a new clock, cache and
 * scheduler; nothing carried over but storage). Runs on the suite's dialect.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { buildServices, type Services } from '../../src/compose.ts';
import type { Actor } from '../../src/cases/case-types.ts';
import { manualClock } from '../../src/platform/clock.ts';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';

const MIN = 60_000;
const system: Actor = { id: 'system', roles: ['system'], scopePath: '/', unitId: null, system: true };

let before: TestPlatform;
let after: Services | null = null;

beforeAll(async () => {
  before = await startTestPlatform({ pipeline: false });
}, 120_000);
afterAll(async () => {
  await after?.close();
  await before?.testDb.cleanup();
});

describe('case deadlines across a restart', () => {
  it('fire in the services started after the stop, from the stored timer', async () => {
    const [lon, lat] = before.geo.getByCode('310101002')!.center;
    const reported = await before.cases.report(
      { source: 'hotline', category: 'E0101', description: 'before the restart', location: { lon, lat } },
      system,
    );
    const dueAt = reported.case.step!.dueAt;
    expect(reported.case.centreLevel).toBe('street');
    // Stopped before the 30 minutes to dispatch are up; the database stays.
    await before.close();

    const clock = manualClock(dueAt + MIN);
    const config = loadConfig({}, { dataDir: before.testDb.dataDir, logLevel: 'silent', demo: false });
    after = await buildServices(config, {
      clock,
      database: before.testDb.database,
      engineOptions: { tickMs: 0, snapshotMs: 0, rulesPollMs: 0 },
    });
    expect(await after.cases.tick()).toBeGreaterThan(0);
    const c = await after.cases.get(reported.case.id, system);
    expect(c.overdueCount).toBe(1);
    expect(c.step?.overdueAt).toBe(dueAt + MIN);
    const orders = await after.cases.supervision.forCase(c.id);
    expect(orders.map((o) => [o.toCentreLevel, o.state, o.stepDueAt])).toEqual([['district', 'open', dueAt]]);
    // Done once: a second round finds nothing more to do.
    await after.cases.tick();
    expect((await after.cases.get(c.id, system)).overdueCount).toBe(1);
  });
});
