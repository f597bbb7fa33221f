/**
 * A 12345 hotline work order (12345 热线工单) as one row of a bulk import, and how it becomes a
 * report for intake. Pure: checks one row and says what is wrong with it field by field, so an
 * import can store the good rows and answer the bad ones with a reason each.
 *
 * Columns (English name or the Chinese header a hotline export uses):
 * - `ref` 工单编号 (required): the work-order number; the case's source ref is `12345:<ref>`, so a
 *   file imported twice finds its cases instead of filing them again;
 * - `category` 类别 (required): a small class code of the catalogue, e.g. `E0102`;
 * - `urgency` 紧急程度: `urgent`|`high`|`normal` or 紧急|较急|一般 (default `normal`);
 * - `description` 诉求内容 (required): what the caller asked for;
 * - `lon` 经度, `lat` 纬度 (required): numbers in `crs`;
 * - `crs` 坐标系: `wgs84`|`gcj02`|`bd09`, default `wgs84` — the same default as every other input
 *   of the platform; a hotline system that geocodes with a Chinese map API must say `gcj02` or
 *   `bd09`, since guessing would silently move every case by a few hundred metres;
 * - `address` 地址, `reporterName` 来电人, `reporterPhone` 联系电话;
 * - `receivedAt` 受理时间: ISO-8601 time the hotline took the call. The case's clock starts when
 *   the platform receives it (the limits are the platform's), so this is kept as text at the end
 *   of the description only, for the record.
 *
 * Problems name the column (`ref`, `lat`, …); `location` stands for the lon/lat pair when the
 * place itself is refused (outside the city, outside the caller's scope).
 */
import type { Crs } from '../geo/crs.ts';
import type { Urgency } from './catalogue-types.ts';
import { isSmallClassCode } from './catalogue-model.ts';
import type { ReportInput } from './report-model.ts';

/** The columns of a work order, in the order a template lists them. */
export const WORK_ORDER_COLUMNS = [
  'ref',
  'category',
  'urgency',
  'description',
  'lon',
  'lat',
  'crs',
  'address',
  'reporterName',
  'reporterPhone',
  'receivedAt',
] as const;

/** One column's English name. */
export type WorkOrderColumn = (typeof WORK_ORDER_COLUMNS)[number];

/** Columns every row must fill (and every CSV header must have). */
export const REQUIRED_COLUMNS: readonly WorkOrderColumn[] = ['ref', 'category', 'description', 'lon', 'lat'];

/** The Chinese header of each column, as 12345 exports name them; accepted beside the English names. */
export const CHINESE_COLUMNS: Readonly<Record<WorkOrderColumn, string>> = Object.freeze({
  ref: '工单编号',
  category: '类别',
  urgency: '紧急程度',
  description: '诉求内容',
  lon: '经度',
  lat: '纬度',
  crs: '坐标系',
  address: '地址',
  reporterName: '来电人',
  reporterPhone: '联系电话',
  receivedAt: '受理时间',
});

/** Prefix of a work order's source ref: other systems may import under `source: 'import'` too. */
export const WORK_ORDER_REF_PREFIX = '12345:';
/** Longest work-order number (the source ref holds 128 characters with the prefix). */
export const MAX_REF_LENGTH = 100;
/** Longest description, as in a report over the API. */
export const MAX_DESCRIPTION_LENGTH = 4000;

const CRS_NAMES = ['wgs84', 'gcj02', 'bd09'] as const satisfies readonly Crs[];

/** Urgency words accepted, English and as 12345 writes them. */
const URGENCY_WORDS: Readonly<Record<string, Urgency>> = Object.freeze({
  urgent: 'urgent',
  high: 'high',
  normal: 'normal',
  紧急: 'urgent',
  较急: 'high',
  一般: 'normal',
});

const byName = new Map<string, WorkOrderColumn>(
  WORK_ORDER_COLUMNS.flatMap((c) => [[c.toLowerCase(), c] as const, [CHINESE_COLUMNS[c], c] as const]),
);

