/**
 * The check-in module's use-cases: venues and their codes, the public check-in, counts for
 * everyone with access to a venue, grant-bound investigation reads and the retention purge.
 * What may be collected and how records may be used is set out in `model.ts`.
 */
import type { Database } from '../platform/db/create-db.ts';
import type { Clock } from '../platform/clock.ts';
import { AppError, invalid, notFound } from '../platform/errors.ts';
import { newId, newSecret } from '../platform/ids.ts';
import type { AuditRecorder } from '../audit/model.ts';
import type { GrantChecker } from '../registry/grant-model.ts';
import { checkInTimeProblem, type HealthStatus, type Venue, type VenueKind } from './model.ts';
import { foldCounts, type CountBucketSize, type VenueCounts } from './counts-model.ts';
import { KeyedBuckets, type BucketPolicy } from '../platform/limits/token-bucket.ts';
import { deriveCheckinKey, hashPersonKey } from './person-key.ts';
import { createInvestigations, type Investigation, type InvestigationQuery, type Investigator } from './investigation-service.ts';
import { createRetention, type PurgeResult } from './retention-service.ts';
import { createCheckinWriter } from './checkin-writer.ts';
import * as store from './store.ts';

/** What the check-in service needs. */
export interface CheckinDeps {
  database: Database;
  clock: Clock;
  geo: {
    locate(lon: number, lat: number, crs?: 'wgs84' | 'gcj02' | 'bd09'): ReadonlyArray<{ id: string }>;
    get(id: string): { path: string } | undefined;
  };
  audit: AuditRecorder;
  grants: GrantChecker;
  /**
   * The platform's data keys; the person-key HMAC key is derived from the current one (never
   * stored). Previous keys still find the check-ins hashed before a rotation (a hash cannot be
   * resealed; they age out with the retention).
   */
  dataKeys: { current: Buffer; previous: readonly Buffer[] };
  retentionDays: number;
  /** The city's time zone, for day buckets. */
  timeZone: string;
  options?: CheckinOptions;
}

/** Knobs with defaults; tests make them small. */
export interface CheckinOptions {
  /** Per person key: nobody checks in at 10 venues in a minute. Default 10 burst, 6/min. */
  perPerson?: BucketPolicy;
  /** Retention loop interval; 0 = no loop (tests call `purgeExpired`). Default 10 min. */
  purgeIntervalMs?: number;
  /** Rows per delete statement. Default 1,000. */
  purgeBatch?: number;
}

/** How long a venue looked up by code is remembered. */
const VENUE_CACHE_MS = 10_000;

/** A new venue as registered. */
export interface VenueInput {
  name: string;
  kind: VenueKind;
  address: string;
  location: { lon: number; lat: number; crs?: 'wgs84' | 'gcj02' | 'bd09' };
  operatorContact?: string | null;
}

/** A check-in as the app sends it. */
export interface CheckInInput {
  personKey: string;
  at?: number;
  healthStatus: HealthStatus;
}

/** The check-in service. */
export type CheckinService = ReturnType<typeof createCheckinService>;

const DEFAULTS = {
  perPerson: { burst: 10, perMinute: 6 },
  purgeIntervalMs: 10 * 60_000,
  purgeBatch: 1000,
} as const;

/**
 * 429 for one person key. (The per-IP limit of every public route is the platform's:
 * @fastify/rate-limit in platform/http/security-rate-limit.ts; it cannot see the person key,
 * which is in the body.)
 */
function rateLimited(retryAfterMs: number): AppError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new AppError(429, 'RATE_LIMITED', `too many check-ins with this person key; retry in ${seconds} s`, [], {
    'retry-after': String(seconds),
  });
}

/**
 * Creates the service; `start` begins the retention loop (scheduler role), `stop` ends it.
 * @example const checkin = createCheckinService({ database, clock, geo, audit, grants, dataKey, retentionDays: 28, timeZone });
 */
