/**
 * The demo city's alert policies, set at the city so every district inherits them (a district
 * may override them with its own set): red or orange standing water and any manhole-cover
 * alert file a case; the elderly-living-alone alert sends the community's committee on a
 * welfare visit; a falling object sends the committee to visit and files a case; a missing hard
 * hat files a case with construction management (E0302 routes there by the responsibility matrix).
 */
import type { PolicyInput } from './policy-model.ts';

/** Small classes of manhole covers and grates in the case catalogue (P0101–P0111). */
const MANHOLE_CATEGORIES = ['P0101', 'P0102', 'P0103', 'P0104', 'P0105', 'P0106', 'P0107', 'P0108', 'P0109', 'P0110', 'P0111'];

/**
 * The demo policies, in evaluation order.
 * @example demoAlertPolicies().map((p) => p.name);
 */
export function demoAlertPolicies(): PolicyInput[] {
  return [
    {
      name: '道路积水（橙色及以上）立案 · Standing water, orange or red → case',
      enabled: true,
      match: { ruleIds: [], minLevel: 'orange', categories: ['E0401'] },
      actions: [{ kind: 'create_case', category: 'E0401', urgency: 'by_level' }],
    },
    {
      name: '道路积水（蓝/黄）仅提示 · Standing water, blue or yellow → notify only',
      enabled: true,
      match: { ruleIds: [], minLevel: 'blue', categories: ['E0401'] },
      actions: [{ kind: 'notify_only' }],
    },
    {
      name: '井盖异常立案 · Manhole cover → case',
      enabled: true,
      match: { ruleIds: [], minLevel: 'blue', categories: MANHOLE_CATEGORIES },
      actions: [{ kind: 'create_case', category: null, urgency: 'urgent' }],
    },
    {
      name: '独居老人用水异常 · 居委上门探视 · Elderly living alone → welfare visit',
      enabled: true,
      match: { ruleIds: [], minLevel: 'blue', categories: ['E0602'] },
      actions: [{ kind: 'notify_community', task: 'welfare_visit', category: 'E0602', urgency: 'by_level' }],
    },
    {
      name: '高空抛物 · 居委走访并立案 · Falling object → committee visit and case',
      enabled: true,
      match: { ruleIds: [], minLevel: 'blue', categories: ['E0601'] },
      actions: [
        { kind: 'notify_community', task: 'falling_object_visit', category: 'E0601', urgency: 'high' },
        { kind: 'create_case', category: 'E0601', urgency: 'high' },
      ],
    },
    {
      name: '工地未戴安全帽 · 建管立案 · No hard hat → case to construction management',
      enabled: true,
      match: { ruleIds: [], minLevel: 'blue', categories: ['E0302'] },
      actions: [{ kind: 'create_case', category: 'E0302', urgency: 'by_level' }],
    },
  ];
}

/**
 * Sets the demo policies at the city unless policies are already set there.
 * @example await seedDemoAlertPolicies(alerts, geo.getByCode('310000')!.id);
 */
export async function seedDemoAlertPolicies(
  alerts: { seedPolicies(jurisdictionId: string, inputs: readonly PolicyInput[]): Promise<boolean> },
  cityJurisdictionId: string,
): Promise<boolean> {
  return alerts.seedPolicies(cityJurisdictionId, demoAlertPolicies());
}
