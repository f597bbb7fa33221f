/**
 * The duplicate search's settings reach the platform from its configuration
 * (CITYOPS_DUPLICATE_RADIUS_M, _WINDOW_HOURS, _AUTO_MERGE): a centre that sets a 10 m radius, a
 * one-hour window and merges from 0.5 sees its reports judged by those, not the defaults.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/directory/demo-directory.ts';
import { signIn, startTestPlatform, type TestPlatform, type TestSession } from '../support/platform.ts';

let p: TestPlatform;
let inspector: TestSession;
let spot: [number, number];

beforeAll(async () => {
  p = await startTestPlatform({ config: { duplicateRadiusM: 10, duplicateWindowHours: 1, duplicateAutoMergeConfidence: 0.5 } });
  inspector = await signIn(p, 'inspector', DEMO_PASSWORD);
  spot = p.geo.getByCode('310101002')!.center;
}, 120_000);
afterAll(async () => p?.dispose());

interface Answer {
  case: { id: string; state: string };
  duplicates: { masterId: string; confidence: number }[];
}

async function report(lon: number, lat: number): Promise<Answer> {
  const res = await p.app.inject({
    method: 'POST',
    url: '/api/v1/cases',
    headers: inspector.headers,
    payload: { category: 'E0101', description: 'found on patrol', location: { lon, lat } },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Answer>();
}

describe('duplicate settings from the configuration', () => {
  it('proposes and merges by the configured radius, window and confidence', async () => {
    const master = await report(spot[0], spot[1]);
    expect(master.case.state).not.toBe('merged');

    // ~19 m away: a duplicate under the default 50 m, not under the configured 10 m.
    const beyond = await report(spot[0] + 0.0002, spot[1]);
    expect(beyond.duplicates).toEqual([]);
    expect(beyond.case.state).not.toBe('merged');

    // ~5 m away, at once: confidence 1 − 0.5·5/10 = 0.75 — under the default 0.9, over the configured 0.5.
    const near = await report(spot[0], spot[1] + 0.000045);
    expect(near.duplicates.map((d) => d.masterId)).toEqual([master.case.id]);
    expect(near.duplicates[0]!.confidence).toBeLessThan(0.9);
    expect(near.case.state).toBe('merged');

    // The same spot two hours on: within the default 24 h, outside the configured hour.
    p.clock.advance(2 * 3_600_000);
    inspector = await signIn(p, 'inspector', DEMO_PASSWORD);
    const later = await report(spot[0], spot[1]);
    expect(later.duplicates).toEqual([]);
  });
});
