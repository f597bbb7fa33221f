import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('gives the public channels their defaults', () => {
    const c = loadConfig({});
    expect(c.open311JurisdictionId).toBe('shanghai.cityops');
    expect(c.openStatsMinCount).toBe(5);
    expect(c.citizenReportsPerIpHour).toBe(20);
    expect(c.citizenReportsPerContactDay).toBe(10);
    expect(c.citizenHeldDays).toBe(14);
    expect(loadConfig({ CITYOPS_CITIZEN_HELD_DAYS: '0' }).citizenHeldDays).toBe(0);
    expect(() => loadConfig({ CITYOPS_CITIZEN_HELD_DAYS: '-1' })).toThrow(/CITYOPS_CITIZEN_HELD_DAYS/);
  });

  it('takes them from the environment, options winning', () => {
    const env = {
      CITYOPS_OPEN311_JURISDICTION: 'pudong.example',
      CITYOPS_OPEN_STATS_MIN_COUNT: '10',
      CITYOPS_CITIZEN_REPORTS_PER_IP_HOUR: '0',
    };
    const c = loadConfig(env);
    expect([c.open311JurisdictionId, c.openStatsMinCount, c.citizenReportsPerIpHour]).toEqual(['pudong.example', 10, 0]);
    expect(loadConfig(env, { openStatsMinCount: 3 }).openStatsMinCount).toBe(3);
  });

  it('refuses a suppression threshold that would publish single people, naming the setting', () => {
    for (const bad of ['1', '0']) {
      expect(() => loadConfig({ CITYOPS_OPEN_STATS_MIN_COUNT: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ CITYOPS_OPEN_STATS_MIN_COUNT: bad })).toThrow(/CITYOPS_OPEN_STATS_MIN_COUNT/);
    }
    expect(() => loadConfig({ CITYOPS_OPEN_STATS_MIN_COUNT: 'five' })).toThrow(/CITYOPS_OPEN_STATS_MIN_COUNT/);
  });

  it('uses the in-process bus unless NATS_URL is set, and checks the stream name', () => {
    expect([loadConfig({}).natsUrl, loadConfig({}).natsStream]).toEqual([null, 'CITYOPS']);
    const c = loadConfig({ NATS_URL: 'nats://10.0.0.5:4222', CITYOPS_NATS_STREAM: 'PUDONG' });
    expect([c.natsUrl, c.natsStream]).toEqual(['nats://10.0.0.5:4222', 'PUDONG']);
    for (const bad of ['city.ops', '1CITY', 'a b', 'x'.repeat(33)])
      expect(() => loadConfig({ CITYOPS_NATS_STREAM: bad })).toThrow(/CITYOPS_NATS_STREAM/);
  });

  it('takes the duplicate search settings, each checked by name', () => {
    const d = loadConfig({});
    expect([d.duplicateRadiusM, d.duplicateWindowHours, d.duplicateAutoMergeConfidence]).toEqual([50, 24, 0.9]);
    const c = loadConfig({ CITYOPS_DUPLICATE_RADIUS_M: '30', CITYOPS_DUPLICATE_WINDOW_HOURS: '2.5', CITYOPS_DUPLICATE_AUTO_MERGE: '1' });
    expect([c.duplicateRadiusM, c.duplicateWindowHours, c.duplicateAutoMergeConfidence]).toEqual([30, 2.5, 1]);
    for (const bad of ['0', '-5', 'far', 'Infinity']) expect(() => loadConfig({ CITYOPS_DUPLICATE_RADIUS_M: bad })).toThrow(/CITYOPS_DUPLICATE_RADIUS_M/);
    expect(() => loadConfig({ CITYOPS_DUPLICATE_WINDOW_HOURS: '0' })).toThrow(/CITYOPS_DUPLICATE_WINDOW_HOURS/);
    for (const bad of ['1.2', '-0.1', 'high']) expect(() => loadConfig({ CITYOPS_DUPLICATE_AUTO_MERGE: bad })).toThrow(/CITYOPS_DUPLICATE_AUTO_MERGE/);
  });

  it('takes previous data keys only beside a current one, each checked', () => {
    const [a, b, c] = ['A', 'B', 'C'].map((ch) => Buffer.alloc(32, ch).toString('base64'));
    expect(loadConfig({}).dataKeysPrevious).toEqual([]);
    expect(loadConfig({ CITYOPS_DATA_KEY: a, CITYOPS_DATA_KEYS_PREVIOUS: ` ${b}, ${c}` }).dataKeysPrevious).toEqual([b, c]);
    expect(() => loadConfig({ CITYOPS_DATA_KEYS_PREVIOUS: b })).toThrow(/CITYOPS_DATA_KEYS_PREVIOUS.*needs CITYOPS_DATA_KEY/);
    expect(() => loadConfig({ CITYOPS_DATA_KEY: a, CITYOPS_DATA_KEYS_PREVIOUS: `${b},short` })).toThrow(/key 2 is not base64/);
  });
});
