/**
 * A citizen submission as the citizen core stores it (one row per report handed in), and the
 * pure rules over it. The contact is kept here only while the submission waits for a moderator;
 * once decided it lives in the case's reporter record (approved) or nowhere (rejected).
 */
import { createHash } from 'node:crypto';
import type { Crs } from '../../geo/crs.ts';
import type { Actor } from '../../cases/case-types.ts';
import type { CitizenChannel, SubmissionState } from './model.ts';

/** Who files citizen cases and uploads their photos: the platform on the citizen's behalf. */
export const CITIZEN_ACTOR: Actor = { id: 'citizen', roles: ['citizen'], scopePath: '/', unitId: null, system: true };

/**
 * SHA-256 hex of a follow token (only the hash is stored).
 * @example tokenHash('abc').length // 64
 */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** One stored submission. */
export interface SubmissionRecord {
  id: string;
  /** SHA-256 (hex) of the follow token; the token itself is never stored. */
  tokenHash: string;
  channel: CitizenChannel;
  clientId: string | null;
  state: SubmissionState;
  /** Why held or rejected (bilingual), null when accepted at once. */
  reason: string | null;
  /** Moderation flag kinds, for the moderator's list. */
  flags: string[];
  category: string;
  /** As the citizen wrote it (HTML stays text: it is only ever answered as JSON). */
  description: string;
  /** As given, with its CRS (intake converts). */
  lon: number;
  lat: number;
  crs: Crs;
  /** WGS-84, for the nearby search. */
  wgsLon: number;
  wgsLat: number;
  address: string | null;
  /** Only while held. */
  contact: { name: string | null; phone: string | null; email: string | null } | null;
  photos: string[];
  mediaUrl: string | null;
  attributes: Record<string, string | string[]>;
  externalRef: string | null;
  /** Jurisdiction of the place, for the moderators' scope. */
  jurisdictionPath: string;
  caseId: string | null;
  caseCode: string | null;
  /** Master case code when intake joined the report to an existing case. */
  duplicateOf: string | null;
  createdAt: number;
  decidedAt: number | null;
  decidedBy: string | null;
  rating: number | null;
  ratingComment: string | null;
  ratedAt: number | null;
}

/** Where a public photo is served from. */
export function publicPhotoUrl(id: string): string {
  return `/api/v1/public/photos/${id}`;
}

/** Metres between two WGS-84 points (equirectangular: exact enough within a city). */
export function distanceM(aLon: number, aLat: number, bLon: number, bLat: number): number {
  const rad = Math.PI / 180;
  const x = (bLon - aLon) * rad * Math.cos(((aLat + bLat) / 2) * rad);
  const y = (bLat - aLat) * rad;
  return Math.sqrt(x * x + y * y) * 6_371_000;
}

/**
 * The bounding box of a circle, for an index range before the exact distance test.
 * @example boxAround(121.47, 31.23, 300) // { minLon: 121.4668…, … }
 */
export function boxAround(lon: number, lat: number, radiusM: number): { minLon: number; maxLon: number; minLat: number; maxLat: number } {
  const dLat = radiusM / 111_320;
  const dLon = radiusM / (111_320 * Math.max(0.01, Math.cos((lat * Math.PI) / 180)));
  return { minLon: lon - dLon, maxLon: lon + dLon, minLat: lat - dLat, maxLat: lat + dLat };
}

/** Normalizes a contact for the per-contact limit: digits of a phone, lower-case e-mail. */
export function contactKey(contact: { phone?: string | null; email?: string | null } | null | undefined): string | null {
  const phone = contact?.phone?.replace(/\D/gu, '');
  if (phone) return `p:${phone}`;
  const email = contact?.email?.trim().toLowerCase();
  return email ? `e:${email}` : null;
}
