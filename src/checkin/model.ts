/**
 * Venue check-ins (场所码 / 数字哨兵): the types and pure rules of the module.
 *
 * A venue (a shop, an office lobby, a metro entrance) registers and gets a code; the code is
 * printed as a QR poster. A citizen's health-code app scans it and posts a check-in.
 *
 * MINIMUM COLLECTION (个人信息保护法 §6: no more than the purpose needs). A check-in holds
 * exactly: the venue, the time, the health status the app showed (green/yellow/red) and a keyed
 * hash (HMAC-SHA256) of the app's opaque pseudonymous person key. No name, phone number, ID
 * number, location, device id or IP address is accepted or stored: the public route's schema is
 * strict and refuses any other field, and the raw person key is hashed before it reaches
 * storage (the key of the hash lives in configuration, never in the database).
 *
 * PURPOSE BINDING. Records are used only for epidemic investigation (流调): reading them needs
 * an approved, active `epidemic_investigation` grant naming the case, answers only what the
 * grant covers, returns per-query pseudonyms (never the person key nor its stored hash) and is
 * audited. Everyone else with access to a venue sees counts only, with small counts suppressed.
 *
 * RETENTION. Records older than the retention period (default 28 days) are deleted by the
 * scheduler; each purge that deletes anything is audited.
 */

/** Health-code colours as the app shows them (健康码). Stored as given; not verified here. */
export const HEALTH_STATUSES = ['green', 'yellow', 'red'] as const;
/** One health-code colour. */
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

/** Kinds of venue, with labels. */
export const VENUE_KINDS = {
  shop: { zh: '商铺', en: 'Shop' },
  mall: { zh: '商场', en: 'Shopping mall' },
  restaurant: { zh: '餐饮', en: 'Restaurant' },
  market: { zh: '农贸市场', en: 'Market' },
  office: { zh: '办公楼宇', en: 'Office building' },
  residential: { zh: '住宅小区', en: 'Residential compound' },
  transport: { zh: '交通场站', en: 'Transport hub' },
  hospital: { zh: '医疗机构', en: 'Hospital or clinic' },
  school: { zh: '学校', en: 'School' },
  culture: { zh: '文体场馆', en: 'Culture or sports venue' },
  hotel: { zh: '宾馆', en: 'Hotel' },
  government: { zh: '政务服务场所', en: 'Government service hall' },
  other: { zh: '其他', en: 'Other' },
} as const;
/** One venue kind. */
export type VenueKind = keyof typeof VENUE_KINDS;
/** All venue kinds. */
export const VENUE_KIND_LIST = Object.keys(VENUE_KINDS) as [VenueKind, ...VenueKind[]];

/** A registered venue. */
export interface Venue {
  id: string;
  /** The unguessable, URL-safe code on the venue's QR poster (128 random bits). */
  code: string;
  name: string;
  kind: VenueKind;
  address: string;
  lon: number;
  lat: number;
  /** The deepest jurisdiction containing the venue, and its materialized path. */
  jurisdictionId: string;
  jurisdictionPath: string;
  /** How to reach the venue's operator (a phone or an e-mail); optional. */
  operatorContact: string | null;
  active: boolean;
  createdAt: number;
  createdBy: string;
  deactivatedAt: number | null;
}

/** One check-in as stored: no person key, only its keyed hash. */
export interface CheckIn {
  id: string;
  venueId: string;
  /** HMAC-SHA256 of the person key (hex). */
  personHash: string;
  at: number;
  status: HealthStatus;
}

/** How far a check-in's time may lie from now: apps queue scans made offline, clocks drift. */
export const CHECKIN_TIME_WINDOW = { pastMs: 24 * 3_600_000, futureMs: 5 * 60_000 } as const;

/**
 * Why a check-in time cannot be accepted, or null when it can.
 * @example checkInTimeProblem(now - 3_600_000, now) // null
 */
export function checkInTimeProblem(at: number, now: number, window = CHECKIN_TIME_WINDOW): string | null {
  if (!Number.isFinite(at)) return 'not a time';
  if (at > now + window.futureMs) return `more than ${window.futureMs / 60_000} minutes in the future`;
  if (at < now - window.pastMs) return `more than ${window.pastMs / 3_600_000} hours in the past`;
  return null;
}

/** Days → the cutoff before which records are deleted. */
export function retentionCutoff(now: number, retentionDays: number): number {
  return now - retentionDays * 86_400_000;
}
