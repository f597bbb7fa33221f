/**
 * Where a purpose grant stands for the person looking at it, and which of the caller's grants
 * can unmask a record now (the registry's purpose selector). Mirrors src/registry/grant-model.ts's
 * `grantActive`; the server decides every read, this only offers choices it would accept. Pure.
 */
import type { Grant, GrantSubjectKind, Purpose } from '../api/privacy-types.ts';

/** A grant's phase: its status, with an approved one split by its validity window. */
export type GrantPhase = 'requested' | 'scheduled' | 'active' | 'expired' | 'denied' | 'revoked';

/**
 * The grant's phase at `now` (epoch ms).
 * @example grantPhase({ ...g, status: 'approved', validFrom: 0, validUntil: 10 }, 10) // 'expired'
 */
export function grantPhase(g: Pick<Grant, 'status' | 'validFrom' | 'validUntil' | 'revokedAt'>, now: number): GrantPhase {
  if (g.status !== 'approved') return g.status;
  if (g.revokedAt !== null) return 'revoked';
  if (now < g.validFrom) return 'scheduled';
  return now < g.validUntil ? 'active' : 'expired';
}

/** The caller's grants in force now over records of `kind`, soonest ending first. */
export function usableGrants(grants: readonly Grant[], userId: string, kind: GrantSubjectKind, now: number): Grant[] {
  return grants
    .filter((g) => g.granteeUserId === userId && g.scope.subjectKind === kind && grantPhase(g, now) === 'active')
    .sort((a, b) => a.validUntil - b.validUntil);
}

/**
 * The grant of `usable` that covers a record for `purpose`: one listing its id, or one over a
 * jurisdiction containing its path. Grants naming a case need that case with the read.
 */
export function coveringGrant(usable: readonly Grant[], purpose: Purpose, record: { id: string; jurisdictionPath: string }): Grant | null {
  return (
    usable.find(
      (g) =>
        g.purpose === purpose &&
        (g.scope.kind === 'records' ? g.scope.ids.includes(record.id) : record.jurisdictionPath.startsWith(g.scope.path)),
    ) ?? null
  );
}
