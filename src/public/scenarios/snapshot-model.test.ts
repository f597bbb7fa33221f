import { describe, expect, it } from 'vitest';
import {
  documentText,
  registerAt,
  sha256Hex,
  verifyChain,
  type Revision,
  type SnapshotDocument,
  type SnapshotRow,
} from './snapshot-model.ts';
import type { ScenarioFields } from './model.ts';

const fields = (slug: string, status: ScenarioFields['status']): ScenarioFields => ({
  slug,
  name: slug,
  nameEn: slug,
  department: 'd',
  status,
  launchDate: status === 'planned' ? null : '2026-01-01',
  watches: 'w',
  watchesEn: 'w',
  ruleIds: [],
  categories: [],
});

function chain(months: string[]): SnapshotRow[] {
  const rows: SnapshotRow[] = [];
  for (const [i, month] of months.entries()) {
    const prev = rows[i - 1]?.sha256 ?? null;
    const doc: SnapshotDocument = {
      kind: 'cityops.scenarios.snapshot',
      month,
      timeZone: 'Asia/Shanghai',
      frozenAt: 'x',
      previousSha256: prev,
      items: [],
    };
    const text = documentText(doc);
    rows.push({ month, seq: i + 1, document: text, sha256: sha256Hex(text), prevSha256: prev, frozenAt: i, frozenBy: 't' });
  }
  return rows;
}

describe('registerAt', () => {
  it('folds revisions into the register as it stood before a time', () => {
    const revs: Revision[] = [
      { id: '1', scenarioId: 'a', version: 1, at: 10, action: 'create', actorId: 'u', data: fields('a', 'building') },
      { id: '2', scenarioId: 'b', version: 1, at: 20, action: 'create', actorId: 'u', data: fields('b', 'planned') },
      { id: '3', scenarioId: 'a', version: 2, at: 30, action: 'update', actorId: 'u', data: fields('a', 'online') },
    ];
    expect(registerAt(revs, 15).map((s) => [s.slug, s.status])).toEqual([['a', 'building']]);
    const later = registerAt(revs, 31);
    expect(later.map((s) => [s.slug, s.status, s.version])).toEqual([
      ['a', 'online', 2],
      ['b', 'planned', 1],
    ]);
    expect(later[0]).toMatchObject({ createdAt: 10, updatedAt: 30 });
  });
});

describe('verifyChain', () => {
  it('accepts an intact chain', () => {
    expect(verifyChain(chain(['2026-09', '2026-10', '2026-11']))).toEqual({ ok: true, checked: 3, problems: [] });
  });

  it('finds an edited document, a relinked row and a dropped snapshot', () => {
    const edited = chain(['2026-09', '2026-10']);
    edited[0] = { ...edited[0]!, document: edited[0]!.document.replace('"items": []', '"items": [1]') };
    expect(verifyChain(edited).problems).toEqual([expect.objectContaining({ month: '2026-09', problem: 'altered' })]);

    // Rewritten and re-hashed: the next snapshot's link no longer matches.
    const rehashed = chain(['2026-09', '2026-10']);
    const text = rehashed[0]!.document.replace('"frozenAt": "x"', '"frozenAt": "y"');
    rehashed[0] = { ...rehashed[0]!, document: text, sha256: sha256Hex(text) };
    expect(verifyChain(rehashed).problems).toEqual([expect.objectContaining({ month: '2026-10', problem: 'relinked' })]);

    const dropped = chain(['2026-09', '2026-10', '2026-11']).filter((r) => r.month !== '2026-10');
    const problems = verifyChain(dropped).problems.map((p) => p.problem);
    expect(problems).toContain('missing');
    expect(problems).toContain('relinked');
  });
});
