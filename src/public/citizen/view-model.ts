/**
 * A case as the public sees it (pure): status and notes from the state alone (staff notes may
 * name people, so none is copied), the citizen's own text only when it passed moderation,
 * otherwise the category's name; never the reporter.
 */
import { FINAL_STATES, type Case, type CaseEvent, type CaseState } from '../../cases/case-types.ts';
import type { PublicReport, PublicStatus, PublicStatusUpdate } from './model.ts';
import { publicPhotoUrl, type SubmissionRecord } from './record-model.ts';

/** Open311's status of a case state. */
export function publicStatus(state: CaseState): PublicStatus {
  return (FINAL_STATES as readonly CaseState[]).includes(state) ? 'closed' : 'open';
}

/** What the public is told about each state (bilingual, no names). */
const STATE_NOTES: Record<CaseState, string> = {
  reported: '已受理，等待立案 · received, waiting to be registered',
  filed: '已立案，等待派遣 · registered, waiting to be assigned',
  dispatched: '已派遣至责任单位 · assigned to the responsible agency',
  accepted: '责任单位处置中 · being handled by the agency',
  handled: '已处置，等待核查 · handled, waiting for the on-site check',
  verified: '核查通过，等待结案 · checked, about to be closed',
  closed: '已结案 · closed',
  rejected: '不予立案 · not accepted as a case',
  merged: '已并入同一问题的主案 · joined to an earlier report of the same problem',
  voided: '已作废 · withdrawn',
  parked: '暂缓处置，定期复查 · on hold, reviewed periodically',
};

/** The public note of a state. */
export function stateNote(state: CaseState): string {
  return STATE_NOTES[state];
}

/** What the view needs beside the case. */
export interface ViewExtras {
  /** The citizen submission behind the case, if it came through the citizen core. */
  submission: SubmissionRecord | undefined;
  /** The category's public name (stands in for staff-written descriptions). */
  categoryName: string;
  /** The unit handling it, by name. */
  agency: string | null;
  /** The master case's code when merged. */
  masterCode: string | null;
  /** Only when the citizen asked by token. */
  token: string | null;
}

/**
 * The public view of a case.
 * @example toPublicReport(c, { submission: undefined, categoryName: '路灯', agency: null, masterCode: null, token: null }).description // '路灯'
 */
export function toPublicReport(c: Case, x: ViewExtras): PublicReport {
  const status = publicStatus(c.state);
  const sub = x.submission?.state === 'accepted' ? x.submission : undefined;
  return {
    caseId: c.id,
    code: c.code,
    token: x.token,
    category: c.category,
    status,
    state: c.state,
    statusNotes: c.state === 'merged' && x.masterCode ? `${stateNote(c.state)}: ${x.masterCode}` : stateNote(c.state),
    agencyResponsible: x.agency,
    description: sub ? sub.description : x.categoryName,
    address: c.location.address,
    lon: c.location.lon,
    lat: c.location.lat,
    requestedAt: c.reportedAt,
    updatedAt: c.updatedAt,
    expectedAt: status === 'open' && c.step ? c.step.dueAt : null,
    mediaUrls: sub ? [...sub.photos.map(publicPhotoUrl), ...(sub.mediaUrl ? [sub.mediaUrl] : [])] : [],
    duplicateOf: x.masterCode,
    rating: x.submission?.rating ?? c.satisfaction,
  };
}

/**
 * The citizen-facing history: one update per change of state, oldest first, with the public
 * note of the state reached (staff comments are left out: they may name people).
 * @example toHistory(events).map((u) => u.state) // ['reported', 'filed', 'dispatched']
 */
export function toHistory(events: readonly CaseEvent[]): PublicStatusUpdate[] {
  const out: PublicStatusUpdate[] = [];
  for (const e of events) {
    const state = e.type === 'reported' ? 'reported' : e.after.state;
    if (!state) continue;
    out.push({ id: e.id, at: e.at, status: publicStatus(state), state, note: stateNote(state) });
  }
  return out;
}
