import { describe, expect, it } from 'vitest';
import { areaLabel } from './area.ts';

describe('areaLabel', () => {
  it('names the jurisdictions below the city, largest first', () => {
    const chain = [
      { level: 'city' as const, name: '上海市' },
      { level: 'district' as const, name: '黄浦区' },
      { level: 'street' as const, name: '南京东路街道' },
      { level: 'community' as const, name: '贵州社区' },
    ];
    expect(areaLabel(chain)).toBe('黄浦区 › 南京东路街道 › 贵州社区');
  });

  it('has nothing to say for the city alone or an empty chain', () => {
    expect(areaLabel([{ level: 'city', name: '上海市' }])).toBeNull();
    expect(areaLabel([])).toBeNull();
  });
});
