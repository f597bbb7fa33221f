import { describe, expect, it } from 'vitest';
import type { CaseBusEvent } from '../cases/case-types.ts';
import {
  bridgeSourceRef,
  callbackEventFor,
  callbackEventOf,
  callbackPayload,
  mappingKey,
  mappingProblems,
  parseSourceRef,
  requestFingerprint,
  resolveCategory,
} from './bridge-model.ts';

const mapping = new Map([
  [mappingKey('道路破损'), 'E0402'],
  [mappingKey('Noise'), 'E0605'],
]);

describe('category mapping', () => {
  it('normalizes full-width characters, spaces and case', () => {
    expect(mappingKey('  道路\u3000破损 ')).toBe('道路 破损');
    expect(mappingKey('ＮＯＩＳＥ')).toBe('noise');
  });

  it('prefers a valid category code, then the mapping, then a code or an exact catalogue name in the text', () => {
    expect(resolveCategory(mapping, '道路破损', 'e0102')).toBe('E0102');
    expect(resolveCategory(mapping, '道路破损', 'nonsense')).toBe('E0402');
    expect(resolveCategory(mapping, ' noise ')).toBe('E0605');
    expect(resolveCategory(mapping, 'p0101')).toBe('P0101');
    expect(resolveCategory(mapping, '暴露垃圾')).toBe('E0102');
  });

  it('guesses nothing for unknown or partial text', () => {
    expect(resolveCategory(mapping, '井盖松动')).toBeNull();
    expect(resolveCategory(mapping, '垃圾')).toBeNull();
    expect(resolveCategory(mapping, '')).toBeNull();
  });

  it('names each bad entry of a mapping', () => {
    expect(
      mappingProblems([
        { text: '道路破损', category: 'E0402' },
        { text: ' 道路破损', category: 'E0402' },
        { text: '噪音', category: 'Z0000' },
      ]),
    ).toEqual([
      { field: 'items[1].text', message: 'same text as items[0]' },
      { field: 'items[2].category', message: 'unknown small class Z0000' },
    ]);
  });
});

describe('request fingerprint', () => {
  it('ignores key order and absent fields, and changes with any value', () => {
    const a = { externalId: 'GD-1', text: 'x', location: { lon: 121.1, lat: 31.2 }, address: undefined };
    expect(requestFingerprint(a)).toBe(requestFingerprint({ location: { lat: 31.2, lon: 121.1 }, text: 'x', externalId: 'GD-1' }));
    expect(requestFingerprint(a)).not.toBe(requestFingerprint({ ...a, text: 'y' }));
    expect(requestFingerprint(a)).not.toBe(requestFingerprint({ ...a, location: { lon: 121.1, lat: 31.20001 } }));
  });
});

describe('source refs', () => {
  it('round-trip, external ids with colons included', () => {
    expect(parseSourceRef(bridgeSourceRef('sys-1', 'A:B'))).toEqual({ systemId: 'sys-1', externalId: 'A:B' });
    expect(parseSourceRef('no-colon')).toBeNull();
    expect(parseSourceRef(null)).toBeNull();
  });
});

describe('callback events', () => {
  it('tell the citizen the outcome steps, not the internal ones', () => {
    expect(callbackEventOf('case.filed')).toBe('accepted');
    expect(callbackEventOf('case.closed')).toBe('closed');
    for (const t of ['case.reported', 'case.accepted', 'case.returned', 'case.rework', 'case.commented'] as const)
      expect(callbackEventOf(t)).toBeNull();
  });

  it('carry the step note, or the fallback result on a silent close', () => {
    const event = (type: CaseBusEvent['type'], note: string | null) =>
      ({ type, eventId: 'e1', case: { code: 'C-1', state: 'closed' }, entry: { note, at: 5 } }) as unknown as CaseBusEvent;
    expect(callbackPayload(event('case.closed', null), 'GD-1', '已修复')).toEqual({
      externalId: 'GD-1',
      caseCode: 'C-1',
      event: 'closed',
      status: 'closed',
      note: '已修复',
      at: 5,
    });
    expect(callbackPayload(event('case.closed', '结案'), 'GD-1', '已修复')?.note).toBe('结案');
    expect(callbackPayload(event('case.commented', 'x'), 'GD-1', null)).toBeNull();
  });

  it("tell a merged request's citizen when the master case closes (the cases module's comment), and no other comment", () => {
    const comment = (state: string, actorId: string) =>
      ({
        type: 'case.commented',
        eventId: 'e2',
        case: { code: 'C-2', state },
        entry: { note: '主案 C-1 已结案', at: 6, actorId },
      }) as unknown as CaseBusEvent;
    expect(callbackPayload(comment('merged', 'system'), 'GD-2', null)).toMatchObject({
      event: 'closed',
      status: 'merged',
      note: '主案 C-1 已结案',
    });
    expect(callbackEventFor(comment('merged', 'u-1'))).toBeNull();
    expect(callbackEventFor(comment('dispatched', 'system'))).toBeNull();
  });
});
