/**
 * Detection match, pure: an AI detection of one of the rule's types with enough confidence,
 * from a camera inside the rule's zone (the jurisdiction part is the selector's), raises one
 * one-off signal about `detection:<id>` carrying where it happened (building, floor, unit) and
 * the evidence (snapshot, clip). Detections hold no state: each is its own alert.
 */
import type { DetectionEvent } from '../sensing/reading-model.ts';
import { pointInGeometry } from '../geo/geometry.ts';
import type { DetectionParams } from './model.ts';
import { NO_SIGNALS, type EvalResult, type SignalDraft } from './verdict.ts';

/** Whether the detection satisfies the rule's parameters (the selector is checked apart). */
export function detectionMatches(ev: DetectionEvent, p: DetectionParams): boolean {
  const d = ev.detection;
  if (!p.types.includes(d.type) || d.confidence < p.minConfidence) return false;
  if (p.zone === null) return true;
  const [lon, lat] = ev.camera.location;
  return pointInGeometry(p.zone, lon, lat);
}

/**
 * The signal for a matching detection, none otherwise. State is always null.
 * @example detectionOnEvent(null, ev, { types: ['falling_object'], minConfidence: 0.6, zone: null }).signals[0]?.subjectKey; // 'detection:…'
 */
export function detectionOnEvent(state: null, ev: DetectionEvent, p: DetectionParams): EvalResult<null> {
  if (!detectionMatches(ev, p)) return { state, signals: NO_SIGNALS };
  const d = ev.detection;
  const signal: SignalDraft = {
    kind: 'raise',
    ts: d.ts,
    value: d.confidence,
    subjectKey: `detection:${d.id}`,
    vars: {
      type: d.type,
      confidence: d.confidence,
      building: d.building,
      floor: d.floor,
      unit: d.unit,
      camera: d.cameraId,
      snapshot: d.snapshotRef,
    },
    details: {
      detectionId: d.id,
      detectionType: d.type,
      confidence: d.confidence,
      cameraId: d.cameraId,
      building: d.building,
      floor: d.floor,
      unit: d.unit,
      snapshotRef: d.snapshotRef,
      clipStart: d.clip?.start ?? null,
      clipEnd: d.clip?.end ?? null,
    },
  };
  return { state, signals: [signal] };
}
