import { describe, expect, it } from 'vitest';
import { checkDeviceInput } from './device-input-model.ts';

const OK = { id: 'wl-310101002-0001', type: 'water_level_gauge', lon: 121.46, lat: 31.23 };

describe('checkDeviceInput', () => {
  it('fills defaults and reads CSV strings', () => {
    expect(
      checkDeviceInput({ ...OK, lon: '121.46', lat: '31.23', tags: 'low-lying| school ;low-lying', offlineAfterS: '600', crs: 'gcj02' }),
    ).toEqual({
      input: {
        ...OK,
        name: null,
        crs: 'gcj02',
        ownerUnit: null,
        tags: ['low-lying', 'school'],
        householdRef: null,
        offlineAfterS: 600,
        secret: null,
      },
      problems: [],
    });
  });

  it.each([
    [{ ...OK, id: 'a/b' }, 'id'],
    [{ ...OK, id: 'x' }, 'id'],
    [{ ...OK, id: '-abc' }, 'id'],
    [{ ...OK, type: 'toaster' }, 'type'],
    [{ ...OK, type: 'toString' }, 'type'],
    [{ ...OK, lon: 'east' }, 'lon'],
    [{ ...OK, lat: 95 }, 'lat'],
    [{ ...OK, crs: 'mercator' }, 'crs'],
    [{ ...OK, tags: ['ok', 'has space'] }, 'tags[1]'],
    [{ ...OK, tags: 5 }, 'tags'],
    [{ ...OK, offlineAfterS: 10 }, 'offlineAfterS'],
    [{ ...OK, secret: 'short' }, 'secret'],
    [{ ...OK, name: 'x'.repeat(201) }, 'name'],
  ])('refuses %j naming %s', (raw, field) => {
    const r = checkDeviceInput(raw, '[4].');
    expect(r.input).toBeNull();
    expect(r.problems.map((p) => p.field)).toEqual([`[4].${field}`]);
  });

  it('names every problem of a row', () => {
    expect(checkDeviceInput({ id: '', type: '', lon: '', lat: '' }).problems.map((p) => p.field)).toEqual(['id', 'type', 'lon', 'lat']);
    expect(checkDeviceInput(null, '[0].').problems).toEqual([{ field: '[0].', message: 'expected an object' }]);
  });
});
