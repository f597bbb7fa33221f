/**
 * Which shard a device's readings go to: `readings.<shard>` with shard = hash(deviceId) mod the
 * shard count, so all readings of a device meet the same rules process (shared/DESIGN.md §5).
 * Pure; the hash is 32-bit FNV-1a over UTF-16 code units, stable across processes and versions.
 */

/**
 * FNV-1a (32-bit) of a string.
 * @example fnv1a('wm-310101002-0001') // an unsigned 32-bit integer
 */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The shard of a device, 0 ≤ shard < shards.
 * @example shardOf('wm-310101002-0001', 4) // 0..3, always the same for this id
 */
export function shardOf(deviceId: string, shards: number): number {
  return shards <= 1 ? 0 : fnv1a(deviceId) % shards;
}
