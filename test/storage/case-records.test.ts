/**
 * Storage contract for what hangs off a case, on every available dialect: supervision orders
 * (raised open, listed per receiving centre, per supervisor scope and per case, resolved once);
 * duplicate proposals (listed per report and per master, decided once); attachments (content on
 * disk by hash, written whole, or in the row; read back byte for byte; attached only to one case).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as store from '../../src/cases/store.ts';
import * as supervision from '../../src/cases/supervision-store.ts';
import * as duplicates from '../../src/cases/duplicate-store.ts';
import * as attachments from '../../src/cases/attachment-store.ts';
import { availableDialects, openTestDb, type TestDb } from '../support/test-db.ts';
import { nextId, sparseCase } from './case-fixtures.ts';

const T = Date.UTC(2026, 11, 1);

/** A small PNG-looking payload with every byte value, so encodings that mangle bytes show. */
function payload(seed: number): Buffer {
  const head = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([head, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 31 + seed) % 256))]);
}

describe.each(availableDialects())('case records on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(dialect);
  });
  afterAll(async () => t?.cleanup());

  it('raises supervision orders open, lists them by centre, scope and case, and resolves each once', async () => {
    const { db } = t.database;
    const nj = sparseCase({ jurisdictionPath: '/sh/hp/nj/' });
    const sibling = sparseCase({ jurisdictionPath: '/sh/hp1/x/' });
    for (const c of [nj, sibling]) await store.insertCase(db, c);
    const order = (caseId: string, to: string, raisedAt: number) =>
      supervision.insertOrder(db, {
        id: nextId('so'),
        caseId,
        fromCentreId: 'centre-nj',
        toCentreId: to,
        toCentreLevel: 'district',
        step: 'handle',
        stepDueAt: raisedAt - 1,
        raisedAt,
      });
    const a = await order(nj.id, 'centre-hp', T + 2);
    const b = await order(nj.id, 'centre-city', T + 1);
    const c = await order(sibling.id, 'centre-hp', T + 3);
    expect(a).toMatchObject({ state: 'open', resolution: null, note: null, resolvedBy: null, resolvedAt: null });
    expect(await supervision.getOrder(db, a.id)).toEqual(a);
    expect(await supervision.listOrders(db, { state: 'open', toCentreId: 'centre-hp' })).toEqual([a, c]);
    expect(await supervision.listOrders(db, { state: 'open', scopePath: '/sh/hp/' })).toEqual([b, a]);
    expect(await supervision.listForCase(db, nj.id)).toEqual([b, a]);

    const resolution = { resolution: 'new_deadline' as const, note: '限期三天', resolvedBy: 'u-sup', resolvedAt: T + 10 };
    expect(await supervision.resolveOrder(db, a.id, resolution)).toBe(true);
    expect(await supervision.resolveOrder(db, a.id, { ...resolution, resolution: 'escalate' }), 'already resolved').toBe(false);
    expect(await supervision.resolveOrder(db, 'nope', resolution)).toBe(false);
    const resolved = { ...a, ...resolution, state: 'resolved' as const };
    expect(await supervision.getOrder(db, a.id)).toEqual(resolved);
    expect(await supervision.listOrders(db, { state: 'open', toCentreId: 'centre-hp' })).toEqual([c]);
    expect(await supervision.listOrders(db, { state: 'resolved' })).toEqual([resolved]);
    expect(await supervision.listOrders(db)).toEqual([b, resolved, c]);
  });

  it('keeps duplicate proposals per report and per master, decided once', async () => {
    const { db } = t.database;
    const master1 = sparseCase({ reportedAt: T });
    const master2 = sparseCase({ reportedAt: T + 1 });
    const report = sparseCase({ reportedAt: T + 60_000 });
    for (const c of [master1, master2, report]) await store.insertCase(db, c);
    const proposal = (masterId: string, confidence: number, createdAt: number): duplicates.DuplicateProposal => ({
      id: nextId('dp'),
      caseId: report.id,
      masterId,
      distanceM: 12.5,
      ageMs: 60_000,
      confidence,
      decision: 'proposed',
      reason: null,
      decidedBy: null,
      decidedAt: null,
      createdAt,
    });
    const p1 = proposal(master1.id, 0.6, T + 60_000);
    const p2 = proposal(master2.id, 0.9, T + 60_001);
    await duplicates.insertProposal(db, p1);
    await duplicates.insertProposal(db, p2);
    expect(await duplicates.listProposalsForCase(db, report.id)).toEqual([p2, p1]);
    expect(await duplicates.listProposalsForMaster(db, master1.id)).toEqual([p1]);
    const decision = { decision: 'merged' as const, reason: '同一井盖 same cover', decidedBy: 'u-op', decidedAt: T + 70_000 };
    expect(await duplicates.decideProposal(db, p2.id, decision)).toBe(true);
    expect(await duplicates.decideProposal(db, p2.id, { ...decision, decision: 'dismissed' })).toBe(false);
    expect(await duplicates.getProposal(db, p2.id)).toEqual({ ...p2, ...decision });
    expect(await duplicates.getProposal(db, 'nope')).toBeUndefined();
  });

  it('stores attachment content on disk by hash and in the row, and reads it back byte for byte', async () => {
    const { db } = t.database;
    const bytes = payload(1);
    const sha = createHash('sha256').update(bytes).digest('hex');
    const base = { name: '井盖.png', mediaType: 'image/png', uploadedBy: 'u-1', now: T };
    const onDisk = await attachments.saveAttachment(db, t.dataDir, { ...base, bytes, storage: 'disk' });
    expect(onDisk).toEqual({
      id: onDisk.id,
      name: base.name,
      mediaType: base.mediaType,
      uploadedBy: base.uploadedBy,
      bytes: bytes.length,
      sha256: sha,
      storage: 'disk',
      caseId: null,
      createdAt: T,
    });
    const file = path.join(t.dataDir, 'attachments', sha.slice(0, 2), sha);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    // Nothing half-written is left beside it.
    expect(fs.readdirSync(path.dirname(file))).toEqual([sha]);
    const again = await attachments.saveAttachment(db, t.dataDir, { ...base, bytes, storage: 'disk' });
    expect(again.id).not.toBe(onDisk.id);
    expect(fs.readdirSync(path.dirname(file))).toEqual([sha]); // one file for the same content

    const inDb = await attachments.saveAttachment(db, t.dataDir, { ...base, bytes: payload(2), storage: 'db' });
    for (const [ref, content] of [
      [onDisk, bytes],
      [inDb, payload(2)],
    ] as const) {
      const got = await attachments.getAttachment(db, t.dataDir, ref.id);
      expect(got?.ref).toEqual(ref);
      expect(Buffer.isBuffer(got?.bytes)).toBe(true);
      expect(got!.bytes.equals(content)).toBe(true);
    }
    expect(await attachments.getAttachment(db, t.dataDir, 'nope')).toBeUndefined();
    expect((await attachments.getAttachmentRefs(db, [onDisk.id, inDb.id, 'nope'])).map((r) => r.id).sort()).toEqual(
      [onDisk.id, inDb.id].sort(),
    );
  });

  it('attaches uploads to one case only', async () => {
    const { db } = t.database;
    const c1 = sparseCase();
    const c2 = sparseCase();
    for (const c of [c1, c2]) await store.insertCase(db, c);
    const up = (n: number) =>
      attachments.saveAttachment(db, t.dataDir, {
        bytes: payload(10 + n),
        name: `p${n}.png`,
        mediaType: 'image/png',
        uploadedBy: 'u',
        storage: 'db',
        now: T + n,
      });
    const [a, b, c] = [await up(1), await up(2), await up(3)];
    expect(await attachments.attachToCase(db, [a.id, b.id, a.id], c1.id)).toBe(2);
    expect(await attachments.attachToCase(db, [a.id], c1.id), 'again, same case').toBe(1);
    expect(await attachments.attachToCase(db, [b.id, c.id], c2.id), "c1's photo stays with c1").toBe(1);
    expect(await attachments.attachToCase(db, [], c2.id)).toBe(0);
    expect((await attachments.listCaseAttachments(db, c1.id)).map((x) => x.id)).toEqual([a.id, b.id]);
    expect((await attachments.listCaseAttachments(db, c2.id)).map((x) => [x.id, x.caseId])).toEqual([[c.id, c2.id]]);
    // A case id on upload (the case exists already) works too.
    const direct = await attachments.saveAttachment(db, t.dataDir, {
      bytes: payload(20),
      name: 'x.png',
      mediaType: 'image/png',
      uploadedBy: 'u',
      storage: 'disk',
      caseId: c2.id,
      now: T + 9,
    });
    expect((await attachments.listCaseAttachments(db, c2.id)).map((x) => x.id)).toEqual([c.id, direct.id]);
  });

  it('refuses a content hash that is not one (a row must not steer reads outside the directory)', () => {
    expect(() => attachments.attachmentPath(t.dataDir, '../../etc/passwd')).toThrow(/bad content hash/);
  });
});
