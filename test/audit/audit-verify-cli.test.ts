/**
 * `cityops audit verify` as a user runs it (a real process, the suite's dialect): exit 0 and the
 * count on an intact log; exit 1 naming the altered row, then the deleted row.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { makeWorkspace, runCli, stopAll, withServices, type Workspace } from '../cli/cli-harness.ts';
import { sampleEntry } from './sample-entries.ts';

describe('cityops audit verify', () => {
  let ws: Workspace | undefined;
  afterEach(async () => {
    stopAll();
    await ws?.cleanup();
  });

  it('passes an intact log and names the first altered, then the first missing entry', async () => {
    ws = makeWorkspace();
    const w = ws;
    const verify = () => runCli(['audit', 'verify', '--data-dir', w.dataDir], w);
    const ids = await withServices(w, async (s) => {
      await s.audit.record(Array.from({ length: 40 }, (_, i) => sampleEntry(i)));
      return (await s.database.db.selectFrom('audit_log').select(['seq', 'id']).orderBy('seq').execute()).map((r) => r.id);
    });

    const intact = await verify();
    expect(intact.code, intact.stderr).toBe(0);
    expect(intact.stdout).toMatch(/audit chain intact — 40 entries verified up to seq 40/);

    await withServices(w, (s) => sql`update audit_log set purpose = ${'case_handling'} where seq = 23`.execute(s.database.db));
    const altered = await verify();
    expect(altered.code).toBe(1);
    expect(altered.stdout).toMatch(/BROKEN at seq 23 \(altered\) after 22 good entries/);
    expect(altered.stdout).toContain(ids[22]);

    await withServices(w, async (s) => {
      await sql`update audit_log set purpose = ${'welfare_visit'} where seq = 23`.execute(s.database.db);
      await sql`delete from audit_log where seq = 31`.execute(s.database.db);
    });
    const missing = await verify();
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(/BROKEN at seq 31 \(missing\) after 30 good entries/);
    expect(missing.stdout).toContain(`next found: seq 32, ${ids[31]}`);
  });
});
