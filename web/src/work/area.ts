/**
 * Where a case lies in words, for people who know the city by its streets rather than by
 * coordinates: the jurisdictions containing its point below the city, largest first.
 */
import type { JurisdictionRef } from '../api/types.ts';

/**
 * The chain below the city, joined: "黄浦区 › 南京东路街道 › 贵州社区"; null when the chain holds
 * nothing below the city (a point the tree does not cover further).
 * @example areaLabel([{ level: 'city', name: '上海市' }, { level: 'district', name: '黄浦区' }]) // '黄浦区'
 */
export function areaLabel(chain: ReadonlyArray<Pick<JurisdictionRef, 'level' | 'name'>>): string | null {
  const below = chain.filter((j) => j.level !== 'city').map((j) => j.name);
  return below.length > 0 ? below.join(' › ') : null;
}
