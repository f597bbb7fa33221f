import { describe, expect, it } from 'vitest';
import { DEFAULT_CAMERA, fitCamera } from './camera.ts';

const SHANGHAI: [number, number, number, number] = [120.85, 30.68, 122.0, 31.88];

describe('fitCamera', () => {
  it('fits the box with its padding, as fitBounds does', () => {
    const c = fitCamera(SHANGHAI, 600, 800);
    // Width-bound: (600 - 64) px over 1.15° of longitude at 512 px per world.
    expect(c.zoom).toBeCloseTo(Math.log2(536 / ((1.15 / 360) * 512)), 6);
    expect(c.center[0]).toBeCloseTo(121.425, 6);
    // The centre is the middle in Mercator, a little north of the middle in degrees.
    expect(c.center[1]).toBeGreaterThan(31.28);
    expect(c.center[1]).toBeLessThan(31.29);
  });

  it('is bound by the tighter side', () => {
    expect(fitCamera(SHANGHAI, 2000, 300).zoom).toBeLessThan(fitCamera(SHANGHAI, 2000, 1000).zoom);
  });

  it('stops at the closest zoom for a tiny box and falls back without a box or room', () => {
    expect(fitCamera([121.4, 31.2, 121.4001, 31.2001], 800, 600).zoom).toBe(16);
    expect(fitCamera(null, 800, 600)).toEqual(DEFAULT_CAMERA);
    expect(fitCamera(SHANGHAI, 40, 600).zoom).toBe(DEFAULT_CAMERA.zoom);
  });
});
