/**
 * The callbacks queue against real storage, every dialect available: concurrent claimers take
 * disjoint callbacks (SKIP LOCKED on PostgreSQL), only the oldest pending callback of a case is
 * due, a lost claim cannot record its outcome, and a dead callback no longer holds its case.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableDialects, openTestDb, type TestDb } from '../support/test-db.ts';
import * as store from '../../src/bridge/store.ts';
import * as callbacks from '../../src/bridge/callback-store.ts';
import { newId } from '../../src/platform/ids.ts';
import * as queue from '../../src/platform/delivery/delivery-queue.ts';

describe.each(availableDialects())('bridge callbacks on %s', (dialect) => {
  let t: TestDb;
  const systemId = newId();
  const ids: Record<string, string[]> = {};

  beforeAll(async () => {
    t = await openTestDb(dialect);
    const { db } = t.database;
    await store.insertSystem(db, {
      id: systemId,
      name: 'queue test',
      channel: 'hotline',
      callbackUrl: 'http://127.0.0.1:9/q',
      secretSealed: 'v1.x.y',
      gatewayUserId: null,
      active: true,
      createdAt: 0,
      createdBy: 'test',
      updatedAt: 0,
    });
    // 20 cases with 3 steps each, enqueued step by step (ids are time-ordered).
    for (let step = 0; step < 3; step++)
      for (let c = 0; c < 20; c++) {
        const id = newId();
        (ids[`case-${c}`] ??= []).push(id);
        const added = await callbacks.enqueueCallback(
          db,
          {
            id,
            systemId,
            caseId: `case-${c}`,
            caseCode: `C-${c}`,
            externalId: `X-${c}`,
            eventId: `e-${c}-${step}`,
            event: 'accepted',
            payload: '{}',
          },
          1000,
        );
        expect(added).toBe(true);
      }
  });
  afterAll(async () => t?.cleanup());

  it('enqueues an event once per system', async () => {
    const again = await callbacks.enqueueCallback(
      t.database.db,
      { id: newId(), systemId, caseId: 'case-0', caseCode: 'C-0', externalId: 'X-0', eventId: 'e-0-0', event: 'accepted', payload: '{}' },
      1000,
    );
    expect(again).toBe(false);
  });

  it('lets concurrent claimers take disjoint callbacks, each the head of its case', async () => {
    const { db } = t.database;
    const claims = await Promise.all([0, 1, 2, 3].map(() => callbacks.claimDue(db, { now: 2000, limit: 8, leaseMs: 60_000 })));
    const claimed = claims.flat();
    expect(new Set(claimed.map((c) => c.id)).size).toBe(claimed.length);
    expect(claimed.length).toBe(20);
    for (const c of claimed) expect(c.id).toBe(ids[c.caseId]![0]);
    // Heads in flight hold their cases' later steps back.
    expect(await callbacks.claimDue(db, { now: 2000, limit: 50, leaseMs: 60_000 })).toEqual([]);
  });

  it('refuses the outcome of a lost claim, and moves a case on once its head is done or dead', async () => {
    const { db } = t.database;
    const head0 = (await callbacks.getCallback(db, ids['case-0']![0]!))!;
    expect(
      await queue.recordDelivered(db, 'bridge_callbacks', { id: head0.id, attempts: head0.attempts + 1 }, { status: 200, now: 2000 }),
    ).toBe(false);
    expect(await queue.recordDelivered(db, 'bridge_callbacks', head0, { status: 200, now: 2000 })).toBe(true);
    const head1 = (await callbacks.getCallback(db, ids['case-1']![0]!))!;
    expect(await queue.recordFailed(db, 'bridge_callbacks', head1, { status: 503, error: 'down', nextAttemptAt: null })).toBe(true);
    const next = await callbacks.claimDue(db, { now: 2000, limit: 50, leaseMs: 60_000 });
    expect(next.map((c) => c.id).sort()).toEqual([ids['case-0']![1], ids['case-1']![1]].sort());
    // Every lease ran out (18 heads and the 2 second steps): due again, the attempt counted.
    const expired = await callbacks.claimDue(db, { now: 70_000, limit: 50, leaseMs: 60_000 });
    expect(expired.length).toBe(20);
    expect(expired.every((c) => c.attempts === 2)).toBe(true);
    expect(await queue.requeueDead(db, 'bridge_callbacks', head1.id, 80_000)).toBe(true);
    expect(await queue.requeueDead(db, 'bridge_callbacks', head1.id, 80_000)).toBe(false);
  });
});
