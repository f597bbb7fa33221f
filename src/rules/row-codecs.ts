/**
 * How each kind's state is packed into a fixed number of float64 slots, so the engine keeps the
 * state of a million devices in a few flat typed arrays instead of a million objects. Each
 * codec is exact (decode ∘ encode = identity) for states its evaluator produces. Pure.
 */
import type { MetricValue } from '../sensing/reading-model.ts';
import type { AbsenceParams, AggregateParams, RateParams, ThresholdParams } from './model.ts';
import type { AbsenceState } from './evaluate-absence.ts';
import type { AggregateState } from './evaluate-aggregate.ts';
import type { RateState } from './evaluate-rate.ts';
import { conditionsOf, type ThresholdState } from './evaluate-threshold.ts';

/** `n` numbers of a row from offset `o`, as a plain array (faster than Array.from(subarray)). */
function slice(d: Float64Array, o: number, n: number): number[] {
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = d[o + i]!;
  return out;
}

/** Packs and unpacks one kind's state. */
export interface RowCodec<S> {
  /** Float64 slots per state. */
  stride: number;
  decode(d: Float64Array, o: number): S;
  encode(s: S, d: Float64Array, o: number): void;
}

const PHASES = ['idle', 'pending', 'firing'] as const;

function packValue(v: MetricValue | null): number {
  if (v === null) return NaN;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v;
}

/** Threshold: phase, since, then (ts, value) per condition. */
export function thresholdCodec(p: ThresholdParams): RowCodec<ThresholdState> {
  const conds = conditionsOf(p);
  const bool = conds.map((c) => typeof c.threshold === 'boolean');
  return {
    stride: 2 + 2 * conds.length,
    decode(d, o) {
      const cs = new Array<ThresholdState['conds'][number]>(conds.length);
      for (let i = 0; i < conds.length; i++) {
        const v = d[o + 3 + 2 * i]!;
        cs[i] = { ts: d[o + 2 + 2 * i]!, value: Number.isNaN(v) ? null : bool[i] ? v !== 0 : v };
      }
      return { phase: PHASES[d[o]!] ?? 'idle', since: d[o + 1]!, conds: cs };
    },
    encode(s, d, o) {
      d[o] = PHASES.indexOf(s.phase);
      d[o + 1] = s.since;
      for (let i = 0; i < conds.length; i++) {
        const c = s.conds[i];
        d[o + 2 + 2 * i] = c ? c.ts : -Infinity;
        d[o + 3 + 2 * i] = c ? packValue(c.value) : NaN;
      }
    },
  };
}

/** Aggregate: head, firstTs, lastTs, firing, then the bucket ring (and counts for avg). */
export function aggregateCodec(p: AggregateParams): RowCodec<AggregateState> {
  const len = p.buckets + 1;
  const avg = p.fn === 'avg';
  return {
    stride: 4 + len * (avg ? 2 : 1),
    decode(d, o) {
      const acc = slice(d, o + 4, len);
      const cnt = avg ? slice(d, o + 4 + len, len) : [];
      return { head: d[o]!, firstTs: d[o + 1]!, lastTs: d[o + 2]!, firing: d[o + 3] === 1, acc, cnt };
    },
    encode(s, d, o) {
      d[o] = s.head;
      d[o + 1] = s.firstTs;
      d[o + 2] = s.lastTs;
      d[o + 3] = s.firing ? 1 : 0;
      for (let i = 0; i < len; i++) d[o + 4 + i] = s.acc[i]!;
      if (avg) for (let i = 0; i < len; i++) d[o + 4 + len + i] = s.cnt[i]!;
    },
  };
}

/** Absence: since, then 1 firing, 0 not, 2 not and `since` is when watching began (no reading yet). */
export function absenceCodec(_p: AbsenceParams): RowCodec<AbsenceState> {
  return {
    stride: 2,
    decode: (d, o) => (d[o + 1] === 2 ? { since: d[o]!, firing: false, unheard: true } : { since: d[o]!, firing: d[o + 1] === 1 }),
    encode(s, d, o) {
      d[o] = s.since;
      d[o + 1] = s.firing ? 1 : s.unheard === true ? 2 : 0;
    },
  };
}

/** Rate: lastTs, head, firing, then the ring of extremes. */
export function rateCodec(p: RateParams): RowCodec<RateState> {
  const len = p.buckets + 1;
  return {
    stride: 3 + len,
    decode: (d, o) => ({ lastTs: d[o]!, head: d[o + 1]!, firing: d[o + 2] === 1, ext: slice(d, o + 3, len) }),
    encode(s, d, o) {
      d[o] = s.lastTs;
      d[o + 1] = s.head;
      d[o + 2] = s.firing ? 1 : 0;
      for (let i = 0; i < len; i++) d[o + 3 + i] = s.ext[i]!;
    },
  };
}

/** A state row as JSON text, non-finite numbers spelt out (JSON has no NaN or Infinity). */
export function rowToJson(d: Float64Array, o: number, stride: number): string {
  let out = '[';
  for (let i = 0; i < stride; i++) {
    const v = d[o + i]!;
    // String(v) of a finite number is valid JSON (`1e+21`, `-0` → "0").
    out += (i === 0 ? '' : ',') + (Number.isFinite(v) ? String(v) : `"${String(v)}"`);
  }
  return out + ']';
}

/** Reads `rowToJson` text back into a row; false if it does not fit the stride. */
export function rowFromJson(text: string, d: Float64Array, o: number, stride: number): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return false;
  }
  if (!Array.isArray(parsed) || parsed.length !== stride) return false;
  const values = parsed as unknown[];
  for (let i = 0; i < stride; i++) {
    const v = values[i];
    const n = typeof v === 'number' ? v : v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : undefined;
    if (n === undefined) return false;
    d[o + i] = n;
  }
  return true;
}
