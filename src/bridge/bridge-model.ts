/**
 * The 12345 / 一网通办 bridge, the pure part: the request an outside system posts, how its
 * category text maps to the catalogue, the fingerprint that tells a repeat from a changed
 * request, and which case events the citizen hears about through the system's callback.
 *
 * Category: an explicit `categoryCode` that is a small class wins (upper-cased, as the 12345
 * work-order import reads its `category` column); otherwise the text is looked up in the mapping
 * (admin-edited, defaults in mapping-data.ts), then taken as a small class code or the exact
 * Chinese name of a small class. Nothing fuzzy: a wrong guess would send a case to the wrong
 * department, so unknown text is refused and the admin adds it to the mapping.
 */
import { createHash } from 'node:crypto';
import type { Crs } from '../geo/crs.ts';
import { SMALL_CLASSES, isSmallClassCode } from '../cases/catalogue-model.ts';
import type { CaseBusEvent, CaseState } from '../cases/case-types.ts';

/** Channels a source system belongs to. */
export const BRIDGE_CHANNELS = ['hotline', 'portal', 'other'] as const;
/** A source system's channel: `hotline` (12345), `portal` (一网通办), `other`. */
export type BridgeChannel = (typeof BRIDGE_CHANNELS)[number];

/** A request as an outside system posts it (validated at the edge). */
export interface BridgeRequest {
  externalId: string;
  channel: BridgeChannel;
  category: string;
  categoryCode?: string | undefined;
  location: { lon: number; lat: number; crs?: Crs | undefined } | { address: string };
  address?: string | undefined;
  contact?: { name?: string | undefined; phone?: string | undefined } | undefined;
  text: string;
  /** ISO-8601 time the other system took the request. */
  receivedAt?: string | undefined;
}

/** One mapping row as shown and edited. */
export interface MappingEntry {
  /** The category text as the admin wrote it. */
  text: string;
  /** Small class code. */
  category: string;
}

/**
 * The key a category text is matched by: NFKC (full-width letters and digits fold to ASCII),
 * trimmed, inner white space collapsed, lower case.
 * @example mappingKey(' 道路  破损 '); // '道路 破损' (full-width spaces too)
 */
