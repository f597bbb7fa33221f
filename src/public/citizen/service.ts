/**
 * The citizen core (issue 7): the one door for public reports, whichever channel (portal,
 * Open311) they come by. A submission is size-checked, rate-limited per IP and per contact,
 * read by the moderation rules, and either filed at once through `cases.report` (source
 * `citizen`, sourceRef = the submission id, so intake is idempotent and duplicate detection
 * decides merges) or held for a moderator. Reads answer the public view of cases (no personal
 * data) and the citizen-facing history; ratings are taken once, after closing.
 */
import type { Database } from '../../platform/db/create-db.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { newId, newSecret } from '../../platform/ids.ts';
import { KeyedBuckets, type BucketPolicy } from '../../platform/limits/token-bucket.ts';
import type { AuditRecorder } from '../../audit/model.ts';
import type { CasesService } from '../../cases/service.ts';
import { toWgs84 } from '../../geo/crs.ts';
import type { CitizenReportInput, PublicReport, Submission } from './model.ts';
import { DEFAULT_MODERATION, flagsReason, moderate, type ModerationSettings } from './moderation-model.ts';
import { CITIZEN_ACTOR, contactKey, tokenHash, type SubmissionRecord } from './record-model.ts';
import { createModeration } from './moderation-service.ts';
import { createCitizenPhotos } from './photo-service.ts';
import { createPublicReads, type ReadCases } from './public-reads.ts';
import * as store from './store.ts';

/** The parts of the cases service the citizen core uses. */
export type CitizenCases = ReadCases & Pick<CasesService, 'report' | 'placeOf' | 'command' | 'attachments'>;

/** What the citizen core needs. */
export interface CitizenDeps {
  database: Database;
  clock: Clock;
  cases: CitizenCases;
  audit: AuditRecorder;
  isCategory(code: string): boolean;
  /** The category's public name (stands in for staff-written text). */
  categoryName(code: string): string;
  /** A unit's public name by id. */
  unitName(id: string): string | null;
  options?: CitizenOptions;
}

/** Limits with defaults (config sets the rate limits; tests make them small). */
export interface CitizenOptions {
  /** Reports per IP address; default 20 in a burst, 20 an hour. null: no limit. */
  perIp?: BucketPolicy | null;
  /** Reports per contact (phone or e-mail); default 10 in a burst, 10 a day. null: no limit. */
  perContact?: BucketPolicy | null;
  moderation?: ModerationSettings;
  /** Longest description (characters). Default 2,000. */
  maxDescription?: number;
  /** Most photos per report. Default 3. */
  maxPhotos?: number;
  /** Photo uploads per IP; default 30 in a burst, 30 an hour. null: no limit. */
  photosPerIp?: BucketPolicy | null;
  /** Days a held report waits for a moderator before it expires; default 14, 0: until decided. */
  heldDays?: number;
}

/** The limits as resolved. */
export const CITIZEN_LIMITS = { maxDescription: 2000, maxPhotos: 3 } as const;

/** The citizen core. */
export type CitizenService = ReturnType<typeof createCitizenService>;

/** 422 naming the field (the contract's refusal for citizen input). */
export function refused(field: string, message: string, code = 'VALIDATION_FAILED'): AppError {
  return new AppError(422, code, `${field}: ${message}`, [{ field, message }]);
}

function limited(which: string, retryAfterMs: number): AppError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new AppError(
    429,
    'RATE_LIMITED',
    `too many reports ${which}; retry in ${seconds} s`,
    [{ field: which, message: 'rate limit reached' }],
    {
      'retry-after': String(seconds),
    },
  );
}

/**
 * Creates the citizen core.
 * @example const citizen = createCitizenService({ database, clock, cases, audit, isCategory, categoryName, unitName });
 */