/**
 * The column a header or JSON key names: an English name (any case) or its Chinese header.
 * @example columnOf('经度'); // 'lon'
 */
export function columnOf(name: string): WorkOrderColumn | undefined {
  const n = name.trim();
  return byName.get(n) ?? byName.get(n.toLowerCase());
}

/** A work order that passed every check. */
export interface WorkOrder {
  ref: string;
  category: string;
  urgency: Urgency;
  description: string;
  /** As given, in `crs`. */
  lon: number;
  lat: number;
  crs: Crs;
  address: string | null;
  reporterName: string | null;
  reporterPhone: string | null;
  /** As given (ISO-8601). */
  receivedAt: string | null;
}

/** What is wrong with one row: `row` counts data rows from 0 (CSV file line row + 2). */
export interface RowProblem {
  row: number;
  field: string;
  message: string;
}

/** The outcome of checking one row. */
export type WorkOrderCheck = { ok: true; order: WorkOrder } | { ok: false; problems: RowProblem[] };

// ISO-8601 date and time, seconds and offset optional (without one it is the city's local time).
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?$/;
const PHONE = /^[\d+\- ]{3,20}$/;
// No white space or control characters inside a work-order number: they are lost or mangled by
// the spreadsheets these files pass through, and two refs differing only there would look alike.
const REF = /^[^\s\p{Cc}]+$/u;

/** A text cell: strings trimmed, empty means absent; numbers only where `numbers` allows. */
function text(v: unknown, numbers: boolean): string | null | undefined {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' && numbers) return Number.isSafeInteger(v) ? String(v) : undefined;
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  return t === '' ? null : t;
}

function isValidTime(s: string): boolean {
  const m = ISO_TIME.exec(s);
  if (!m) return false;
  const [y, mo, d, h, mi, sec] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d));
  // Date.UTC rolls 2026-02-30 over into March; a real date survives the round trip.
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && h < 24 && mi < 60 && sec < 60;
}

/**
 * Checks one row: a plain object keyed by column (English or Chinese). CSV cells are strings;
 * JSON may give numbers for `lon`, `lat`, `ref` and `reporterPhone`. Every problem of the row is
 * reported, not only the first.
 *
 * @example checkWorkOrder({ 工单编号: 'SH-1', 类别: 'E0102', 诉求内容: '垃圾', 经度: '121.48', 纬度: '31.23' }, 0)
 */
