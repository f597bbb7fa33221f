import { describe, expect, it } from 'vitest';
import { IngestStats } from './ingest-stats.ts';

describe('IngestStats', () => {
  it('counts per source, reason and device, most rejected first', () => {
    const s = new IngestStats(1000);
    s.accept('http', 10, 2);
    s.accept('mqtt', 5, 0);
    s.reject('mqtt', 'a', 'out_of_range', 2000);
    s.reject('mqtt', 'b', 'auth', 2001);
    s.reject('mqtt', 'b', 'acl', 2002);
    s.reject('http', null, 'malformed', 2003);
    const snap = s.snapshot();
    expect(snap).toMatchObject({ since: 1000, accepted: 15, duplicates: 2, rejected: 4, otherDevicesRejected: 0 });
    expect(snap.byReason).toEqual({ out_of_range: 1, auth: 1, acl: 1, malformed: 1 });
    expect(snap.bySource.mqtt).toEqual({ accepted: 5, duplicates: 0, rejected: 3 });
    expect(snap.devices.map((d) => [d.deviceId, d.rejected, d.lastReason])).toEqual([
      ['b', 2, 'acl'],
      ['a', 1, 'out_of_range'],
    ]);
    expect(s.snapshot((id) => id === 'a').devices).toHaveLength(1);
  });

  it('bounds the per-device table', () => {
    const s = new IngestStats(0, 3);
    for (let i = 0; i < 10; i++) s.reject('mqtt', `d${i}`, 'auth', i);
    expect(s.snapshot().devices).toHaveLength(3);
    expect(s.snapshot().otherDevicesRejected).toBe(7);
    expect(s.snapshot().rejected).toBe(10);
  });
});
