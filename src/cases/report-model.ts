/**
 * A report as it reaches intake, from any source (people, alerts, imports, Open311), already
 * validated at the edge. Pure types.
 */
import type { Crs } from '../geo/crs.ts';
import type { Urgency } from './catalogue-types.ts';
import type { CaseSource } from './case-types.ts';

/** A report as it arrives (already schema-validated at the edge). */
export interface ReportInput {
  source: CaseSource;
  /** Id in the source system; a second report with the same source and ref returns the first case. */
  sourceRef?: string | null;
  category: string;
  urgency?: Urgency;
  description: string;
  location: { lon: number; lat: number; crs?: Crs; address?: string | null };
  reporter?: { name?: string | null; phone?: string | null; email?: string | null; note?: string | null } | null;
  /** Photo ids uploaded before the report. */
  attachments?: readonly string[];
  /** File and dispatch at once when the matrix (or `unitId`) names a unit. */
  autoDispatch?: boolean;
  /** Dispatch to this unit instead of the matrix's choice (a community task goes to its committee). */
  unitId?: string | null;
  /** Why `unitId` differs from the matrix's choice, for the record. */
  unitReason?: string;
}
