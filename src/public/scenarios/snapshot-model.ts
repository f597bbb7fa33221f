/**
 * Frozen monthly snapshots of the published register: the document for a month (the register as
 * it stood at the month's end, with the figures of the twelve months up to it), its SHA-256, and
 * the chain that links each snapshot to the one before — the previous hash is inside the hashed
 * document, so editing, dropping or re-linking any stored snapshot shows on verification.
 * The document is stored as text and served as stored, byte for byte. Pure.
 */
import { createHash } from 'node:crypto';
import type { PublishedScenario, ScenarioFields, ScenarioRecord } from './model.ts';

/** How many months of figures a snapshot (and the live register) carries, ending at its month. */
export const FIGURE_MONTHS = 12;

/** The frozen document of one month. */
export interface SnapshotDocument {
  /** What this is, for a reader who finds the file alone. */
  kind: 'cityops.scenarios.snapshot';
  month: string;
  timeZone: string;
  /** ISO-8601 (UTC) instant of freezing. */
  frozenAt: string;
  /** SHA-256 of the snapshot before this one in the chain; null for the first. */
  previousSha256: string | null;
  items: PublishedScenario[];
}

/** A snapshot as stored. */
export interface SnapshotRow {
  month: string;
  seq: number;
  document: string;
  sha256: string;
  prevSha256: string | null;
  frozenAt: number;
  frozenBy: string;
}

/** One stored change of a scenario: its fields after the change. */
export interface Revision {
  id: string;
  scenarioId: string;
  version: number;
  at: number;
  action: 'create' | 'update';
  actorId: string;
  data: ScenarioFields;
}

/**
 * SHA-256 (hex) of a text's UTF-8 bytes.
 * @example sha256Hex('') // 'e3b0c442…b855'
 */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * The register as it stood just before `at`: each scenario's latest revision before then, in
 * the order scenarios were created. Scenarios created later are absent.
 * @example registerAt(revisions, monthEnd).map((s) => s.slug)
 */
export function registerAt(revisions: readonly Revision[], at: number): ScenarioRecord[] {
  const byScenario = new Map<string, ScenarioRecord>();
  const sorted = [...revisions].filter((r) => r.at < at).sort((a, b) => a.at - b.at || a.version - b.version);
  for (const r of sorted) {
    const prev = byScenario.get(r.scenarioId);
    byScenario.set(r.scenarioId, {
      id: r.scenarioId,
      ...r.data,
      ruleIds: [...r.data.ruleIds],
      categories: [...r.data.categories],
      createdAt: prev?.createdAt ?? r.at,
      updatedAt: r.at,
      version: r.version,
    });
  }
  return [...byScenario.values()].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
}

/**
 * The document's text: JSON with two-space indentation and a final newline (readable when
 * downloaded). Its bytes are what is hashed and served.
 */
export function documentText(doc: SnapshotDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** What verification found wrong with one snapshot. */
export interface ChainProblem {
  month: string;
  problem: 'altered' | 'relinked' | 'missing';
  detail: string;
}

/** The verdict over the whole chain. */
export interface ChainVerdict {
  ok: boolean;
  checked: number;
  problems: ChainProblem[];
}

/**
 * Verifies stored snapshots (any order): each document hashes to its stored hash, names its own
 * month and the previous snapshot's hash, and positions run 1, 2, 3… without gaps.
 * @example verifyChain(rows).ok
 */
export function verifyChain(rows: readonly SnapshotRow[]): ChainVerdict {
  const sorted = [...rows].sort((a, b) => a.seq - b.seq);
  const problems: ChainProblem[] = [];
  let prev: SnapshotRow | null = null;
  for (const [i, r] of sorted.entries()) {
    if (r.seq !== i + 1) problems.push({ month: r.month, problem: 'missing', detail: `chain position ${r.seq}, expected ${i + 1}` });
    if (sha256Hex(r.document) !== r.sha256)
      problems.push({ month: r.month, problem: 'altered', detail: 'the document does not hash to the stored SHA-256' });
    else {
      let doc: Partial<SnapshotDocument> | null = null;
      try {
        doc = JSON.parse(r.document) as Partial<SnapshotDocument>;
      } catch {
        doc = null;
      }
      if (!doc || doc.month !== r.month || doc.previousSha256 !== r.prevSha256)
        problems.push({ month: r.month, problem: 'altered', detail: 'the document disagrees with its row (month or previous hash)' });
    }
    const expected = prev?.sha256 ?? null;
    if (r.prevSha256 !== expected)
      problems.push({
        month: r.month,
        problem: 'relinked',
        detail: `previous hash ${r.prevSha256 ?? 'none'}, expected ${expected ?? 'none'}`,
      });
    if (prev && prev.month >= r.month) problems.push({ month: r.month, problem: 'relinked', detail: `follows ${prev.month} in the chain` });
    prev = r;
  }
  return { ok: problems.length === 0, checked: sorted.length, problems };
}
