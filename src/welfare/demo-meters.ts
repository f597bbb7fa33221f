/**
 * The demo's elderly scenario, ready to run: on first start, a few water meters are registered at
 * the homes of the demo population's residents living alone (`householdRef` = the registry
 * housing id), under the ids `cityops simulate elderly` gives its quiet meters (index 1, 51, 101,
 * 151 of the default 200: `sim-wm-0002`, `-0052`, `-0102`, `-0152`) and with its tags, so the
 * simulator finds them already registered, sends them almost no water, and after 12 hours the
 * demo rule raises the welfare visit for the committee. Households in the demo community worker's
 * own community come first, so the demo `community_worker` account holds the first task.
 */
import type { ElderlyHousehold } from '../registry/service.ts';

/** The simulator's quiet elderly meters (see src/sim/elderly-scenario.ts: one in fifty is quiet). */
export const DEMO_METER_IDS = ['sim-wm-0002', 'sim-wm-0052', 'sim-wm-0102', 'sim-wm-0152'] as const;
/** The simulator's tags for its elderly meters (`sim`, `sim-elderly`) and the rule's tag. */
export const DEMO_METER_TAGS = ['sim', 'sim-elderly', 'elderly_alone'];

/** What linking needs. */
export interface DemoMeterDeps {
  registry: { elderlyAlone(scopePath?: string): Promise<ElderlyHousehold[]> };
  geo: { get(id: string): { center: [number, number] } | undefined };
  sensing: {
    createDevice(input: Record<string, unknown>, scopePath: string): Promise<unknown>;
    deviceFacts(id: string): unknown;
  };
}

/**
 * The households to link: one per dwelling, the preferred community's first, then by community.
 * Pure.
 * @example pickHouseholds(households, committeeCommunityId, 4).length; // ≤ 4
 */
export function pickHouseholds(households: readonly ElderlyHousehold[], preferCommunityId: string | null, n: number): ElderlyHousehold[] {
  const byDwelling = new Map<string, ElderlyHousehold>();
  for (const h of households) if (!byDwelling.has(h.housingId)) byDwelling.set(h.housingId, h);
  const rank = (h: ElderlyHousehold) => (h.communityId === preferCommunityId ? 0 : 1);
  return [...byDwelling.values()]
    .sort((a, b) => rank(a) - rank(b) || a.jurisdictionPath.localeCompare(b.jurisdictionPath) || a.housingId.localeCompare(b.housingId))
    .slice(0, n);
}

/**
 * Registers the demo meters at elderly households (meters already registered are left alone);
 * returns how many were registered.
 * @example await linkDemoMeters({ registry, geo, sensing }, committeeCommunityId);
 */
export async function linkDemoMeters(deps: DemoMeterDeps, preferCommunityId: string | null): Promise<number> {
  const chosen = pickHouseholds(await deps.registry.elderlyAlone(), preferCommunityId, DEMO_METER_IDS.length);
  let made = 0;
  for (const [i, h] of chosen.entries()) {
    const id = DEMO_METER_IDS[i]!;
    const at = deps.geo.get(h.communityId)?.center;
    if (!at || deps.sensing.deviceFacts(id) !== undefined) continue;
    await deps.sensing.createDevice(
      {
        id,
        type: 'water_meter',
        name: `独居老人水表 · elderly meter ${i + 1}`,
        lon: at[0],
        lat: at[1],
        tags: DEMO_METER_TAGS,
        householdRef: h.housingId,
      },
      '/',
    );
    made++;
  }
  return made;
}
