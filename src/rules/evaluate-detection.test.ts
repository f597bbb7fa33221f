/**
 * Detection match: type in the set, confidence at least the minimum, camera inside the zone;
 * one signal per detection about `detection:<id>`, carrying building/floor/unit and evidence.
 */
import { describe, expect, it } from 'vitest';
import type { DetectionEvent } from '../sensing/reading-model.ts';
import type { DetectionParams } from './model.ts';
import { detectionOnEvent } from './evaluate-detection.ts';

const TS = Date.UTC(2026, 6, 1, 9, 30, 0);
const FALLING: DetectionParams = { types: ['falling_object'], minConfidence: 0.6, zone: null };

function event(over: Partial<DetectionEvent['detection']> = {}, location: [number, number] = [121.48, 31.24]): DetectionEvent {
  return {
    detection: {
      id: 'det-1',
      cameraId: 'cam-7',
      type: 'falling_object',
      confidence: 0.92,
      ts: TS,
      building: '12号楼',
      floor: 9,
      unit: '3单元',
      snapshotRef: 'snap/det-1.jpg',
      clip: { start: TS - 5000, end: TS + 5000 },
      ...over,
    },
    camera: {
      id: 'cam-7',
      type: 'camera',
      tags: [],
      jurisdictionPath: '/c/d/',
      jurisdictionId: 'd',
      location,
      ownerUnitId: null,
      householdRef: null,
    },
    receivedAt: TS + 200,
  };
}

describe('detection evaluator', () => {
  it('raises one signal per matching detection with where it happened and the evidence', () => {
    const { state, signals } = detectionOnEvent(null, event(), FALLING);
    expect(state).toBeNull();
    expect(signals).toEqual([
      expect.objectContaining({
        kind: 'raise',
        ts: TS,
        value: 0.92,
        subjectKey: 'detection:det-1',
        details: expect.objectContaining({
          detectionId: 'det-1',
          building: '12号楼',
          floor: 9,
          unit: '3单元',
          snapshotRef: 'snap/det-1.jpg',
          clipStart: TS - 5000,
          clipEnd: TS + 5000,
        }),
      }),
    ]);
  });

  it('ignores other types and low confidence', () => {
    expect(detectionOnEvent(null, event({ type: 'garbage' }), FALLING).signals).toEqual([]);
    expect(detectionOnEvent(null, event({ confidence: 0.59 }), FALLING).signals).toEqual([]);
    expect(detectionOnEvent(null, event({ confidence: 0.6 }), FALLING).signals).toHaveLength(1);
  });

  it('honours the zone', () => {
    const zone: DetectionParams['zone'] = {
      type: 'Polygon',
      coordinates: [
        [
          [121.4, 31.2],
          [121.5, 31.2],
          [121.5, 31.3],
          [121.4, 31.3],
          [121.4, 31.2],
        ],
      ],
    };
    expect(detectionOnEvent(null, event({}, [121.45, 31.25]), { ...FALLING, zone }).signals).toHaveLength(1);
    expect(detectionOnEvent(null, event({}, [121.6, 31.25]), { ...FALLING, zone }).signals).toEqual([]);
  });
});
