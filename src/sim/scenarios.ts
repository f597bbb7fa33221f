/**
 * The scenarios by name, how `--devices N` is shared among them, and the planning of the
 * simulated devices: ids (`sim-wm-0001`), communities of the demo city with a little jitter
 * (stable for a seed), tags, and report periods (scaled by `--rate`). Pure: no I/O.
 */
import { constructionScenario } from './construction-scenario.ts';
import { elderlyScenario } from './elderly-scenario.ts';
import { manholesScenario } from './manholes-scenario.ts';
import { rainstormScenario } from './rainstorm-scenario.ts';
import { between, rngFor } from './rng.ts';
import {
  round,
  SCENARIO_NAMES,
  type Place,
  type RunPlan,
  type ScenarioDef,
  type ScenarioName,
  type SimDevice,
  type SimUnit,
} from './sim-model.ts';

/** Every scenario by name. */
export const SCENARIOS: Readonly<Record<ScenarioName, ScenarioDef>> = {
  elderly: elderlyScenario,
  rainstorm: rainstormScenario,
  manholes: manholesScenario,
  construction: constructionScenario,
};

/** Shares of the devices when several scenarios run (`--scenario all`). */
export const DEVICE_SHARES: Readonly<Record<ScenarioName, number>> = { elderly: 0.4, manholes: 0.3, rainstorm: 0.2, construction: 0.1 };

/** The tag on every simulated device. */
export const SIM_TAG = 'sim';

/** Shortest report period `--rate` may lead to, ms. */
export const MIN_PERIOD_MS = 10;

/**
 * Shares `total` devices among scenarios by DEVICE_SHARES (largest remainder), at least one each.
 * @example allocateDevices(200, ['elderly', 'rainstorm']) // [['elderly', 133], ['rainstorm', 67]]
 */
export function allocateDevices(total: number, names: readonly ScenarioName[]): Array<[ScenarioName, number]> {
  if (!Number.isInteger(total) || total < names.length) throw new Error(`need at least ${names.length} devices for ${names.join(', ')}`);
  const weight = names.reduce((a, n) => a + DEVICE_SHARES[n], 0);
  const exact = names.map((n) => (total * DEVICE_SHARES[n]) / weight);
  const counts = exact.map((x) => Math.max(1, Math.floor(x)));
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k++, left--) {
    const i = order[k % order.length]?.[1] ?? 0;
    counts[i] = (counts[i] ?? 0) + 1;
  }
  while (left < 0) {
    // A share rounded up to one device: take it back from the largest.
    const i = counts.indexOf(Math.max(...counts));
    counts[i] = (counts[i] ?? 0) - 1;
    left++;
  }
  return names.map((n, i) => [n, counts[i] ?? 0]);
}

/**
 * The id of device `index` (0-based) of a scenario.
 * @example deviceId(SCENARIOS.elderly, 0) // 'sim-wm-0001'
 */
export function deviceId(def: ScenarioDef, index: number): string {
  return `sim-${def.idPrefix}-${String(index + 1).padStart(4, '0')}`;
}

/** The share of devices placed in the focus communities when `--focus` is given. */
export const FOCUS_SHARE = 0.5;

/**
 * Where a device stands: a community picked by seed and id, its interior point moved by up to
 * ~150 m (less in small communities). The caller checks the point still lies in the community.
 * With `focus` communities, about {@link FOCUS_SHARE} of the devices stand in one of those; the
 * coin has its own random stream, so the places without a focus stay as they always were.
 */
export function placeFor(
  seed: number,
  id: string,
  places: readonly Place[],
  focus: readonly Place[] = [],
): { place: Place; lon: number; lat: number } {
  const pool = focus.length > 0 && rngFor(seed, id, 'focus')() < FOCUS_SHARE ? focus : places;
  const r = rngFor(seed, id, 'place');
  const place = pool[Math.floor(r() * pool.length)];
  if (!place) throw new Error('no communities to place devices in');
  const [minLon, minLat, maxLon, maxLat] = place.bbox;
  const dLon = Math.min((maxLon - minLon) * 0.15, 0.0015);
  const dLat = Math.min((maxLat - minLat) * 0.15, 0.0013);
  return { place, lon: round(place.center[0] + between(r, -dLon, dLon), 6), lat: round(place.center[1] + between(r, -dLat, dLat), 6) };
}

/**
 * Readings per simulated second the devices send at their natural periods (the ones `--rate`
 * scales; cameras send detections, not counted).
 */
export function naturalRate(counts: ReadonlyArray<readonly [ScenarioName, number]>): number {
  let r = 0;
  for (const [name, n] of counts) {
    const def = SCENARIOS[name];
    if (def.rateScaled) r += (n * def.valuesPerReport * 1000) / def.basePeriodMs;
  }
  return r;
}

/** What planning needs. */
export interface PlanInput {
  seed: number;
  counts: ReadonlyArray<readonly [ScenarioName, number]>;
  /** Communities, in a stable order (by code). */
  places: readonly Place[];
  /** Communities where about half of the devices go (`--focus`); empty or absent: none. */
  focus?: readonly Place[];
  /** Readings per simulated second to aim at; null: the natural periods. */
  rate: number | null;
}

/**
 * Plans the simulated devices.
 * @example planDevices({ seed: 1, counts: [['elderly', 10]], places, rate: null })[0].id // 'sim-wm-0001'
 */
export function planDevices(input: PlanInput): SimDevice[] {
  const natural = naturalRate(input.counts);
  const factor = input.rate !== null && natural > 0 ? natural / input.rate : 1;
  const out: SimDevice[] = [];
  for (const [name, n] of input.counts) {
    const def = SCENARIOS[name];
    const periodMs = Math.max(MIN_PERIOD_MS, Math.round(def.rateScaled ? def.basePeriodMs * factor : def.basePeriodMs));
    for (let index = 0; index < n; index++) {
      const id = deviceId(def, index);
      const { place, lon, lat } = placeFor(input.seed, id, input.places, input.focus);
      const base = { id, seed: input.seed };
      out.push({
        id,
        type: def.type,
        scenario: name,
        index,
        seed: input.seed,
        name: def.deviceName(index, place),
        lon,
        lat,
        place: { code: place.code, name: place.name, center: place.center },
        tags: [SIM_TAG, ...def.tags],
        householdRef: def.householdRef(base, place),
        periodMs,
        phaseMs: Math.floor(rngFor(input.seed, id, 'phase')() * periodMs),
      });
    }
  }
  return out;
}

/**
 * Binds planned devices to their scenarios' generators.
 * @example bindUnits(planDevices(input), { seed: 1, simStart })
 */
export function bindUnits(devices: readonly SimDevice[], run: RunPlan): SimUnit[] {
  return devices.map((d) => SCENARIOS[d.scenario].unit(d, run));
}

/**
 * Parses `--scenario`: one name or `all`.
 * @example scenarioList('all') // ['elderly', 'rainstorm', 'manholes', 'construction']
 */
export function scenarioList(value: string): ScenarioName[] {
  if (value === 'all') return [...SCENARIO_NAMES];
  const names = value.split(',').map((s) => s.trim());
  for (const n of names) {
    if (!(SCENARIO_NAMES as readonly string[]).includes(n))
      throw new Error(`unknown scenario "${n}": use ${SCENARIO_NAMES.join(', ')} or all`);
  }
  return [...new Set(names)] as ScenarioName[];
}
