/**
 * What a pure evaluator returns: its next state and the signals (drafts) it decided on. The
 * engine turns a draft into a full RuleSignal with the device's facts (`renderSignal`), so the
 * evaluators need nothing but the state, the input and the rule. Pure.
 */
import type { DeviceFacts } from '../sensing/reading-model.ts';
import type { Rule } from './model.ts';
import type { RuleSignal } from './signal-model.ts';
import { renderTemplate, type TemplateVars } from './template.ts';

/** A raise or clear decided by an evaluator, before the device's facts are attached. */
export interface SignalDraft {
  kind: 'raise' | 'clear';
  /** Event time the condition became true (raise) or false (clear). */
  ts: number;
  value: number | boolean | null;
  /** Values for the message template (threshold, window …). */
  vars: TemplateVars;
  /** Default: the device id. Detections use `detection:<id>`. */
  subjectKey?: string;
  details?: RuleSignal['details'];
}

/** An evaluator's answer: `(state, input, rule) → { state, signals }`. */
export interface EvalResult<S> {
  state: S;
  signals: SignalDraft[];
}

/** Shared empty list, so the common "nothing happened" answer allocates nothing. */
export const NO_SIGNALS: SignalDraft[] = [];

/** The unchanged answer. */
export function unchanged<S>(state: S): EvalResult<S> {
  return { state, signals: NO_SIGNALS };
}

/**
 * A full signal from a draft, the rule and the device's facts.
 * @example renderSignal(rule, draft, facts, batch.receivedAt).message; // 'g-1 水位 17 cm 超过 15 cm'
 */
export function renderSignal(rule: Rule, draft: SignalDraft, device: DeviceFacts, receivedAt: number): RuleSignal {
  const vars: TemplateVars = {
    device: device.id,
    rule: rule.name,
    level: rule.level,
    value: draft.value,
    household: device.householdRef,
    ...draft.vars,
  };
  if (rule.messageTemplate.includes('{time}')) vars.time = new Date(draft.ts).toISOString();
  // A clear does not repeat the raise text ("水位 8 cm 超过 15 cm" would read wrong): it names the
  // rule, the device and the value that ended it.
  const message =
    draft.kind === 'raise'
      ? renderTemplate(rule.messageTemplate, vars)
      : `【已解除】${rule.name}：${device.id}${draft.value === null ? '' : renderTemplate('（当前值 {value}）', vars)}`;
  return {
    kind: draft.kind,
    ruleId: rule.id,
    subjectKey: draft.subjectKey ?? device.id,
    deviceId: device.id,
    level: rule.level,
    ts: draft.ts,
    value: draft.value,
    message,
    jurisdictionPath: device.jurisdictionPath,
    jurisdictionId: device.jurisdictionId,
    location: device.location,
    details: {
      ruleName: rule.name,
      ruleKind: rule.kind,
      caseCategory: rule.caseCategory,
      deviceType: device.type,
      householdRef: device.householdRef,
      ownerUnitId: device.ownerUnitId,
      ...draft.details,
    },
    receivedAt,
  };
}

/**
 * The clear for a raised state the engine dropped without its rule running (found at start:
 * the rule was deleted, changed or disabled meanwhile, or the device went away), so its alert
 * does not stay open forever.
 */
export function orphanClear(
  ruleId: string,
  subject: string,
  rule: Rule | undefined,
  device: DeviceFacts | undefined,
  reason: string,
  now: number,
): RuleSignal {
  return {
    kind: 'clear',
    ruleId,
    subjectKey: subject,
    deviceId: subject,
    level: rule?.level ?? 'blue',
    ts: now,
    value: null,
    message: `【已解除】${rule?.name ?? ruleId}：${subject}`,
    jurisdictionPath: device?.jurisdictionPath ?? '',
    jurisdictionId: device?.jurisdictionId ?? null,
    location: device?.location ?? null,
    details: { reason, ruleName: rule?.name ?? null, caseCategory: rule?.caseCategory ?? null },
    receivedAt: now,
  };
}
