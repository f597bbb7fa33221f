import { describe, expect, it } from 'vitest';
import type { ElderlyHousehold } from '../registry/service.ts';
import { pickHouseholds } from './demo-meters.ts';

const h = (personId: string, housingId: string, communityId: string): ElderlyHousehold => ({
  personId,
  housingId,
  communityId,
  jurisdictionPath: `/c/${communityId}/`,
  building: null,
  unit: null,
  room: null,
});

describe('pickHouseholds', () => {
  const all = [h('p1', 'h1', 'c2'), h('p2', 'h2', 'c1'), h('p3', 'h2', 'c1'), h('p4', 'h3', 'c3'), h('p5', 'h4', 'c1')];

  it('takes one per dwelling, the preferred community first, then in path order', () => {
    expect(pickHouseholds(all, 'c3', 4).map((x) => x.housingId)).toEqual(['h3', 'h2', 'h4', 'h1']);
    expect(pickHouseholds(all, null, 10).map((x) => x.housingId)).toEqual(['h2', 'h4', 'h1', 'h3']);
  });

  it('takes at most n, and nothing from nothing', () => {
    expect(pickHouseholds(all, 'c1', 1).map((x) => x.housingId)).toEqual(['h2']);
    expect(pickHouseholds([], 'c1', 4)).toEqual([]);
  });
});
