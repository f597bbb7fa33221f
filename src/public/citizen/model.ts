/**
 * The citizen core's contract (issue 7): what a citizen (portal, Open311) submits, what the
 * submission answers, and the public view of a case. Pure types shared by the portal routes,
 * Open311 and the web app's copy of them. No personal data ever appears in a {@link PublicReport}.
 */
import type { Crs } from '../../geo/crs.ts';
import type { CaseState } from '../../cases/case-types.ts';

/** The public channels a report may come in by. */
export type CitizenChannel = 'portal' | 'open311';

/** A citizen's report as the channel hands it over (already shape-checked at the edge). */
export interface CitizenReportInput {
  channel: CitizenChannel;
  /** The calling application (Open311 api_key owner), when known. */
  clientId?: string | null;
  /** Small class code of the case catalogue. */
  category: string;
  description: string;
  location: { lon: number; lat: number; crs?: Crs; address?: string | null };
  /** Stored once as the case's reporter (shown masked to staff); never public. Anonymous when absent. */
  contact?: { name?: string | null; phone?: string | null; email?: string | null } | null;
  /** Attachment ids from `POST /api/v1/public/photos` (EXIF already stripped). */
  photos?: string[];
  mediaUrl?: string | null;
  attributes?: Record<string, string | string[]>;
  /** The channel's own id for the request, if it has one. */
  externalRef?: string | null;
}

/** Where a submission stands: accepted (a case exists), held for moderation, or rejected by a moderator. */
export type SubmissionState = 'accepted' | 'held' | 'rejected';

/** The answer to a submission. */
export interface Submission {
  /** The citizen's follow token (unguessable; only its hash is stored). */
  token: string;
  state: SubmissionState;
  caseId: string | null;
  caseCode: string | null;
  /** The master case's code when intake joined this report to an existing case. */
  duplicateOf: string | null;
  /** Why it was held or rejected. */
  reason?: string | null;
}

/** Open311's two statuses. */
export type PublicStatus = 'open' | 'closed';

/** A case as the public sees it: no reporter, no staff names, staff-written text replaced. */
export interface PublicReport {
  caseId: string;
  code: string;
  /** Only when read by the token itself. */
  token: string | null;
  category: string;
  status: PublicStatus;
  state: CaseState;
  statusNotes: string | null;
  agencyResponsible: string | null;
  /** Only citizen text that passed moderation; otherwise the category's name. */
  description: string | null;
  address: string | null;
  lon: number;
  lat: number;
  requestedAt: number;
  updatedAt: number;
  expectedAt: number | null;
  mediaUrls: string[];
  /** The master case's code when this report was joined to it. */
  duplicateOf: string | null;
  rating: number | null;
}

/** One step of the citizen-facing status history. */
export interface PublicStatusUpdate {
  /** The timeline entry's id. */
  id: string;
  at: number;
  status: PublicStatus;
  state: CaseState;
  note: string | null;
}

/** Filters of the public list. */
export interface PublicReportQuery {
  /** Case ids or codes. */
  ids?: string[];
  categories?: string[];
  /** Requested (reported) at or after, epoch ms. */
  from?: number;
  /** Requested before, epoch ms. */
  to?: number;
  status?: PublicStatus;
  near?: { lon: number; lat: number; radiusM: number };
  limit?: number;
  order?: 'newest' | 'oldest';
}
