/**
 * Message templates: `{device} 水位 {value} cm 超过 {threshold} cm` rendered with the values of
 * the moment. Each kind knows its own placeholders, so a typo is refused when the rule is saved
 * rather than shown to the operator as `{treshold}`. Pure.
 */
import type { RuleKind } from './model.ts';

/** Values a template can show. */
export type TemplateVars = Record<string, string | number | boolean | null | undefined>;

const COMMON = ['device', 'rule', 'level', 'value', 'metric', 'household', 'time'] as const;

/** Placeholders each kind fills in, besides the common ones. */
export const PLACEHOLDERS: Record<RuleKind, readonly string[]> = {
  threshold: [...COMMON, 'threshold', 'for'],
  aggregate: [...COMMON, 'fn', 'window', 'threshold'],
  absence: [...COMMON, 'after', 'lastSeen'],
  rate: [...COMMON, 'delta', 'within', 'direction', 'current'],
  detection: [...COMMON, 'type', 'confidence', 'building', 'floor', 'unit', 'camera', 'snapshot'],
};

const PLACEHOLDER = /\{([A-Za-z]+)\}/g;

/** The placeholders a template uses that the kind does not know (empty when all are fine). */
export function unknownPlaceholders(template: string, kind: RuleKind): string[] {
  const known = PLACEHOLDERS[kind];
  const out: string[] = [];
  for (const m of template.matchAll(PLACEHOLDER)) {
    const name = m[1] ?? '';
    if (!known.includes(name) && !out.includes(name)) out.push(name);
  }
  return out;
}

/** A number as people read it: at most 3 decimals, no trailing zeros. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return String(Math.round(n * 1000) / 1000);
}

function show(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'boolean') return v ? '是' : '否';
  return v;
}

/** A template split once into literal text (even indexes) and placeholder names (odd ones). */
const compiled = new Map<string, string[]>();

function partsOf(template: string): string[] {
  let parts = compiled.get(template);
  if (!parts) {
    parts = template.split(PLACEHOLDER);
    if (compiled.size > 10_000) compiled.clear();
    compiled.set(template, parts);
  }
  return parts;
}

/**
 * Fills in a template; placeholders without a value show `—`.
 * @example renderTemplate('{device} 水位 {value} cm 超过 {threshold} cm', { device: 'g-1', value: 17.25, threshold: 15 });
 * // 'g-1 水位 17.25 cm 超过 15 cm'
 */
export function renderTemplate(template: string, vars: TemplateVars): string {
  const parts = partsOf(template);
  let out = parts[0] ?? '';
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i]!;
    out += (Object.prototype.hasOwnProperty.call(vars, name) ? show(vars[name]) : `{${name}}`) + (parts[i + 1] ?? '');
  }
  return out;
}