export function createCitizenService(deps: CitizenDeps) {
  const { db } = deps.database;
  const o = deps.options ?? {};
  const ipBuckets = o.perIp === null ? null : new KeyedBuckets(o.perIp ?? { burst: 20, perMinute: 20 / 60 });
  const contactBuckets = o.perContact === null ? null : new KeyedBuckets(o.perContact ?? { burst: 10, perMinute: 10 / 1440 });
  const moderation = o.moderation ?? DEFAULT_MODERATION;
  const maxDescription = o.maxDescription ?? CITIZEN_LIMITS.maxDescription;
  const maxPhotos = o.maxPhotos ?? CITIZEN_LIMITS.maxPhotos;
  const reads = createPublicReads({
    db,
    cases: deps.cases,
    clock: deps.clock,
    categoryName: (code) => deps.categoryName(code),
    unitName: (id) => deps.unitName(id),
  });
  const { caseOf, follow } = reads;

  /** Checks the input's sizes, category and place; answers the place's jurisdiction path and WGS-84 point. */
  function check(input: CitizenReportInput): { path: string; wgs: [number, number] } {
    const text = input.description.trim();
    if (text.length === 0) throw refused('description', 'describe the problem');
    if ([...input.description].length > maxDescription)
      throw refused('description', `at most ${maxDescription} characters`, 'DESCRIPTION_TOO_LONG');
    if ((input.photos?.length ?? 0) > maxPhotos) throw refused('photos', `at most ${maxPhotos} photos`, 'TOO_MANY_PHOTOS');
    if (!deps.isCategory(input.category)) throw refused('category', `unknown category ${input.category}`, 'UNKNOWN_CATEGORY');
    const { lon, lat } = input.location;
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) throw refused('lon', 'not a coordinate');
    let path: string;
    try {
      path = deps.cases.placeOf(input.location);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      throw new AppError(422, 'LOCATION_OUTSIDE_CITY', 'lon/lat: outside every jurisdiction of the city', [
        { field: 'lon', message: 'outside the city' },
        { field: 'lat', message: 'outside the city' },
      ]);
    }
    return { path, wgs: toWgs84(lon, lat, input.location.crs ?? 'wgs84') };
  }

  /** Every cited photo must be an unbound public upload (not a staff file guessed by id). */
  async function checkPhotos(ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      const found = await deps.cases.attachments.download(id, { ...CITIZEN_ACTOR, scopePath: '/-none-/' }).catch(() => undefined);
      if (!found || found.ref.caseId !== null) throw refused('photos', `unknown photo ${id}`, 'PHOTO_UNKNOWN');
    }
  }

  function takeTokens(input: CitizenReportInput, ip: string): void {
    const now = deps.clock.now();
    const byIp = ipBuckets?.take(ip, now);
    if (byIp && !byIp.ok) throw limited('per IP address', byIp.retryAfterMs);
    const key = contactKey(input.contact);
    const byContact = key ? contactBuckets?.take(key, now) : undefined;
    if (byContact && !byContact.ok) throw limited('per contact', byContact.retryAfterMs);
  }

  /** Files the case for a submission (accepted at once or approved); idempotent by the submission id. */
  async function fileCase(s: SubmissionRecord, contact: SubmissionRecord['contact']) {
    const result = await deps.cases.report(
      {
        source: 'citizen',
        sourceRef: s.id,
        category: s.category,
        description: s.description,
        location: { lon: s.lon, lat: s.lat, crs: s.crs, address: s.address },
        reporter: contact,
        attachments: s.photos,
        autoDispatch: false,
      },
      CITIZEN_ACTOR,
    );
    const master = result.case.masterId ? await caseOf(result.case.masterId) : undefined;
    return { caseId: result.case.id, caseCode: result.case.code, duplicateOf: master?.code ?? null };
  }

  const mod = createModeration({ db, clock: deps.clock, audit: deps.audit, fileCase, heldDays: o.heldDays ?? 14 });

  async function submit(input: CitizenReportInput, meta: { ip: string }): Promise<Submission> {
    takeTokens(input, meta.ip);
    const { path, wgs } = check(input);
    const photos = [...new Set(input.photos ?? [])];
    await checkPhotos(photos);
    const flags = moderate(`${input.description}\n${input.location.address ?? ''}`, moderation);
    const token = newSecret(24);
    const c = input.contact;
    const contact = c && (c.name || c.phone || c.email) ? { name: c.name ?? null, phone: c.phone ?? null, email: c.email ?? null } : null;
    const record: SubmissionRecord = {
      id: newId(),
      tokenHash: tokenHash(token),
      channel: input.channel,
      clientId: input.clientId ?? null,
      state: flags.length > 0 ? 'held' : 'accepted',
      reason: flagsReason(flags),
      flags: flags.map((f) => f.kind),
      category: input.category,
      description: input.description,
      lon: input.location.lon,
      lat: input.location.lat,
      crs: input.location.crs ?? 'wgs84',
      wgsLon: wgs[0],
      wgsLat: wgs[1],
      address: input.location.address ?? null,
      contact: flags.length > 0 ? contact : null,
      photos,
      mediaUrl: input.mediaUrl ?? null,
      attributes: input.attributes ?? {},
      externalRef: input.externalRef ?? null,
      jurisdictionPath: path,
      caseId: null,
      caseCode: null,
      duplicateOf: null,
      createdAt: deps.clock.now(),
      decidedAt: null,
      decidedBy: null,
      rating: null,
      ratingComment: null,
      ratedAt: null,
    };
    if (record.state === 'held') {
      await store.insertSubmission(db, record);
      return { token, state: 'held', caseId: null, caseCode: null, duplicateOf: null, reason: record.reason };
    }
    // The case first (its own transaction, idempotent by sourceRef = this id), then the row that
    // points at it: a failure in between leaves a case without a follow token, never a token
    // without its case.
    const filed = await fileCase(record, contact);
    await store.insertSubmission(db, { ...record, ...filed });
    return { token, state: 'accepted', ...filed, reason: null };
  }

  /** A satisfaction rating (1–5) once, after the case (or the master it joined) closed. */
  async function rate(token: string, score: number, comment: string | null): Promise<void> {
    const s = await store.getByTokenHash(db, tokenHash(token));
    if (!s) throw new AppError(404, 'REPORT_NOT_FOUND', 'no report with this token');
    const c = s.caseId ? await caseOf(s.caseId) : undefined;
    const master = c?.masterId ? await caseOf(c.masterId) : undefined;
    const closed = c?.state === 'closed' || (c?.state === 'merged' && master?.state === 'closed');
    if (!c || !closed) throw new AppError(409, 'REPORT_NOT_CLOSED', 'a report can be rated once its case is closed');
    if (s.rating !== null || !(await store.rate(db, s.id, { score, comment, at: deps.clock.now() })))
      throw new AppError(409, 'REPORT_ALREADY_RATED', 'this report was rated already');
    // The case's own evaluation (评价) too, when nobody gave one yet; the citizen's rating is kept either way.
    if (c.state === 'closed' && c.satisfaction === null)
      await deps.cases
        .command(c.id, { type: 'evaluate', satisfaction: score, ...(comment ? { comment } : {}) }, CITIZEN_ACTOR)
        .catch((e: unknown) => {
          if (!(e instanceof AppError)) throw e;
        });
  }

  return {
    submit,
    /** The report behind a follow token (undefined while held or unknown). */
    async bySubmissionToken(token: string): Promise<PublicReport | undefined> {
      return (await follow(token))?.report ?? undefined;
    },
    view: reads.view,
    list: reads.list,
    history: reads.history,
    follow,
    rate,
    /** The moderation queue and decisions (signed-in staff). */
    moderation: mod,
    /** Photo uploads (metadata stripped) and the public read of published ones. */
    photos: createCitizenPhotos({
      clock: deps.clock,
      attachments: deps.cases.attachments,
      actor: CITIZEN_ACTOR,
      submissionOfCase: (caseId) => store.getByCase(db, caseId),
      ...(o.photosPerIp !== undefined ? { perIp: o.photosPerIp } : {}),
    }),
  };
}
