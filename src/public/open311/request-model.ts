/**
 * Open311 service requests, both ways: the parameters of POST requests (form-encoded as the
 * spec says, or JSON) read into one flat shape and checked, and a public report presented as
 * an Open311 request. Pure: locating an address and submitting are the service's.
 */
import { z } from 'zod';
import type { PublicReport, PublicStatusUpdate } from '../citizen/model.ts';
import { isoTime, isoTimeOrNull } from './format-model.ts';
import { getService, type AttributeAnswers } from './services-model.ts';

/** POST parameters after reading: plain fields (first value wins) and attribute answers. */
export interface PostParams {
  fields: Record<string, string>;
  attributes: AttributeAnswers;
}

const ATTRIBUTE_KEY = /^attribute\[([^\][]+)\](\[\])?$/;

/**
 * Collects parameters from several sources (query string, then body; later ones win):
 * `attribute[code]=v` and `attribute[code][]=v` keys (form encoding, spec) as well as a JSON
 * `attribute` / `attributes` object.
 * @example collectParams([{ service_code: 'P0101', 'attribute[cover_state]': 'missing' }]).attributes // { cover_state: 'missing' }
 */
export function collectParams(sources: readonly unknown[]): PostParams {
  const fields: Record<string, string> = {};
  const attributes: Record<string, string[]> = {};
  const addAttribute = (code: string, value: unknown) => {
    const list = (attributes[code] ??= []);
    for (const v of Array.isArray(value) ? (value as unknown[]) : [value]) if (isScalar(v)) list.push(String(v));
  };
  for (const source of sources) {
    if (source === null || typeof source !== 'object' || Array.isArray(source)) continue;
    for (const [key, value] of Object.entries(source as Record<string, unknown>)) {
      const m = ATTRIBUTE_KEY.exec(key);
      if (m) addAttribute(m[1]!, value);
      else if ((key === 'attribute' || key === 'attributes') && value !== null && typeof value === 'object' && !Array.isArray(value)) {
        for (const [code, v] of Object.entries(value as Record<string, unknown>)) addAttribute(code, v);
      } else {
        const first = Array.isArray(value) ? (value as unknown[])[0] : value;
        if (isScalar(first)) fields[key] = String(first);
      }
    }
  }
  const answers: AttributeAnswers = {};
  for (const [code, list] of Object.entries(attributes)) answers[code] = list.length === 1 ? list[0]! : list;
  return { fields, attributes: answers };
}

function isScalar(v: unknown): v is string | number | boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/** "Optional" means an empty parameter is as good as none (spec, Definitions). */
const optional = <T extends z.ZodType>(s: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v), s.optional());

