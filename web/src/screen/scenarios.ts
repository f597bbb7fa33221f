/**
 * Scenario views (场景): each narrows the alerts, cases, devices and feed to one concern by the
 * case catalogue's small classes (the category a rule files under) and the device types that
 * watch it. The categories are the ones the demo rules use (src/rules/demo-rules.ts). Pure.
 */

/** The scenarios offered, in button order. */
export const SCENARIOS = ['water', 'elderly', 'construction', 'manhole'] as const;
/** One scenario. */
export type Scenario = (typeof SCENARIOS)[number];

/** What a scenario keeps. */
export interface ScenarioDef {
  /** Case catalogue small classes (alerts carry the category their rule files under). */
  categories: readonly string[];
  /** Device types that watch for it. */
  deviceTypes: readonly string[];
}

/** P0101–P0111: the manhole cover small classes of the component catalogue (上水井盖 … 其他井盖). */
const MANHOLE = Array.from({ length: 11 }, (_, i) => `P01${String(i + 1).padStart(2, '0')}`);

/** The definitions. */
export const SCENARIO_DEFS: Readonly<Record<Scenario, ScenarioDef>> = {
  water: { categories: ['E0401'], deviceTypes: ['water_level_gauge'] },
  elderly: { categories: ['E0602'], deviceTypes: ['water_meter', 'door_sensor'] },
  construction: { categories: ['E0302'], deviceTypes: ['camera'] },
  manhole: { categories: MANHOLE, deviceTypes: ['manhole_cover'] },
};

/** A scenario from a query-string value, or null (all). */
export function parseScenario(value: string | null): Scenario | null {
  return (SCENARIOS as readonly string[]).includes(value ?? '') ? (value as Scenario) : null;
}

/** Whether something of `category` belongs in the view (everything does without a scenario). */
export function inScenario(scenario: Scenario | null, category: string | null | undefined): boolean {
  if (!scenario) return true;
  return category !== null && category !== undefined && SCENARIO_DEFS[scenario].categories.includes(category);
}

/** Whether a device of `type` belongs in the view. */
export function deviceInScenario(scenario: Scenario | null, type: string): boolean {
  return !scenario || SCENARIO_DEFS[scenario].deviceTypes.includes(type);
}
