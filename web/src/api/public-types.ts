/**
 * The shapes of the public portal, published scenarios, open statistics, moderation and the
 * 12345 bridge (issue 7), copied from the HTTP contract (src/public/citizen/model.ts and the
 * routes' zod schemas). The web app reaches the server only over HTTP, so these are copies.
 */
import type { CaseState } from './types.ts';

/** Where a citizen's submission stands. */
export type SubmissionState = 'accepted' | 'held' | 'rejected';

/** `POST /api/v1/public/reports`: the answer to a report. */
export interface Submission {
  /** The citizen's follow token (unguessable; shown once, the way back to the report). */
  token: string;
  state: SubmissionState;
  caseId: string | null;
  caseCode: string | null;
  /** The master case's code when intake joined this report to an existing case. */
  duplicateOf: string | null;
  reason?: string | null;
}

/** What a citizen sends (`POST /api/v1/public/reports`). */
export interface PublicReportInput {
  category: string;
  description: string;
  lon: number;
  lat: number;
  address?: string;
  contact?: { name?: string; phone?: string; email?: string };
  photos?: string[];
}

/** A case as the public sees it: no reporter, no staff names. */
export interface PublicReport {
  caseId: string;
  code: string;
  token: string | null;
  category: string;
  status: 'open' | 'closed';
  state: CaseState;
  statusNotes: string | null;
  agencyResponsible: string | null;
  description: string | null;
  address: string | null;
  lon: number;
  lat: number;
  requestedAt: number;
  updatedAt: number;
  expectedAt: number | null;
  mediaUrls: string[];
  duplicateOf: string | null;
  rating: number | null;
}

/** One step of the citizen-facing status history. */
export interface PublicStatusUpdate {
  id: string;
  at: number;
  status: 'open' | 'closed';
  state: CaseState;
  note: string | null;
}

/**
 * `GET /api/v1/public/reports/{token}`: the report with its history and where the submission
 * stands. While held (or once rejected) there is no case yet: the case's fields are null.
 */
export interface FollowedReport extends Omit<PublicReport, 'caseId' | 'code' | 'status' | 'state' | 'lon' | 'lat' | 'updatedAt'> {
  caseId: string | null;
  code: string | null;
  status: 'open' | 'closed' | null;
  state: CaseState | null;
  lon: number | null;
  lat: number | null;
  updatedAt: number | null;
  history: PublicStatusUpdate[];
  submission: { state: SubmissionState; reason: string | null };
}

/** A photo uploaded by a citizen (`POST /api/v1/public/photos`). */
export interface PublicPhoto {
  id: string;
  mediaType: string;
  bytes: number;
}

/** A published application scenario's status. */
export type ScenarioStatus = 'planned' | 'building' | 'online' | 'retired';

/** One month of a scenario's use figures. */
export interface ScenarioMonth {
  month: string;
  alertsRaised: number;
  casesHandled: number;
  onTimeRate: number | null;
}

/** An application scenario of the public register (`GET /api/v1/public/scenarios`). */
export interface Scenario {
  id: string;
  slug: string;
  name: string;
  nameEn: string;
  department: string;
  status: ScenarioStatus;
  launchDate: string | null;
  watches: string;
  watchesEn: string;
  monthly: ScenarioMonth[];
}

/** A frozen monthly snapshot of the register. */
export interface ScenarioSnapshot {
  month: string;
  frozenAt: number | string;
  sha256: string;
}

/** One category's count in a district; null = suppressed (too few to publish). */
export interface StatsCategoryCount {
  category: string;
  name: string;
  nameEn: string;
  count: number | null;
}

/** A district's indicators for a month; null = suppressed. */
export interface DistrictStats {
  code: string;
  name: string;
  nameEn: string;
  cases: number | null;
  byCategory: StatsCategoryCount[];
  onTimeRate: number | null;
  closingRate: number | null;
  avgHandlingHours: number | null;
}

/** `GET /api/v1/public/stats?month=`. */
export interface MonthStats {
  month: string;
  suppressionThreshold: number;
  districts: DistrictStats[];
}

/** A citizen submission as moderators see it (`GET /api/v1/moderation/submissions`). */
export interface HeldSubmission {
  id: string;
  state: SubmissionState;
  channel: 'portal' | 'open311';
  category: string;
  description: string;
  address: string | null;
  lon: number;
  lat: number;
  /** Why the moderation rules held it (kinds of flag). */
  flags: string[];
  reason: string | null;
  photos: string[];
  jurisdictionPath: string;
  createdAt: number;
  caseCode: string | null;
}

/** A source system of the 12345 / 一网通办 bridge. */
export interface BridgeSystem {
  id: string;
  name: string;
  channel: string;
  callbackUrl: string | null;
  active?: boolean;
  createdAt?: number;
}

/** A status callback to a source system (`GET /api/v1/bridge/callbacks?state=dead`). */
export interface BridgeCallback {
  id: string;
  system: string;
  externalId: string;
  caseCode: string | null;
  event: string;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: number | null;
  state: string;
}
