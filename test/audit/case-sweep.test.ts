/**
 * The audit sweep on every available dialect: case transitions the bus consumer never logged (as
 * when the process dies between the publisher's mark and the audit commit) are found in the
 * timeline and logged once, each with the case state of its own moment; a second sweep and the
 * consumer's own entries are never doubled; the chain still verifies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';
import { availableDialects } from '../support/test-db.ts';
import { timelineReader } from '../../src/cases/event-replay.ts';
import { SETTLE_MS } from '../../src/audit/case-sweep.ts';

const SYSTEM = { id: 'system', roles: ['system'], scopePath: '/', unitId: null, system: true };

describe.each(availableDialects())('audit sweep of case transitions on %s', (dialect) => {
  let p: TestPlatform;
  const usernameOf = async (id: string) => (await p.directory.getUser(id))?.username;
  // Each at its own street, so the second is not merged into the first as a duplicate.
  const report = async (description: string, street: string) => {
    const [lon, lat] = p.geo.getByCode(street)!.center;
    return (await p.cases.report({ source: 'hotline', category: 'E0103', description, location: { lon, lat } }, SYSTEM)).case;
  };
  const caseEntries = async (caseId: string) =>
    (
      await p.database.db
        .selectFrom('audit_log')
        .select(['action', 'detail', 'dedupe_key'])
        .where('subject_id', '=', caseId)
        .orderBy('seq')
        .execute()
    ).map((r) => ({ action: r.action, detail: JSON.parse(r.detail) as { eventId: string; state: string }, key: r.dedupe_key }));
  const timeline = async (caseId: string) =>
    p.database.db.selectFrom('case_events').select(['id', 'type']).where('case_id', '=', caseId).orderBy('seq').execute();
  const later = () => Date.now() + 2 * SETTLE_MS;
  const shiftLead = async () => {
    const u = (await p.directory.listUsers(p.geo.list('city')[0]!.path)).find((x) => x.username === 'shift_lead')!;
    return { id: u.id, roles: u.roles, scopePath: p.directory.pathOf(u.jurisdictionId), unitId: u.unitId };
  };

  beforeAll(async () => {
    p = await startTestPlatform({ dialect });
    p.audit.startSweep(timelineReader(p.database.db));
  });
  afterAll(async () => p?.dispose());

  it('logs what the consumer missed, with the state of each moment, once', async () => {
    // Logged as it happens: the consumer runs.
    const seen = await report('审计补录测试 一', '310101002');
    await p.audit.idle();
    expect((await caseEntries(seen.id)).map((e) => e.action)).toEqual((await timeline(seen.id)).map((e) => `case.${e.type}`));

    // The consumer is gone while a case runs: its events are published and marked, never logged.
    await p.audit.stop();
    const missed = await report('审计补录测试 二', '310101013');
    const [voided] = await p.cases.command(missed.id, { type: 'void', reason: '测试作废' }, await shiftLead());
    expect(voided!.case.state).toBe('voided');
    await p.cases.idle();
    expect(await caseEntries(missed.id)).toEqual([]);
    p.audit.start({ usernameOf });

    // Too recent for the sweep (they may still be on their way to the consumer).
    expect(await p.audit.sweep()).toBe(0);

    const events = await timeline(missed.id);
    expect(await p.audit.sweep({ now: later() })).toBe(events.length);
    const logged = await caseEntries(missed.id);
    expect(logged.map((e) => e.detail.eventId)).toEqual(events.map((e) => e.id));
    expect(logged.map((e) => e.action)).toEqual(events.map((e) => `case.${e.type}`));
    // Each entry names the state right after its own event, not the case's state now.
    expect(logged[0]!.detail.state).not.toBe('voided');
    expect(logged.at(-1)!.detail.state).toBe('voided');

    // Nothing twice: not by a second sweep, not for the case the consumer logged.
    expect(await p.audit.sweep({ now: later() })).toBe(0);
    expect(await caseEntries(seen.id)).toHaveLength((await timeline(seen.id)).length);
    expect((await p.audit.verify()).ok).toBe(true);
  });
});
