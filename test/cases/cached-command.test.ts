/**
 * A command on a case this process committed last starts from the cached case without reading
 * the stored version first (command-service.ts, `runOnCached`); when someone else changed the
 * case past the cache (another process, simulated here with SQL that raises the version), the
 * caller still gets the answers of a read: 409 for a stale version, whatever the command, and
 * nothing changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Actor } from '../../src/cases/case-types.ts';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';

let p: TestPlatform;
let inspector: Actor;
let handler: Actor;
let spot: [number, number];

beforeAll(async () => {
  p = await startTestPlatform({ pipeline: false });
  const street = p.geo.getByCode('310101002')!;
  spot = street.center;
  const users = await p.directory.listUsers(p.geo.list('city')[0]!.path);
  const actor = (username: string): Actor => {
    const u = users.find((x) => x.username === username)!;
    return { id: u.id, roles: u.roles, scopePath: p.directory.pathOf(u.jurisdictionId), unitId: u.unitId };
  };
  inspector = actor('inspector');
  handler = actor('handler_enforcement');
}, 120_000);
afterAll(async () => p?.dispose());

/** A case reported and auto-dispatched here (so it is cached), then changed behind the cache. */
async function changedElsewhere(offset: number) {
  const { case: c } = await p.cases.report(
    {
      source: 'inspector',
      category: 'E0101',
      description: 'cached command test',
      location: { lon: spot[0] + offset, lat: spot[1] },
      autoDispatch: true,
    },
    inspector,
  );
  expect(c.state).toBe('dispatched');
  await sql`update cases set version = version + 1, state = 'accepted' where id = ${c.id}`.execute(p.database.db);
  return c;
}

describe('a command on a cached case changed elsewhere', () => {
  it('is refused with the version conflict a read gives, and changes nothing', async () => {
    const c = await changedElsewhere(0);
    await expect(p.cases.command(c.id, { type: 'accept' }, handler, c.version)).rejects.toMatchObject({
      status: 409,
      code: 'CASE_VERSION_CONFLICT',
      message: expect.stringContaining(`is at version ${c.version + 1}, not ${c.version}`),
    });
    const stored = await p.cases.get(c.id, handler);
    expect(stored.version).toBe(c.version + 1);
    expect((await p.cases.timeline(c.id, handler)).length).toBe(3);
  });

  it('answers 409, not the refusal of the stale state, to a command that state would refuse', async () => {
    const c = await changedElsewhere(0.002);
    // `handle` is illegal for the cached (dispatched) case; the stored one moved on: 409 as a read gives.
    await expect(p.cases.command(c.id, { type: 'handle', result: 'done' }, handler, c.version)).rejects.toMatchObject({
      status: 409,
      code: 'CASE_VERSION_CONFLICT',
    });
  });

  it('runs on the cached case when nothing changed it', async () => {
    const { case: c } = await p.cases.report(
      { source: 'inspector', category: 'E0101', description: 'cached', location: { lon: spot[0] - 0.002, lat: spot[1] }, autoDispatch: true },
      inspector,
    );
    const [accepted] = await p.cases.command(c.id, { type: 'accept' }, handler, c.version);
    expect(accepted!.case).toMatchObject({ state: 'accepted', version: c.version + 1 });
    expect(await p.cases.get(c.id, handler)).toMatchObject({ state: 'accepted', version: c.version + 1 });
  });
});
