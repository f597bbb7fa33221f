import { describe, expect, it } from 'vitest';
import type { RuleSignal } from '../rules/signal-model.ts';
import { applySignal, type AlertChange, type AlertKeyState } from './model.ts';
import {
  categoryCovers,
  firstMatch,
  orderPolicies,
  planActions,
  policyProblems,
  urgencyForLevel,
  withPlan,
  type AlertPolicy,
  type PolicyInput,
} from './policy-model.ts';
import { demoAlertPolicies } from './demo-policies.ts';

let n = 0;
const ctx = { newId: () => `id${++n}` };
const CITY = '/city/';
const HUANGPU = '/city/hp/';

function policy(id: string, path: string, position: number, over: Partial<AlertPolicy> = {}): AlertPolicy {
  return {
    id,
    name: id,
    enabled: true,
    jurisdictionId: path.split('/').filter(Boolean).pop()!,
    jurisdictionPath: path,
    position,
    match: { ruleIds: [], minLevel: 'blue', categories: [] },
    actions: [{ kind: 'notify_only' }],
    updatedAt: 0,
    updatedBy: null,
    ...over,
  };
}

function sig(over: Partial<RuleSignal> = {}): RuleSignal {
  return {
    kind: 'raise',
    ruleId: 'water-high',
    subjectKey: 'g1',
    deviceId: 'g1',
    level: 'yellow',
    ts: 1000,
    value: 20,
    message: '积水',
    jurisdictionPath: `${HUANGPU}s1/`,
    jurisdictionId: 's1',
    location: null,
    details: { category: 'E0401' },
    receivedAt: 1000,
    ...over,
  };
}

function change(state: AlertKeyState, s: RuleSignal): { change: AlertChange; state: AlertKeyState } {
  const r = applySignal(state, s, ctx);
  if ('ignored' in r) throw new Error(r.ignored);
  return r;
}

const EMPTY: AlertKeyState = { lastSignalTs: null, active: null };

describe('matching', () => {
  it('tries the deepest jurisdiction first, then each set in order; first match wins', () => {
    const ordered = orderPolicies([
      policy('city-1', CITY, 0),
      policy('hp-1', HUANGPU, 1, { match: { ruleIds: [], minLevel: 'red', categories: [] } }),
      policy('hp-0', HUANGPU, 0, { match: { ruleIds: ['other'], minLevel: 'blue', categories: [] } }),
    ]);
    expect(ordered.map((p) => p.id)).toEqual(['hp-0', 'hp-1', 'city-1']);
    const { change: yellow } = change(EMPTY, sig());
    expect(firstMatch(ordered, yellow.alert)?.id).toBe('city-1');
    const { change: red } = change(EMPTY, sig({ level: 'red' }));
    expect(firstMatch(ordered, red.alert)?.id).toBe('hp-1');
    const { change: pudong } = change(EMPTY, sig({ jurisdictionPath: '/city/pd/' }));
    expect(firstMatch(ordered, pudong.alert)?.id).toBe('city-1');
  });

  it('matches categories by small class or big class, and skips disabled policies', () => {
    expect(categoryCovers('E04', 'E0401')).toBe(true);
    expect(categoryCovers('E0401', 'E0401')).toBe(true);
    expect(categoryCovers('E0402', 'E0401')).toBe(false);
    expect(categoryCovers('E04', null)).toBe(false);
    const ordered = orderPolicies([
      policy('off', CITY, 0, { enabled: false }),
      policy('manhole', CITY, 1, { match: { ruleIds: [], minLevel: 'blue', categories: ['P01'] } }),
    ]);
    expect(firstMatch(ordered, change(EMPTY, sig()).change.alert)).toBeNull();
    expect(firstMatch(ordered, change(EMPTY, sig({ details: { category: 'P0103' } })).change.alert)?.id).toBe('manhole');
  });
});

describe('planActions', () => {
  const demo = orderPolicies(
    demoAlertPolicies().map((p: PolicyInput, i) => policy(`demo-${i}`, CITY, i, { name: p.name, match: p.match, actions: p.actions })),
  );

  it('a yellow standing water only notifies; escalating to orange files one case, to red nothing more', () => {
    const a = change(EMPTY, sig());
    const p1 = planActions(a.change, demo);
    expect(p1?.actions).toEqual([{ action: 'notify_only' }]);
    const raised = withPlan(a.change.alert, p1);
    const b = change({ lastSignalTs: 1000, active: raised }, sig({ level: 'orange', ts: 2000 }));
    const p2 = planActions(b.change, demo);
    expect(p2?.actions).toEqual([{ action: 'create_case', category: 'E0401', urgency: 'high' }]);
    const orange = withPlan(b.change.alert, p2);
    expect(orange.requestedActions).toEqual(['notify_only', 'create_case']);
    const c = change({ lastSignalTs: 2000, active: orange }, sig({ level: 'red', ts: 3000 }));
    expect(planActions(c.change, demo)).toBeNull();
    const d = change({ lastSignalTs: 3000, active: c.change.alert }, sig({ level: 'yellow', ts: 4000 }));
    expect(planActions(d.change, demo), 'de-escalation asks for nothing').toBeNull();
  });

  it('the elderly alert becomes a welfare visit; a falling object a visit and a case; no hard hat a case', () => {
    const elderly = change(EMPTY, sig({ details: { category: 'E0602' }, level: 'orange' })).change;
    expect(planActions(elderly, demo)?.actions).toEqual([
      { action: 'community_task', task: 'welfare_visit', category: 'E0602', urgency: 'high' },
    ]);
    const thrown = change(EMPTY, sig({ details: { detectionType: 'falling_object' } })).change;
    expect(planActions(thrown, demo)?.actions.map((a) => a.action)).toEqual(['community_task', 'create_case']);
    const helmet = change(EMPTY, sig({ details: { detectionType: 'no_helmet' }, level: 'red' })).change;
    expect(planActions(helmet, demo)?.actions).toEqual([{ action: 'create_case', category: 'E0302', urgency: 'urgent' }]);
    const manhole = change(EMPTY, sig({ details: { category: 'P0109' }, level: 'blue' })).change;
    expect(planActions(manhole, demo)?.actions).toEqual([{ action: 'create_case', category: 'P0109', urgency: 'urgent' }]);
  });

  it('maps levels to urgencies', () => {
    expect(['blue', 'yellow', 'orange', 'red'].map((l) => urgencyForLevel(l as 'red'))).toEqual(['normal', 'normal', 'high', 'urgent']);
  });
});

describe('policyProblems', () => {
  it('names the field of each problem', () => {
    const known = (c: string) => c !== 'E0499';
    const problems = policyProblems(
      [
        { name: 'a', enabled: true, match: { ruleIds: [], minLevel: 'blue', categories: ['E0499', 'E04'] }, actions: [] },
        {
          name: 'a',
          enabled: true,
          match: { ruleIds: [], minLevel: 'blue', categories: [] },
          actions: [
            { kind: 'create_case', category: 'E04', urgency: 'normal' },
            { kind: 'create_case', category: null, urgency: 'normal' },
          ],
        },
      ],
      known,
    );
    expect(problems.map((p) => p.field)).toEqual([
      'policies[0].match.categories[0]',
      'policies[0].actions',
      'policies[1].name',
      'policies[1].actions[0].category',
      'policies[1].actions[1].kind',
    ]);
  });

  it('accepts the demo policies', () => {
    expect(policyProblems(demoAlertPolicies())).toEqual([]);
  });
});
