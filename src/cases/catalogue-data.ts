/**
 * Catalogue data shared by the component and event lists: the big classes, the step limits,
 * and the small helpers the lists are written with. The figures follow the national standard's
 * structure (GB/T 30428.2, CJJ/T 106) and common 数字城管 practice; a city adjusts them in its
 * own 立案结案标准 (filing and closing standard).
 */
import type { DepartmentKind } from '../directory/department-kinds.ts';
import type { TimeLimit } from './calendar-types.ts';
import type { BigClass, BigClassCode, HandlingUnit, SmallClass, StepLimits, Urgency, UrgencyLimits } from './catalogue-types.ts';

/** The 5 component (部件) and 6 event (事件) big classes of GB/T 30428.2. */
export const BIG_CLASSES: readonly BigClass[] = Object.freeze(
  (
    [
      ['P01', 'component', '公用设施', 'Public utilities'],
      ['P02', 'component', '道路交通', 'Road traffic'],
      ['P03', 'component', '市容环境', 'City appearance'],
      ['P04', 'component', '园林绿化', 'Landscaping'],
      ['P05', 'component', '其他设施', 'Other facilities'],
      ['E01', 'event', '市容环境', 'City appearance'],
      ['E02', 'event', '宣传广告', 'Advertising'],
      ['E03', 'event', '施工管理', 'Construction management'],
      ['E04', 'event', '突发事件', 'Emergencies'],
      ['E05', 'event', '街面秩序', 'Street order'],
      ['E06', 'event', '其他事件', 'Other events'],
    ] as const
  ).map(([code, kind, zh, en]) => Object.freeze({ code, kind, zh, en })),
);

/**
 * Step limits common to all classes (MISSION.md: file + dispatch ≤ 10 min urgent, ≤ 30 min
 * otherwise; on-site verification 1 h).
 *
 * Filing and dispatch run on the clock (calendar minutes): they are done by the operation
 * centre, which is staffed round the clock (7×24 值班), so a report at 22:00 is still due to be
 * dispatched at 22:30. Verification is done by grid inspectors on day shifts: 1 working hour,
 * except that an urgent case is verified within 1 clock hour whatever the time, because its
 * hazard (an open manhole) must be confirmed gone. `high` follows `normal`: the mission gives
 * only the two figures.
 */
export const STEP_LIMITS: Readonly<Record<Urgency, StepLimits>> = Object.freeze({
  urgent: Object.freeze({
    fileAndDispatch: Object.freeze({ amount: 10, unit: 'calendar_minutes' }),
    verify: Object.freeze({ amount: 1, unit: 'calendar_hours' }),
  }),
  high: Object.freeze({
    fileAndDispatch: Object.freeze({ amount: 30, unit: 'calendar_minutes' }),
    verify: Object.freeze({ amount: 1, unit: 'working_hours' }),
  }),
  normal: Object.freeze({
    fileAndDispatch: Object.freeze({ amount: 30, unit: 'calendar_minutes' }),
    verify: Object.freeze({ amount: 1, unit: 'working_hours' }),
  }),
});

/** `amount` calendar hours. */
export function ch(amount: number): TimeLimit<HandlingUnit> {
  return Object.freeze({ amount, unit: 'calendar_hours' });
}

/** `amount` working hours. */
export function wh(amount: number): TimeLimit<HandlingUnit> {
  return Object.freeze({ amount, unit: 'working_hours' });
}

/** `amount` working days (of the calendar's 8 working hours each). */
export function wd(amount: number): TimeLimit<HandlingUnit> {
  return Object.freeze({ amount, unit: 'working_days' });
}

/**
 * Manhole covers (窨井盖), whoever owns them: urgent = cover missing (缺失), a hole in the road,
 * 2 clock hours (MISSION.md); high = broken or displaced (破损、移位), 4 working hours;
 * normal = loose, rattling or sunken (松动、异响、沉降), 2 working days.
 */
export const MANHOLE_COVER: UrgencyLimits = Object.freeze({ urgent: ch(2), high: wh(4), normal: wd(2) });

/** A facility that can become a danger (falling, live parts): 2 clock hours then 3 working days. */
export const HAZARD_OR_REPAIR: UrgencyLimits = Object.freeze({ urgent: ch(2), normal: wd(3) });

/** An ordinary repair with no danger: 3 working days. */
export const REPAIR: UrgencyLimits = Object.freeze({ normal: wd(3) });

/** One row of a small-class list: code, zh, en, handling department kind, limits. */
export type SmallClassRow = readonly [code: string, zh: string, en: string, departmentKind: DepartmentKind, urgencies: UrgencyLimits];

/**
 * Small classes of one big class from compact rows; the kind comes from the big class.
 *
 * @example
 * smallClasses('P02', [['P0205', '交通信号灯', 'Traffic signal', 'police', HAZARD_OR_REPAIR]]);
 */
export function smallClasses(bigClass: BigClassCode, rows: readonly SmallClassRow[]): readonly SmallClass[] {
  const kind = bigClass.startsWith('P') ? 'component' : 'event';
  return rows.map(([code, zh, en, departmentKind, urgencies]) =>
    Object.freeze({ code, bigClass, kind, zh, en, departmentKind, urgencies }),
  );
}
