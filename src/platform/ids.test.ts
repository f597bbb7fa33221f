import { describe, expect, it } from 'vitest';
import { idFloor, idTime, newId } from './ids.ts';

describe('ids', () => {
  it('are UUIDv7 text, distinct and increasing as they are made', () => {
    const ids = Array.from({ length: 1000 }, () => newId());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('tell when they were made, and a floor at a time sorts between the ids made before and after', () => {
    const before = Date.now();
    const id = newId();
    const after = Date.now();
    expect(idTime(id)).toBeGreaterThanOrEqual(before);
    expect(idTime(id)).toBeLessThanOrEqual(after);
    expect(idFloor(idTime(id)) <= id).toBe(true);
    expect(idFloor(idTime(id) + 1) > id).toBe(true);
    expect(idTime(idFloor(Date.UTC(2026, 0, 1)))).toBeNaN();
    expect(idFloor(Date.UTC(2026, 0, 1))).toBe('019b76da-a800-0000-0000-000000000000');
    expect(idTime('not an id')).toBeNaN();
  });
});