const coordinate = (min: number, max: number) =>
  z
    .string()
    .regex(/^[+-]?\d{1,3}(\.\d+)?$/, 'must be a decimal number')
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be between ${min} and ${max}`);

/** The POST fields Open311 defines; anything else is ignored, as the spec expects of servers. */
export const PostFields = z
  .object({
    service_code: z.preprocess(
      (v) => (typeof v === 'string' ? v.trim() : v),
      z.string({ error: 'is required' }).min(1, 'is required').max(20),
    ),
    lat: optional(coordinate(-90, 90)),
    long: optional(coordinate(-180, 180)),
    address_string: optional(z.string().max(500, 'is longer than 500 characters')),
    address_id: optional(z.string().max(100)),
    email: optional(z.email('is not an email address').max(254)),
    device_id: optional(z.string().max(200)),
    account_id: optional(z.string().max(200)),
    first_name: optional(z.string().max(100)),
    last_name: optional(z.string().max(100)),
    phone: optional(z.string().regex(/^\+?[\d\s()-]{5,30}$/, 'is not a phone number')),
    // The spec caps descriptions at 4,000 characters.
    description: optional(z.string().max(4000, 'is longer than 4,000 characters')),
    media_url: optional(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000)),
  })
  .refine((f) => (f.lat === undefined) === (f.long === undefined), { message: 'lat and long must be sent together', path: ['lat'] })
  .refine((f) => f.lat !== undefined || f.address_string !== undefined || f.address_id !== undefined, {
    message: 'a location is required: lat and long, address_string or address_id',
    path: ['lat'],
  });

/** The checked POST fields. */
export type PostRequestFields = z.infer<typeof PostFields>;

/**
 * Checks POST fields; the problems are Open311 error descriptions naming the parameter.
 * @example parsePostFields({ service_code: 'P0101', lat: '31.23', long: '121.47' }).ok // true
 */
export function parsePostFields(
  fields: Record<string, string>,
): { ok: true; value: PostRequestFields } | { ok: false; problems: string[] } {
  const r = PostFields.safeParse(fields);
  if (r.success) return { ok: true, value: r.data };
  return {
    ok: false,
    problems: r.error.issues.map((i) => {
      const name = i.path.join('.') || 'request';
      return i.path.length > 0 && i.message.startsWith('a location') ? i.message : `${name} ${i.message}`;
    }),
  };
}

/**
 * A citizen's name from Open311's two parts: family name first with no space when both are
 * Chinese (张 + 三 → 张三), "first last" otherwise.
 * @example fullName('三', '张') // '张三'
 */
export function fullName(first: string | undefined, last: string | undefined): string | null {
  if (!first && !last) return null;
  if (first && last) return /^\p{Script=Han}+$/u.test(first + last) ? `${last}${first}` : `${first} ${last}`;
  return (first ?? last)!;
}

/** An Open311 request as GET requests answers it (every field of the spec, null when unknown). */
export interface Open311Request {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string | null;
  service_code: string;
  description: string | null;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string | null;
  address_id: string | null;
  zipcode: string | null;
  lat: number;
  long: number;
  media_url: string | null;
}

/**
 * What a citizen is told when the report joined an existing case.
 * @example duplicateNotice('310101-20261127-0042')
 */
export function duplicateNotice(masterCode: string): string {
  return `此问题已有人反映，您的报告已并入案件 ${masterCode}，可用该编号查询进度。 Already reported: your report joined case ${masterCode}; follow that case for progress.`;
}

/** A media URL as a client can fetch it: relative paths made absolute against the endpoint's origin. */
export function absoluteUrl(url: string, origin: string): string | null {
  try {
    return new URL(url, origin).href;
  } catch {
    return null;
  }
}

/**
 * A public report as an Open311 request.
 * @example toOpen311Request(report, { timeZone: 'Asia/Shanghai', origin: 'http://localhost:8080' })
 */
export function toOpen311Request(r: PublicReport, ctx: { timeZone: string; origin: string }): Open311Request {
  const media = r.mediaUrls[0];
  return {
    service_request_id: r.code,
    status: r.status,
    status_notes: r.statusNotes,
    service_name: getService(r.category)?.service_name ?? null,
    service_code: r.category,
    description: r.description,
    agency_responsible: r.agencyResponsible,
    service_notice: r.duplicateOf ? duplicateNotice(r.duplicateOf) : null,
    requested_datetime: isoTime(r.requestedAt, ctx.timeZone),
    updated_datetime: isoTime(r.updatedAt, ctx.timeZone),
    expected_datetime: isoTimeOrNull(r.expectedAt, ctx.timeZone),
    address: r.address,
    address_id: null,
    zipcode: null,
    lat: r.lat,
    long: r.lon,
    media_url: media === undefined ? null : absoluteUrl(media, ctx.origin),
  };
}

/** One step of a request's history (the servicerequestupdates extension). */
export interface Open311RequestUpdate {
  update_id: string;
  service_request_id: string;
  status: 'open' | 'closed';
  updated_datetime: string;
  description: string | null;
  media_url: string | null;
}

/**
 * A status history step as the servicerequestupdates extension shows it.
 * @example toOpen311Update(update, '310101-20261127-0042', 'Asia/Shanghai')
 */
export function toOpen311Update(u: PublicStatusUpdate, code: string, timeZone: string): Open311RequestUpdate {
  return {
    update_id: u.id,
    service_request_id: code,
    status: u.status,
    updated_datetime: isoTime(u.at, timeZone),
    description: u.note,
    media_url: null,
  };
}
