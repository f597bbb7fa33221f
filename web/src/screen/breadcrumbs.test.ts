import { describe, expect, it } from 'vitest';
import { crumbsFor } from './Breadcrumbs.tsx';

describe('breadcrumbs', () => {
  const city = { id: 'c', name: '上海市', level: 'city' as const };
  it('start at the scope and go down to the picked jurisdiction', () => {
    expect(crumbsFor(city, null)).toEqual([city]);
    const street = {
      id: 's',
      name: '南京东路街道',
      level: 'street' as const,
      ancestors: [city, { id: 'd', name: '黄浦区', level: 'district' as const }],
    };
    expect(crumbsFor(city, street).map((c) => c.name)).toEqual(['上海市', '黄浦区', '南京东路街道']);
  });

  it('leave out what lies above a narrower scope', () => {
    const district = { id: 'd', name: '黄浦区', level: 'district' as const };
    const street = { id: 's', name: '南京东路街道', level: 'street' as const, ancestors: [city, district] };
    expect(crumbsFor(district, street).map((c) => c.id)).toEqual(['d', 's']);
  });
});
