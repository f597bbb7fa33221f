/**
 * The welfare-visit task of a case over HTTP (`/api/v1/cases/{id}/welfare`), with the answer's
 * type copied from the server's schema (src/welfare/routes.ts).
 */
import { api } from '../api/client.ts';

/** What a visit found. */
export const VISIT_OUTCOMES = ['visited_well', 'needs_help', 'not_home', 'hospitalised', 'deceased'] as const;
/** One outcome code. */
export type VisitOutcome = (typeof VISIT_OUTCOMES)[number];

/** A resident on the task: the name always masked; the emergency contact only under the task's grant. */
export interface WelfareResident {
  personId: string;
  readable: boolean;
  name: string | null;
  address: string | null;
  emergencyContact: { name: string | null; phone: string | null } | null;
}

/** `GET /api/v1/cases/{id}/welfare`. */
export interface WelfareTask {
  caseId: string;
  caseCode: string;
  caseState: string;
  address: string | null;
  status: 'open' | 'visited' | 'closed';
  linkReason: 'no_household_ref' | 'household_not_found' | 'no_elderly_resident' | null;
  housing: { housingId: string; readable: boolean; building: string | null; unit: string | null; room: string | null } | null;
  residents: WelfareResident[];
  grant: { id: string; validUntil: number } | null;
  outcome: { outcome: VisitOutcome; note: string | null; visitedAt: number; followUpNeeded: boolean } | null;
}

const enc = encodeURIComponent;

/** The welfare routes. */
export const welfareApi = {
  /** The task; `contact` reveals the emergency contact (403 WELFARE_GRANT_REQUIRED without the grant; audited). */
  get: (caseId: string, contact = false) =>
    api.get<WelfareTask>(`/api/v1/cases/${enc(caseId)}/welfare`, { query: { contact: contact ? 'true' : undefined } }),
  /** Records the outcome and reports the case back. */
  outcome: (caseId: string, body: { outcome: VisitOutcome; note: string | null; visitedAt: number }) =>
    api.post<WelfareTask>(`/api/v1/cases/${enc(caseId)}/welfare/outcome`, body),
};