export function checkWorkOrder(raw: unknown, row: number): WorkOrderCheck {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { ok: false, problems: [{ row, field: 'row', message: 'expected an object of columns' }] };
  const problems: RowProblem[] = [];
  const bad = (field: string, message: string) => problems.push({ row, field, message });
  const cells = new Map<WorkOrderColumn, unknown>();
  for (const [key, value] of Object.entries(raw)) {
    const column = columnOf(key);
    if (!column) bad(key, `unknown column; columns are ${WORK_ORDER_COLUMNS.join(', ')} or their Chinese headers`);
    else if (cells.has(column)) bad(column, `given twice (as ${column} and ${CHINESE_COLUMNS[column]})`);
    else cells.set(column, value);
  }
  const cell = (c: WorkOrderColumn, numbers = false, max = 500): string | null => {
    const t = text(cells.get(c), numbers);
    if (t === undefined) {
      const number = numbers && typeof cells.get(c) === 'number';
      bad(c, number ? 'give it as text: a JSON number this long or with a fraction loses digits' : 'expected text');
      return null;
    }
    if (t !== null && t.length > max) {
      bad(c, `at most ${max} characters`);
      return null;
    }
    return t;
  };
  const required = (c: WorkOrderColumn, value: string | null) => {
    if (value === null && !problems.some((p) => p.field === c)) bad(c, 'required');
  };

  const ref = cell('ref', true, MAX_REF_LENGTH);
  required('ref', ref);
  if (ref !== null && !REF.test(ref)) bad('ref', 'no spaces or control characters in a work-order number');

  const categoryText = cell('category');
  required('category', categoryText);
  const category = categoryText?.toUpperCase() ?? null;
  if (category !== null && !isSmallClassCode(category))
    bad('category', `unknown small class code "${categoryText}"; the catalogue (GET /api/v1/catalogue) lists them, e.g. E0102`);

  const urgencyText = cell('urgency');
  const urgency = urgencyText === null ? 'normal' : URGENCY_WORDS[urgencyText.toLowerCase()];
  if (urgency === undefined) bad('urgency', 'urgent, high or normal (紧急, 较急 or 一般)');

  const description = cell('description', false, MAX_DESCRIPTION_LENGTH);
  required('description', description);

  const lon = coordinate(cells.get('lon'), 180, 'lon', bad);
  const lat = coordinate(cells.get('lat'), 90, 'lat', bad);

  const crsText = cell('crs');
  const crs = crsText === null ? 'wgs84' : CRS_NAMES.find((c) => c === crsText.toLowerCase().replaceAll('-', ''));
  if (crs === undefined) bad('crs', 'wgs84, gcj02 or bd09');

  const address = cell('address');
  const reporterName = cell('reporterName', false, 100);
  const reporterPhone = cell('reporterPhone', true, 20);
  if (reporterPhone !== null && !PHONE.test(reporterPhone)) bad('reporterPhone', 'digits, +, - and spaces (3–20)');
  const receivedAt = cell('receivedAt', false, 40);
  if (receivedAt !== null && !isValidTime(receivedAt)) bad('receivedAt', 'an ISO-8601 time such as 2026-11-27T09:30:00+08:00');

  if (problems.length > 0 || ref === null || category === null || !urgency || description === null || !crs || lon === null || lat === null)
    return { ok: false, problems };
  return {
    ok: true,
    order: { ref, category, urgency, description, lon, lat, crs, address, reporterName, reporterPhone, receivedAt },
  };
}

/** A required coordinate: a finite number (or numeric text) within ±`limit`. */
function coordinate(v: unknown, limit: number, field: 'lon' | 'lat', bad: (field: string, message: string) => void): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v.trim()) : null;
  if (n === null) {
    if (v === undefined || v === null || v === '' || typeof v === 'string') bad(field, 'required');
    else bad(field, 'expected a number');
    return null;
  }
  if (!Number.isFinite(n)) {
    bad(field, `not a number: ${JSON.stringify(v)}`);
    return null;
  }
  if (Math.abs(n) > limit) {
    bad(field, `must be between -${limit} and ${limit}`);
    return null;
  }
  return n;
}

/**
 * The case source ref of a work-order number.
 * @example workOrderSourceRef('SH20261127-0001'); // '12345:SH20261127-0001'
 */
export function workOrderSourceRef(ref: string): string {
  return `${WORK_ORDER_REF_PREFIX}${ref}`;
}

/**
 * The report intake takes for a checked work order: source `import`, filed and dispatched at once
 * when the responsibility matrix names a unit (the hotline already accepted the call).
 *
 * @example toReportInput(order).sourceRef; // '12345:SH-1'
 */
export function toReportInput(order: WorkOrder): ReportInput {
  const received = order.receivedAt === null ? '' : `\n[12345 受理时间 received ${order.receivedAt}]`;
  const reporter =
    order.reporterName !== null || order.reporterPhone !== null ? { name: order.reporterName, phone: order.reporterPhone } : null;
  return {
    source: 'import',
    sourceRef: workOrderSourceRef(order.ref),
    category: order.category,
    urgency: order.urgency,
    description: `${order.description}${received}`,
    location: { lon: order.lon, lat: order.lat, crs: order.crs, address: order.address },
    reporter,
    autoDispatch: true,
  };
}
