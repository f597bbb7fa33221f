/**
 * Taking in one request from a source system: idempotency by (system, external id), the
 * category mapping, the place, then the case through the cases service — never its store.
 *
 * Order of checks: a repeat is answered before anything else (the same request → 200 and its
 * case even if the mapping changed since; a changed one → 409), then the category (422 naming
 * `category` or `categoryCode`), then the place (422 naming `location`).
 *
 * The case is filed by `cases.report` in its own transaction; the request row follows. If the
 * process dies between the two, the same request again finds the case by its source ref
 * (intake's idempotency) and the row is written then: nothing is filed twice.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { Clock } from '../platform/clock.ts';
import { AppError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import type { Actor } from '../cases/case-types.ts';
import type { CasesService } from '../cases/service.ts';
import type { IntakeResult } from '../cases/intake-service.ts';
import type { ReportInput } from '../cases/report-model.ts';
import { isSmallClassCode } from '../cases/catalogue-model.ts';
import { toReportInput } from '../cases/work-order-model.ts';
import { bridgeSourceRef, requestFingerprint, resolveCategory, type BridgeRequest } from './bridge-model.ts';
import * as store from './store.ts';
import type { StoredSystem } from './store.ts';

/** The answer to a request: its case, and whether this call filed it. */
export interface IntakeAnswer {
  externalId: string;
  caseId: string;
  caseCode: string;
  created: boolean;
}

/** What taking in needs. */
export interface IntakeDeps {
  db: Kysely<DB>;
  cases: Pick<CasesService, 'report' | 'placeOf'>;
  clock: Clock;
}

const refused = (code: string, field: string, message: string) => new AppError(422, code, `${field}: ${message}`, [{ field, message }]);

function conflictWith(externalId: string, caseCode: string): AppError {
  return new AppError(
    409,
    'BRIDGE_REQUEST_CONFLICT',
    `externalId ${externalId} was posted before with other content (case ${caseCode}); a changed request needs a new externalId`,
    [{ field: 'externalId', message: 'posted before with other content' }],
  );
}

/**
 * The report for a request: the 12345 work-order mapping (reporter, place, description) with the
 * bridge's source, ref and received note. A hotline case is filed by a person, not dispatched
 * by the matrix at once: 受理 (accepted) is what the system is told when that happens.
 */
function reportOf(
  system: StoredSystem,
  r: BridgeRequest,
  category: string,
  at: { lon: number; lat: number; crs: 'wgs84' | 'gcj02' | 'bd09' },
): ReportInput {
  const base = toReportInput({
    ref: r.externalId,
    category,
    urgency: 'normal',
    description: r.text,
    lon: at.lon,
    lat: at.lat,
    crs: at.crs,
    address: r.address ?? null,
    reporterName: r.contact?.name ?? null,
    reporterPhone: r.contact?.phone ?? null,
    receivedAt: null,
  });
  const received = r.receivedAt ? `\n[${system.name} 受理时间 received ${r.receivedAt}]` : '';
  return {
    ...base,
    source: 'hotline',
    sourceRef: bridgeSourceRef(system.id, r.externalId),
    description: `${r.text}${received}`,
    autoDispatch: false,
  };
}

/**
 * Takes in one request for `system` as `actor` (the system's gateway account).
 * @example await takeRequest(deps, { system, mapping, request, actor });
 */
export async function takeRequest(
  deps: IntakeDeps,
  o: { system: StoredSystem; mapping: ReadonlyMap<string, string>; request: BridgeRequest; actor: Actor },
): Promise<IntakeAnswer> {
  const { system, request: r } = o;
  const fingerprint = requestFingerprint(r);
  const prior = await store.getRequest(deps.db, system.id, r.externalId);
  if (prior) {
    if (prior.fingerprint !== fingerprint) throw conflictWith(r.externalId, prior.caseCode);
    return { externalId: r.externalId, caseId: prior.caseId, caseCode: prior.caseCode, created: false };
  }

  if (r.categoryCode !== undefined && !isSmallClassCode(r.categoryCode.trim().toUpperCase()))
    throw refused('BRIDGE_UNKNOWN_CATEGORY', 'categoryCode', `unknown small class ${r.categoryCode}; GET /api/v1/catalogue lists them`);
  const category = resolveCategory(o.mapping, r.category, r.categoryCode);
  if (!category)
    throw refused(
      'BRIDGE_UNKNOWN_CATEGORY',
      'category',
      `no mapping for "${r.category}"; an admin adds it (PUT /api/v1/bridge/mapping) or the request gives categoryCode`,
    );

  if (!('lon' in r.location))
    throw refused(
      'BRIDGE_LOCATION_NOT_GEOCODED',
      'location',
      'coordinates are needed: the platform places requests by longitude and latitude and does not geocode address text',
    );
  const at = { lon: r.location.lon, lat: r.location.lat, crs: r.location.crs ?? 'wgs84' } as const;
  let place: string;
  try {
    place = deps.cases.placeOf(at);
  } catch (e) {
    if (e instanceof AppError && e.status < 500)
      throw refused('LOCATION_OUTSIDE_CITY', 'location', 'outside every jurisdiction of the city');
    throw e;
  }
  if (!place.startsWith(o.actor.scopePath))
    throw refused('LOCATION_OUTSIDE_SCOPE', 'location', 'outside the jurisdiction of this system’s gateway account');

  const input = reportOf(system, r, category, at);
  let result: IntakeResult;
  try {
    result = await deps.cases.report(input, o.actor);
  } catch (e) {
    // Two twins racing: the loser's insert fails on the unique source ref; once more finds the winner's case.
    if (e instanceof AppError) throw e;
    result = await deps.cases.report(input, o.actor);
  }
  const c = result.case;
  await store.insertRequest(deps.db, {
    id: newId(),
    systemId: system.id,
    externalId: r.externalId,
    fingerprint,
    caseId: c.id,
    caseCode: c.code,
    createdAt: deps.clock.now(),
  });
  // A twin that stored its row first decides: the same content is a repeat, other content a conflict.
  const stored = await store.getRequest(deps.db, system.id, r.externalId);
  if (stored && stored.fingerprint !== fingerprint) throw conflictWith(r.externalId, stored.caseCode);
  return { externalId: r.externalId, caseId: c.id, caseCode: c.code, created: !result.existing };
}