export function createCheckinService(deps: CheckinDeps) {
  const { db } = deps.database;
  const o = { ...DEFAULTS, ...deps.options };
  const personBuckets = new KeyedBuckets(o.perPerson);
  const writer = createCheckinWriter(db);
  const investigations = createInvestigations({ db, clock: deps.clock, geo: deps.geo, audit: deps.audit, grants: deps.grants, hashes });
  const retention = createRetention({ db, clock: deps.clock, audit: deps.audit, retentionDays: deps.retentionDays, batch: o.purgeBatch });
  let loop: ReturnType<typeof setInterval> | null = null;

  const [personKeySecret, ...previousSecrets] = [deps.dataKeys.current, ...deps.dataKeys.previous].map(deriveCheckinKey);
  function hash(personKey: string): string {
    return hashPersonKey(personKeySecret!, personKey);
  }
  /** A person key's hash under every key, the current one first. */
  function hashes(personKey: string): string[] {
    return [hash(personKey), ...previousSecrets.map((k) => hashPersonKey(k, personKey))];
  }

  /** The deepest jurisdiction containing a point, or a 400 naming the field. */
  function place(location: VenueInput['location']): { id: string; path: string } {
    const chain = deps.geo.locate(location.lon, location.lat, location.crs ?? 'wgs84');
    const deepest = chain[chain.length - 1];
    const path = deepest && deps.geo.get(deepest.id)?.path;
    if (!deepest || !path) throw invalid('body.location', 'outside every jurisdiction of the city', 'VENUE_OUTSIDE_CITY');
    return { id: deepest.id, path };
  }

  /**
   * Venues by code, remembered for {@link VENUE_CACHE_MS}: every check-in names one, and the hot
   * venues (a metro entrance) are few. A deactivation in this process takes effect at once; one
   * made by another process within the cache time.
   */
  const codes = new Map<string, { venue: Venue | undefined; until: number }>();
  async function venueByCode(code: string): Promise<Venue | undefined> {
    const now = deps.clock.now();
    const hit = codes.get(code);
    if (hit && hit.until > now) return hit.venue;
    const venue = await store.getVenueByCode(db, code);
    if (codes.size >= 10_000) codes.clear();
    // Unknown codes are not remembered: a spray of made-up codes must not evict the real ones.
    if (venue) codes.set(code, { venue, until: now + VENUE_CACHE_MS });
    return venue;
  }

  async function venueOr404(id: string): Promise<Venue> {
    const v = await store.getVenue(db, id);
    if (!v) throw notFound('venue', 'VENUE_NOT_FOUND');
    return v;
  }

  return {
    /** Where a venue at this point would belong (for the route's scope check). */
    placeOf: (location: VenueInput['location']): string => place(location).path,

    /** Registers a venue with a fresh code (128 random bits, URL-safe). */
    async registerVenue(input: VenueInput, actor: { userId: string }): Promise<Venue> {
      const { id: jurisdictionId, path } = place(input.location);
      const venue: Venue = {
        id: newId(),
        code: newSecret(16),
        name: input.name,
        kind: input.kind,
        address: input.address,
        lon: input.location.lon,
        lat: input.location.lat,
        jurisdictionId,
        jurisdictionPath: path,
        operatorContact: input.operatorContact ?? null,
        active: true,
        createdAt: deps.clock.now(),
        createdBy: actor.userId,
        deactivatedAt: null,
      };
      await store.insertVenue(db, venue);
      return venue;
    },

    /** A venue by id, or undefined. */
    getVenue: (id: string): Promise<Venue | undefined> => store.getVenue(db, id),

    /** Venues in a subtree, oldest first, a page at a time. */
    async listVenues(scopePath: string, q: { cursor?: string; limit?: number; active?: boolean } = {}) {
      const limit = q.limit ?? 100;
      const items = await store.listVenues(db, { scopePath, limit: limit + 1, ...q });
      const more = items.length > limit;
      if (more) items.pop();
      return { items, nextCursor: more ? items[items.length - 1]!.id : null };
    },

    /** Stops a venue's code from accepting check-ins (its records stay until retention ends). */
    async deactivateVenue(id: string): Promise<Venue> {
      const v = await venueOr404(id);
      if (v.active) await store.deactivateVenue(db, id, deps.clock.now());
      codes.delete(v.code);
      return venueOr404(id);
    },

    /** Records a check-in: the person key is hashed here and goes no further. */
    async checkIn(code: string, input: CheckInInput): Promise<{ venueName: string; at: number }> {
      const now = deps.clock.now();
      const personHash = hash(input.personKey);
      const limited = personBuckets.take(personHash, now);
      if (!limited.ok) throw rateLimited(limited.retryAfterMs);
      const venue = await venueByCode(code);
      if (!venue) throw notFound('venue', 'VENUE_NOT_FOUND');
      if (!venue.active) throw new AppError(410, 'VENUE_INACTIVE', 'this venue code is no longer in use');
      const at = input.at ?? now;
      const problem = checkInTimeProblem(at, now);
      if (problem) throw invalid('body.at', problem, 'CHECKIN_TIME_OUT_OF_RANGE');
      await writer.write({ id: newId(), venueId: venue.id, personHash, at, status: input.healthStatus });
      return { venueName: venue.name, at };
    },

    /** Counts at a venue for people without an investigation grant (small numbers suppressed). */
    async counts(venueId: string, q: { from: number; to: number; bucket: CountBucketSize }): Promise<VenueCounts> {
      if (!(q.from < q.to)) throw invalid('query.to', 'must be after from');
      if (q.to - q.from > 31 * 86_400_000) throw invalid('query.to', 'at most 31 days after from');
      await venueOr404(venueId);
      const rows = await store.hourlyCounts(db, venueId, q.from, q.to);
      return foldCounts(rows, { ...q, timeZone: deps.timeZone });
    },

    /** An epidemic investigation read: needs a grant naming the case; audited either way. */
    investigate: (who: Investigator, q: InvestigationQuery): Promise<Investigation> => investigations.run(who, q),

    /** Deletes check-ins past retention now, in batches; audits the purge when it deleted any. */
    purgeExpired: (): Promise<PurgeResult> => retention.purge(),

    /** Starts the retention loop (processes with the scheduler role). */
    start(): void {
      if (loop || o.purgeIntervalMs <= 0) return;
      loop = setInterval(() => {
        retention.purge().catch((e: unknown) => console.error('checkin: retention purge failed:', e));
      }, o.purgeIntervalMs);
      loop.unref();
    },

    /** Stops the loop and waits for a purge and check-ins in progress. */
    async stop(): Promise<void> {
      if (loop) clearInterval(loop);
      loop = null;
      await retention.idle();
      await writer.idle();
    },
  };
}
