import { describe, expect, it } from 'vitest';
import { bandsAt, bandsFor, childLevel, fillLevelAt, levelsShown, levelVisibleAt, MAP_LEVELS, parentFor } from './levels.ts';

describe('map levels', () => {
  it('shows districts on the city view, then streets, grids and communities as the zoom grows', () => {
    expect(fillLevelAt(9)).toBe('district');
    expect(fillLevelAt(11)).toBe('street');
    expect(fillLevelAt(13)).toBe('grid');
    expect(fillLevelAt(15)).toBe('community');
    expect(levelVisibleAt('street', 9)).toBe(false);
    expect(levelVisibleAt('street', 10)).toBe(true);
    expect(levelVisibleAt('district', 6)).toBe(true);
  });

  it('starts on the level below the jurisdiction looked at, whatever zoom fits it', () => {
    const district = bandsFor('street', 13);
    expect(fillLevelAt(13, district)).toBe('street');
    expect(fillLevelAt(11, district)).toBe('district');
    expect(fillLevelAt(15, district)).toBe('grid');
    expect(fillLevelAt(16.5, district)).toBe('community');
    expect(levelVisibleAt('street', 5, district)).toBe(true);
    expect(levelVisibleAt('grid', 13, district)).toBe(false);
    expect(levelVisibleAt('grid', 13.6, district)).toBe(true);
    for (const bands of [district, bandsFor('district', 9), bandsFor('community', 16)]) {
      MAP_LEVELS.forEach((l, i) => {
        expect(bands[l].fillFrom).toBeLessThanOrEqual(bands[l].fillTo);
        if (i > 0) expect(bands[l].fillFrom).toBe(bands[MAP_LEVELS[i - 1]!].fillTo);
      });
    }
  });

  it('loads below a picked jurisdiction only its own part, and the scope around it', () => {
    const city = { id: 'c', level: 'city' as const };
    expect(parentFor('district', { scope: city, selected: null })).toBe('c');
    const inDistrict = { scope: city, selected: { id: 'd', level: 'district' as const } };
    expect(parentFor('district', inDistrict)).toBe('c');
    expect(parentFor('street', inDistrict)).toBe('d');
    expect(parentFor('community', inDistrict)).toBe('d');
  });

  it('draws nothing above the caller’s scope, and the scope itself at its own level', () => {
    const street = { id: 's', level: 'street' as const };
    expect(parentFor('district', { scope: street, selected: null })).toBeNull();
    expect(parentFor('street', { scope: street, selected: null })).toBe('s');
    expect(parentFor('grid', { scope: street, selected: null })).toBe('s');
  });

  it('names the level below', () => {
    expect(childLevel('city')).toBe('district');
    expect(childLevel('grid')).toBe('community');
    expect(childLevel('community')).toBeNull();
  });
});

const city = { scope: { id: 'sh', level: 'city' as const }, selected: null };

describe('levelsShown', () => {
  it('shows districts for the city, and the district with its streets when one is picked', () => {
    expect(levelsShown(city, 9, bandsAt(city, 9))).toEqual([{ level: 'district', parent: 'sh' }]);
    const picked = { ...city, selected: { id: 'pd', level: 'district' as const } };
    expect(levelsShown(picked, 11, bandsAt(picked, 11))).toEqual([
      { level: 'district', parent: 'sh' },
      { level: 'street', parent: 'pd' },
    ]);
  });
});
