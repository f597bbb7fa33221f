/**
 * The public report form's own checks, before anything is sent: the limits the server enforces
 * (description ≤ 2,000 characters, ≤ 3 photos of ≤ 5 MB, JPEG/PNG/WebP), a contact that looks
 * like a phone or an e-mail, and the body the server takes. Pure: the page turns the keys into
 * words in the language shown.
 */
import type { PublicReportInput } from '../api/public-types.ts';

/** Longest description the server takes (CITIZEN_LIMITS.maxDescription). */
export const MAX_DESCRIPTION = 2000;
/** Most photos on one report (CITIZEN_LIMITS.maxPhotos). */
export const MAX_PHOTOS = 3;
/** Largest photo the server takes, bytes. */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
/** The picture types the server takes. */
export const PHOTO_TYPES: readonly string[] = ['image/jpeg', 'image/png', 'image/webp'];

/** Why a picked file cannot go, or null when it can. */
export type PhotoProblem = 'type' | 'size' | null;

/**
 * Checks one picked file by its type and size (the server checks the bytes again).
 * @example photoProblem({ type: 'image/gif', size: 10 }) // 'type'
 */
export function photoProblem(file: { type: string; size: number }): PhotoProblem {
  if (!PHOTO_TYPES.includes(file.type)) return 'type';
  if (file.size > MAX_PHOTO_BYTES) return 'size';
  return null;
}

/** The form as typed (numbers as text: the fields keep what the user wrote). */
export interface ReportDraft {
  category: string;
  description: string;
  lon: string;
  lat: string;
  address: string;
  name: string;
  phone: string;
  email: string;
}

/** The form without its place (the page keeps the place in a draft of its own). */
export type ReportContent = Omit<ReportDraft, 'lon' | 'lat'>;

/** An empty form without its place. */
export const EMPTY_CONTENT: ReportContent = { category: '', description: '', address: '', name: '', phone: '', email: '' };

/** An empty form. */
export const EMPTY_REPORT: ReportDraft = { ...EMPTY_CONTENT, lon: '', lat: '' };

/** What the form's own check says about a field (keys under `portal.report.check`). */
export type ReportCheck =
  'categoryRequired' | 'descriptionRequired' | 'descriptionTooLong' | 'locationRequired' | 'phoneInvalid' | 'emailInvalid';

const PHONE = /^\+?[\d\- ]{5,20}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * A coordinate typed into a field, or null when it is not one.
 * @example coordinate('121.47', 180) // 121.47
 */
export function coordinate(text: string, limit: number): number | null {
  if (!text.trim()) return null;
  const n = Number(text);
  return Number.isFinite(n) && Math.abs(n) <= limit ? n : null;
}

/**
 * The picked point, or null while the place is missing or not a coordinate.
 * @example pointOf({ ...EMPTY_REPORT, lon: '121.5', lat: '31.2' }) // { lon: 121.5, lat: 31.2 }
 */
export function pointOf(draft: Pick<ReportDraft, 'lon' | 'lat'>): { lon: number; lat: number } | null {
  const lon = coordinate(draft.lon, 180);
  const lat = coordinate(draft.lat, 90);
  return lon !== null && lat !== null ? { lon, lat } : null;
}

/**
 * The form's problems by field (empty when it may go).
 * @example checkReport(EMPTY_REPORT).category // 'categoryRequired'
 */
export function checkReport(draft: ReportDraft): Partial<Record<'category' | 'description' | 'location' | 'phone' | 'email', ReportCheck>> {
  const bad: Partial<Record<'category' | 'description' | 'location' | 'phone' | 'email', ReportCheck>> = {};
  if (!draft.category) bad.category = 'categoryRequired';
  const text = draft.description.trim();
  if (!text) bad.description = 'descriptionRequired';
  else if ([...text].length > MAX_DESCRIPTION) bad.description = 'descriptionTooLong';
  if (!pointOf(draft)) bad.location = 'locationRequired';
  if (draft.phone.trim() && !PHONE.test(draft.phone.trim())) bad.phone = 'phoneInvalid';
  if (draft.email.trim() && !EMAIL.test(draft.email.trim())) bad.email = 'emailInvalid';
  return bad;
}

/**
 * The characters a description counts, as the server counts them (code points, so one Chinese
 * character or emoji is one).
 * @example descriptionLength('井盖') // 2
 */
export function descriptionLength(text: string): number {
  return [...text.trim()].length;
}

/** The request body, or null while the form has problems. Empty contact fields are left out (anonymous). */
export function reportBody(draft: ReportDraft, photos: readonly string[]): PublicReportInput | null {
  const point = pointOf(draft);
  if (!point || Object.keys(checkReport(draft)).length > 0) return null;
  const contact = {
    ...(draft.name.trim() ? { name: draft.name.trim() } : {}),
    ...(draft.phone.trim() ? { phone: draft.phone.trim() } : {}),
    ...(draft.email.trim() ? { email: draft.email.trim() } : {}),
  };
  return {
    category: draft.category,
    description: draft.description.trim(),
    lon: point.lon,
    lat: point.lat,
    ...(draft.address.trim() ? { address: draft.address.trim() } : {}),
    ...(Object.keys(contact).length > 0 ? { contact } : {}),
    ...(photos.length > 0 ? { photos: [...photos] } : {}),
  };
}

/**
 * Whole minutes to wait after a 429, at least one (null when the server did not say).
 * @example waitMinutes(61) // 2
 */
export function waitMinutes(retryAfterS: number | null): number | null {
  return retryAfterS === null ? null : Math.max(1, Math.ceil(retryAfterS / 60));
}

/**
 * A follow token as typed or pasted: the last path segment of a follow link, trimmed.
 * @example tokenFromInput(' https://x/follow/abc123 ') // 'abc123'
 */
export function tokenFromInput(text: string): string {
  const t = text.trim();
  const m = /\/follow\/([^/?#\s]+)/.exec(t);
  return m ? decodeURIComponent(m[1]!) : t;
}

/**
 * Metres between two WGS-84 points (equirectangular: exact enough within a city).
 * @example Math.round(distanceM({ lon: 121.47, lat: 31.23 }, { lon: 121.47, lat: 31.231 })) // 111
 */
export function distanceM(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const rad = Math.PI / 180;
  const x = (b.lon - a.lon) * rad * Math.cos(((a.lat + b.lat) / 2) * rad);
  const y = (b.lat - a.lat) * rad;
  return Math.sqrt(x * x + y * y) * 6_371_000;
}
