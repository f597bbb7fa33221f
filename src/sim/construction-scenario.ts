/**
 * AI cameras (AI摄像头). Two in three watch construction sites and, during working hours
 * (07:00–18:00 Shanghai time), now and then see a worker without a hard hat (`no_helmet`,
 * demo rule `demo-no-helmet` at confidence ≥ 0.7; one in five sightings is less sure than that).
 * The third watches the façade of a residential building and rarely — about once a day,
 * 06:00–23:00 — traces an object thrown from a window to its building, unit and floor
 * (`falling_object`, 高空抛物, demo rule `demo-falling-object`). A camera looks once per
 * simulated minute; chances are per hour, so they do not depend on how often it looks. Pure.
 */
import { between, intBetween, rngFor, type Rng } from './rng.ts';
import { HOUR, MINUTE, round, shanghaiHour, type ScenarioDef, type SimDetection, type SimDevice } from './sim-model.ts';

/** A camera and what it watches. */
export interface SiteCamera extends SimDevice {
  watches: 'site' | 'residential';
  /** The building in view, e.g. `12号楼`. */
  building: string;
  floors: number;
  units: number;
}

/** Sightings of a missing hard hat per site camera and working hour. */
export const NO_HELMET_PER_HOUR = 0.6;
/** Objects thrown from height per residential camera and daytime hour (about one a day). */
export const FALLING_OBJECT_PER_HOUR = 1 / 17;

/** Whether camera `index` watches a residential building (every third) rather than a site. */
export function watchesResidential(index: number): boolean {
  return index % 3 === 2;
}

function detection(cam: SiteCamera, type: SimDetection['type'], tMs: number, confidence: number): SimDetection {
  const stamp = tMs.toString(36);
  return {
    id: `${cam.id}-${stamp}`,
    cameraId: cam.id,
    type,
    confidence: round(confidence, 2),
    ts: tMs,
    snapshotRef: `sim://snapshots/${cam.id}/${stamp}.jpg`,
    // The clip ends at the detection: nothing is dated after it.
    clip: { start: tMs - 20_000, end: tMs },
  };
}

/**
 * What a camera detects when it looks at `tMs` (`periodMs` after its previous look): usually
 * nothing.
 * @example cameraDetections(camera, t, rngFor(1, camera.id, t)) // [] or [{ type: 'no_helmet', confidence: 0.91, … }]
 */
export function cameraDetections(cam: SiteCamera, tMs: number, rng: Rng): SimDetection[] {
  const hour = shanghaiHour(tMs);
  const hours = cam.periodMs / HOUR;
  if (cam.watches === 'site') {
    if (hour < 7 || hour >= 18 || rng() >= NO_HELMET_PER_HOUR * hours) return [];
    const sure = rng() < 0.8;
    return [detection(cam, 'no_helmet', tMs, sure ? between(rng, 0.72, 0.98) : between(rng, 0.45, 0.7))];
  }
  if (hour < 6 || hour >= 23 || rng() >= FALLING_OBJECT_PER_HOUR * hours) return [];
  return [
    {
      ...detection(cam, 'falling_object', tMs, between(rng, 0.62, 0.97)),
      building: cam.building,
      floor: intBetween(rng, 3, cam.floors),
      unit: `${intBetween(rng, 1, cam.units)}单元`,
    },
  ];
}

/** The building a camera has in view, from the run's seed. */
export function cameraBuilding(d: Pick<SimDevice, 'seed' | 'id'>): string {
  return `${intBetween(rngFor(d.seed, d.id, 'building'), 1, 30)}号楼`;
}

/** What a planned camera watches, from the run's seed. */
export function siteCamera(d: SimDevice): SiteCamera {
  const r = rngFor(d.seed, d.id, 'camera');
  const residential = watchesResidential(d.index);
  return {
    ...d,
    watches: residential ? 'residential' : 'site',
    building: cameraBuilding(d),
    floors: residential ? intBetween(r, 6, 33) : intBetween(r, 5, 40),
    units: intBetween(r, 1, 4),
  };
}

/** The construction (and falling-object) camera scenario. */
export const constructionScenario: ScenarioDef = {
  name: 'construction',
  type: 'camera',
  idPrefix: 'cam',
  tags: ['sim-construction'],
  basePeriodMs: MINUTE,
  valuesPerReport: 0,
  rateScaled: false,
  deviceName: (index, place) =>
    `模拟 AI摄像头 ${String(index + 1).padStart(4, '0')} · ${place.name}${watchesResidential(index) ? '（住宅）' : '（工地）'}`,
  householdRef(d, place) {
    return `${place.name} ${cameraBuilding(d)}`;
  },
  unit(device) {
    const camera = siteCamera(device);
    return {
      device,
      emit(t, rng, out) {
        for (const d of cameraDetections(camera, t, rng)) out.detections.push(d);
      },
      heartbeat: null,
    };
  },
};
