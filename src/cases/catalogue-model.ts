/**
 * The case catalogue: the national classification of city-management cases into 部件
 * (components — physical facilities such as manhole covers) and 事件 (events — things that
 * happen, such as exposed garbage), after GB/T 30428.2 and CJJ/T 106. It says, for each small
 * class, which kind of department handles it by default and how long handling may take at each
 * urgency. Pure data and lookups; the figures live in the `catalogue-*.ts` data files.
 */
import type { TimeLimit } from './calendar-types.ts';
import type { BigClass, BigClassCode, CaseKind, HandlingUnit, SmallClass, StepLimits, Urgency } from './catalogue-types.ts';
import { COMPONENT_SMALL_CLASSES } from './catalogue-components.ts';
import { BIG_CLASSES, STEP_LIMITS } from './catalogue-data.ts';
import { EVENT_SMALL_CLASSES } from './catalogue-events.ts';

export * from './catalogue-types.ts';

/** Well-formed small class codes: a big class code and a number 01–99. */
export const SMALL_CLASS_CODE_PATTERN = /^(P0[1-5]|E0[1-6])(0[1-9]|[1-9]\d)$/;

/** Every small class, components first, each big class in code order. */
export const SMALL_CLASSES: readonly SmallClass[] = Object.freeze([...COMPONENT_SMALL_CLASSES, ...EVENT_SMALL_CLASSES]);

const byCode = new Map(SMALL_CLASSES.map((c) => [c.code, c]));

/**
 * The small class with this code, or undefined.
 *
 * @example
 * getSmallClass('P0109')?.departmentKind; // 'gas' — 燃气井盖
 */
export function getSmallClass(code: string): SmallClass | undefined {
  return byCode.get(code);
}

/** True if `s` is the code of a small class in the catalogue (well-formed and known). */
export function isSmallClassCode(s: unknown): s is string {
  return typeof s === 'string' && byCode.has(s);
}

/** The big class with this code, or undefined. */
export function getBigClass(code: string): BigClass | undefined {
  return BIG_CLASSES.find((b) => b.code === code);
}

/**
 * The big classes, optionally of one kind: 5 component classes then 6 event classes.
 *
 * @example
 * listBigClasses('event').map((b) => b.zh); // ['市容环境', '宣传广告', '施工管理', …]
 */
export function listBigClasses(kind?: CaseKind): readonly BigClass[] {
  return kind === undefined ? BIG_CLASSES : BIG_CLASSES.filter((b) => b.kind === kind);
}

/** The small classes of one big class, in code order (all of them without an argument). */
export function listSmallClasses(bigClass?: BigClassCode): readonly SmallClass[] {
  return bigClass === undefined ? SMALL_CLASSES : SMALL_CLASSES.filter((c) => c.bigClass === bigClass);
}

/**
 * Small classes matching a free-text query, best first: an exact code, then a code prefix
 * (`P01` lists the big class), then a name starting with the query, then a name containing it,
 * then the small classes of a big class whose name contains it. Matching ignores case and
 * surrounding space; Chinese matches by substring (no pinyin). An empty query matches nothing.
 *
 * @example
 * searchCatalogue('井盖').length; // 10 — every manhole cover
 * searchCatalogue('garbage')[0]?.code; // 'E0102' — 暴露垃圾
 */
export function searchCatalogue(query: string): SmallClass[] {
  const q = query.trim().toLowerCase();
  if (q === '') return [];
  const scored: { c: SmallClass; score: number }[] = [];
  for (const c of SMALL_CLASSES) {
    const score = matchScore(c, q);
    if (score !== undefined) scored.push({ c, score });
  }
  // Array.prototype.sort is stable, so equal scores keep catalogue order.
  return scored.sort((a, b) => a.score - b.score).map((s) => s.c);
}

function matchScore(c: SmallClass, q: string): number | undefined {
  const code = c.code.toLowerCase();
  if (code === q) return 0;
  if (code.startsWith(q)) return 1;
  const names = [c.zh.toLowerCase(), c.en.toLowerCase()];
  if (names.some((n) => n.startsWith(q))) return 2;
  if (names.some((n) => n.includes(q))) return 3;
  const big = getBigClass(c.bigClass);
  if (big && (big.zh.includes(q) || big.en.toLowerCase().includes(q))) return 4;
  return undefined;
}

/**
 * The handling time limit of a small class at an urgency, or undefined for an unknown code.
 * A class without a limit for the urgency asked uses its next less urgent one (an `urgent`
 * report in a class with only `normal` gets the normal limit): the catalogue grants a faster
 * track only where the danger makes one meaningful, and the urgency still orders the work.
 *
 * @example
 * handlingLimit('P0101', 'urgent'); // { amount: 2, unit: 'calendar_hours' } — 井盖缺失
 * handlingLimit('E0102', 'normal'); // { amount: 4, unit: 'working_hours' } — 暴露垃圾
 */
export function handlingLimit(code: string, urgency: Urgency): TimeLimit<HandlingUnit> | undefined {
  const c = byCode.get(code);
  if (!c) return undefined;
  const u = c.urgencies;
  switch (urgency) {
    case 'urgent':
      return u.urgent ?? u.high ?? u.normal;
    case 'high':
      return u.high ?? u.normal;
    case 'normal':
      return u.normal;
  }
}

/**
 * The limits of the steps common to every case at an urgency: file and dispatch within 10
 * minutes when urgent, 30 otherwise; verify on site within 1 hour. See `STEP_LIMITS` in
 * `catalogue-data.ts` for why some run on the clock and some on working time.
 *
 * @example
 * stepLimits('urgent').fileAndDispatch; // { amount: 10, unit: 'calendar_minutes' }
 */
export function stepLimits(urgency: Urgency): StepLimits {
  return STEP_LIMITS[urgency];
}