export function mappingKey(text: string): string {
  return text.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

const byName = new Map(SMALL_CLASSES.map((c) => [mappingKey(c.zh), c.code]));

/**
 * The small class for a request's category, or null when nothing maps it.
 * @example resolveCategory(new Map([['道路破损', 'E0402']]), '道路破损'); // 'E0402'
 */
export function resolveCategory(mapping: ReadonlyMap<string, string>, text: string, code?: string | null): string | null {
  const explicit = code?.trim().toUpperCase();
  if (explicit && isSmallClassCode(explicit)) return explicit;
  const key = mappingKey(text);
  const mapped = mapping.get(key);
  if (mapped) return mapped;
  const asCode = text.trim().toUpperCase();
  if (isSmallClassCode(asCode)) return asCode;
  return byName.get(key) ?? null;
}

/** True for a small class code (a plain boolean: the type guard would narrow a string to `never`). */
const isKnownClass = (code: string): boolean => isSmallClassCode(code);

/** Why a mapping is refused, per entry (`items[3].category`), or an empty list when it is fine. */
export function mappingProblems(entries: readonly MappingEntry[]): Array<{ field: string; message: string }> {
  const problems: Array<{ field: string; message: string }> = [];
  const seen = new Map<string, number>();
  entries.forEach((e, i) => {
    const key = mappingKey(e.text);
    if (key === '') problems.push({ field: `items[${i}].text`, message: 'empty' });
    else if (seen.has(key)) problems.push({ field: `items[${i}].text`, message: `same text as items[${String(seen.get(key))}]` });
    else seen.set(key, i);
    if (!isKnownClass(e.category)) problems.push({ field: `items[${i}].category`, message: `unknown small class ${e.category}` });
  });
  return problems;
}

/** Serializes with object keys sorted, so two equal requests give the same bytes. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object')
    return `{${Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

/**
 * The fingerprint of a request: SHA-256 of its canonical JSON. The same request posted again
 * (keys in another order, say) has the same one; a changed field gives another.
 * @example requestFingerprint({ a: 1, b: 2 }) === requestFingerprint({ b: 2, a: 1 }); // true
 */
export function requestFingerprint(request: unknown): string {
  return createHash('sha256').update(canonical(request)).digest('hex');
}

/**
 * The case source ref of a request: the system id and its external id.
 * @example bridgeSourceRef('0190…', 'GD-1'); // '0190…:GD-1'
 */
export function bridgeSourceRef(systemId: string, externalId: string): string {
  return `${systemId}:${externalId}`;
}

/** The system id and external id a bridge case's source ref names, or null for other refs. */
export function parseSourceRef(ref: string | null): { systemId: string; externalId: string } | null {
  if (ref === null) return null;
  const at = ref.indexOf(':');
  if (at <= 0) return null;
  return { systemId: ref.slice(0, at), externalId: ref.slice(at + 1) };
}

/** The steps a citizen hears about through the originating system. */
export const CALLBACK_EVENTS = ['accepted', 'dispatched', 'handled', 'closed', 'rejected', 'merged', 'voided'] as const;
/** One callback event. */
export type CallbackEvent = (typeof CALLBACK_EVENTS)[number];

/**
 * Case timeline entries → callback events. `filed` is 受理 (accepted) from the citizen's side;
 * the unit accepting the dispatch is internal. Rework, returns, extensions and the like are the
 * platform's own business: the citizen hears the outcome.
 */
const CALLBACK_OF: Partial<Record<CaseBusEvent['type'], CallbackEvent>> = {
  'case.filed': 'accepted',
  'case.dispatched': 'dispatched',
  'case.handled': 'handled',
  'case.closed': 'closed',
  'case.rejected': 'rejected',
  'case.merged': 'merged',
  'case.voided': 'voided',
};

/**
 * The callback event a case event is, or null when the citizen is not told.
 * @example callbackEventOf('case.filed'); // 'accepted'
 */
export function callbackEventOf(type: CaseBusEvent['type']): CallbackEvent | null {
  return CALLBACK_OF[type] ?? null;
}

/** The id the cases module's own steps carry (SYSTEM_ACTOR in cases/command-service.ts). */
const CASES_SYSTEM_ID = 'system';

/**
 * The callback event a case event is, or null. Beside the mapped types, one more: when a master
 * case closes, each case merged into it gets a comment from the cases module carrying the
 * outcome (cases/service.ts `tellMerged`) — for a request that was merged, that is its closing.
 * @example callbackEventFor(event); // 'closed' for the master's outcome on a merged request
 */
export function callbackEventFor(event: CaseBusEvent): CallbackEvent | null {
  if (event.type === 'case.commented' && event.case.state === 'merged' && event.entry.actorId === CASES_SYSTEM_ID) return 'closed';
  return callbackEventOf(event.type);
}

/** The body of a status callback. */
export interface CallbackPayload {
  externalId: string;
  caseCode: string;
  event: CallbackEvent;
  /** The case's state after the step. */
  status: CaseState;
  /** The reason, result or note of the step (the handling result on `closed` when closing said nothing). */
  note: string | null;
  /** When the step happened (epoch ms). */
  at: number;
}

/**
 * The callback body for a case event (serialized once, so every retry sends the same bytes).
 * @example callbackPayload(event, 'GD-1', null).event; // 'dispatched'
 */
export function callbackPayload(event: CaseBusEvent, externalId: string, fallbackNote: string | null): CallbackPayload | null {
  const kind = callbackEventFor(event);
  if (!kind) return null;
  return {
    externalId,
    caseCode: event.case.code,
    event: kind,
    status: event.case.state,
    note: event.entry.note ?? fallbackNote,
    at: event.entry.at,
  };
}
