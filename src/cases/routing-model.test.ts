import { describe, expect, it } from 'vitest';
import { centreInCharge, centresCovering, escalationTarget, mayDispatchTo, type CentreRef } from './routing-model.ts';

const centres: CentreRef[] = [
  { id: 'city', level: 'city', path: '/c/' },
  { id: 'd1', level: 'district', path: '/c/d1/' },
  { id: 'd2', level: 'district', path: '/c/d2/' },
  { id: 's1', level: 'street', path: '/c/d1/s1/' },
  { id: 's2', level: 'street', path: '/c/d1/s2/' },
];

describe('routing', () => {
  it('lists the centres covering a place, street first', () => {
    expect(centresCovering('/c/d1/s1/g/k/', centres).map((c) => c.id)).toEqual(['s1', 'd1', 'city']);
    expect(centresCovering('/c/d2/sx/', centres).map((c) => c.id)).toEqual(['d2', 'city']);
  });

  it('puts a case at the street centre when the responsible unit is inside the street', () => {
    expect(centreInCharge('/c/d1/s1/g/k/', '/c/d1/s1/', centres)?.id).toBe('s1');
    expect(centreInCharge('/c/d1/s1/g/k/', '/c/d1/s1/g/k/', centres)?.id).toBe('s1');
  });

  it('raises the centre to the lowest level covering the unit', () => {
    expect(centreInCharge('/c/d1/s1/g/', '/c/d1/', centres)?.id).toBe('d1');
    expect(centreInCharge('/c/d1/s1/g/', '/c/', centres)?.id).toBe('city');
    // a unit in another district: only the city covers both
    expect(centreInCharge('/c/d1/s1/g/', '/c/d2/', centres)?.id).toBe('city');
  });

  it('keeps the street centre when nobody is responsible, so a person decides', () => {
    expect(centreInCharge('/c/d1/s2/', null, centres)?.id).toBe('s2');
    expect(centreInCharge('/x/', null, centres)).toBeUndefined();
  });

  it('escalates one level at a time and stops at the top', () => {
    expect(escalationTarget('/c/d1/s1/g/', 'street', centres)?.id).toBe('d1');
    expect(escalationTarget('/c/d1/s1/g/', 'district', centres)?.id).toBe('city');
    expect(escalationTarget('/c/d1/s1/g/', 'city', centres)).toBeUndefined();
  });

  it('lets a centre dispatch only inside its jurisdiction', () => {
    expect(mayDispatchTo({ path: '/c/d1/s1/' }, '/c/d1/s1/k/')).toBe(true);
    expect(mayDispatchTo({ path: '/c/d1/s1/' }, '/c/d1/')).toBe(false);
    expect(mayDispatchTo({ path: '/c/' }, '/c/d2/')).toBe(true);
  });
});
