import { describe, expect, it } from 'vitest';
import { validateDetection, type DetectionContext } from './detection-model.ts';
import type { Rejection } from './ingest-model.ts';

const NOW = Date.UTC(2026, 10, 27, 2, 0, 0);
let n = 0;
const ctx: DetectionContext = {
  typeCodeOf: (id) => ({ 'cam-1': 'camera', 'wl-1': 'water_level_gauge' })[id],
  now: NOW,
  maxFutureMs: 5 * 60_000,
  newId: () => `gen-${++n}`,
};
const FALLING = { cameraId: 'cam-1', type: 'falling_object', confidence: 0.93, ts: NOW, building: '3号楼', floor: 12, unit: '2单元' };

function check(raw: unknown) {
  const rejected: Rejection[] = [];
  return { detection: validateDetection(raw, 0, ctx, rejected), rejected };
}

describe('validateDetection', () => {
  it('accepts a falling object with where it came from, a snapshot and a clip', () => {
    const { detection, rejected } = check({
      ...FALLING,
      snapshotRef: 's3://snap/1.jpg',
      clip: { start: NOW - 10_000, end: '2026-11-27T02:00:10Z' },
    });
    expect(rejected).toEqual([]);
    expect(detection).toEqual({
      id: expect.stringMatching(/^gen-/),
      cameraId: 'cam-1',
      type: 'falling_object',
      confidence: 0.93,
      ts: NOW,
      building: '3号楼',
      floor: 12,
      unit: '2单元',
      snapshotRef: 's3://snap/1.jpg',
      clip: { start: NOW - 10_000, end: NOW + 10_000 },
    });
  });

  it('keeps an id the camera sends, and accepts other types without building', () => {
    expect(check({ id: 'cam-1-77', cameraId: 'cam-1', type: 'garbage', confidence: 0.5, ts: NOW }).detection).toMatchObject({
      id: 'cam-1-77',
      building: null,
      floor: null,
      clip: null,
    });
  });

  it.each([
    ['not an object', 'x', 'malformed', '[0]'],
    ['no camera', { ...FALLING, cameraId: undefined }, 'malformed', '[0].cameraId'],
    ['an unknown camera', { ...FALLING, cameraId: 'cam-9' }, 'unknown_device', '[0].cameraId'],
    ['a device that is no camera', { ...FALLING, cameraId: 'wl-1' }, 'not_a_camera', '[0].cameraId'],
    ['an unknown type', { ...FALLING, type: 'ufo' }, 'unknown_detection_type', '[0].type'],
    ['confidence over 1', { ...FALLING, confidence: 1.5 }, 'out_of_range', '[0].confidence'],
    ['confidence as text', { ...FALLING, confidence: '0.9' }, 'out_of_range', '[0].confidence'],
    ['a bad time', { ...FALLING, ts: 'now' }, 'bad_timestamp', '[0].ts'],
    ['a future time', { ...FALLING, ts: NOW + 3_600_000 }, 'future_timestamp', '[0].ts'],
    ['a falling object without building', { ...FALLING, building: undefined }, 'missing_field', '[0].building'],
    ['a falling object without floor', { ...FALLING, floor: undefined }, 'missing_field', '[0].floor'],
    ['a fractional floor', { ...FALLING, floor: 2.5 }, 'out_of_range', '[0].floor'],
    ['a clip ending before it starts', { ...FALLING, clip: { start: NOW, end: NOW - 1 } }, 'bad_clip', '[0].clip.end'],
    ['a clip far from the detection', { ...FALLING, clip: { start: NOW - 7_200_000, end: NOW - 7_100_000 } }, 'bad_clip', '[0].clip'],
    ['a clip without end', { ...FALLING, clip: { start: NOW } }, 'bad_timestamp', '[0].clip.end'],
    ['an empty id', { ...FALLING, id: '' }, 'malformed', '[0].id'],
  ])('refuses %s', (_name, raw, reason, field) => {
    const { detection, rejected } = check(raw);
    expect(detection).toBeNull();
    expect(rejected).toEqual([expect.objectContaining({ index: 0, reason, field })]);
  });
});
