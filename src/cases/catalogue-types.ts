/**
 * The case catalogue's types, in a file of their own so the catalogue's data files and its
 * lookups can share them without importing each other.
 */
import type { DepartmentKind } from '../directory/department-kinds.ts';
import type { TimeLimit } from './calendar-types.ts';

/** 部件 (a facility is damaged, missing or misused) or 事件 (something happened). */
export type CaseKind = 'component' | 'event';

/** Big class codes: `P01`–`P05` for components, `E01`–`E06` for events. */
export type BigClassCode = 'P01' | 'P02' | 'P03' | 'P04' | 'P05' | 'E01' | 'E02' | 'E03' | 'E04' | 'E05' | 'E06';

/**
 * How urgent a case is: `urgent` (紧急: danger to people or property now, e.g. a missing
 * manhole cover), `high` (较急: will become dangerous or disruptive soon), `normal` (一般).
 */
export type Urgency = 'urgent' | 'high' | 'normal';

/** Urgencies from most to least urgent. */
export const URGENCIES: readonly Urgency[] = Object.freeze(['urgent', 'high', 'normal']);

/** Units a handling time limit may use; the shorter step limits also use `calendar_minutes`. */
export type HandlingUnit = 'working_hours' | 'working_days' | 'calendar_hours';

/** Handling time limit (处置时限) per urgency; every small class has a `normal` one. */
export interface UrgencyLimits {
  readonly urgent?: TimeLimit<HandlingUnit>;
  readonly high?: TimeLimit<HandlingUnit>;
  readonly normal: TimeLimit<HandlingUnit>;
}

/** A big class (大类), e.g. `P01` 公用设施. */
export interface BigClass {
  readonly code: BigClassCode;
  readonly kind: CaseKind;
  readonly zh: string;
  readonly en: string;
}

/** A small class (小类), e.g. `P0101` 上水井盖, the unit cases are filed under. */
export interface SmallClass {
  /** Big class code + two digits, e.g. `P0101`. */
  readonly code: string;
  readonly bigClass: BigClassCode;
  readonly kind: CaseKind;
  readonly zh: string;
  readonly en: string;
  /** The kind of department that handles it unless a responsibility rule says otherwise. */
  readonly departmentKind: DepartmentKind;
  readonly urgencies: UrgencyLimits;
}

/**
 * Time limits of the steps every case goes through, whatever its class:
 * `fileAndDispatch` runs from receiving a report to dispatching it (立案 + 派遣), `verify`
 * from the department's report-back to the on-site check (核查).
 */
export interface StepLimits {
  readonly fileAndDispatch: TimeLimit;
  readonly verify: TimeLimit;
}
