import { describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { atomFeed, changeSummary, uuidFromHex, xmlText } from './atom-model.ts';
import type { ScenarioFields } from './model.ts';

const f: ScenarioFields = {
  slug: 'water',
  name: '积水 <b>&"',
  nameEn: 'Water & more',
  department: '水务局',
  status: 'building',
  launchDate: null,
  watches: 'w',
  watchesEn: 'w',
  ruleIds: ['r1'],
  categories: ['E0401'],
};

describe('atomFeed', () => {
  it('is well-formed Atom with escaped text, newest entry first', () => {
    const xml = atomFeed({
      revisions: [
        { id: '0190a000-0000-7000-8000-000000000001', scenarioId: 's', version: 1, at: 1000, action: 'create', actorId: 'u', data: f },
        {
          id: '0190a000-0000-7000-8000-000000000002',
          scenarioId: 's',
          version: 2,
          at: 3000,
          action: 'update',
          actorId: 'u',
          data: { ...f, status: 'online', launchDate: '2026-11-01' },
        },
      ],
      snapshots: [{ month: '2026-10', sha256: 'ab'.repeat(32), frozenAt: 2000 }],
      author: 'Ops \u0001Centre',
      now: 5000,
    });
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_' }).parse(xml) as {
      feed: {
        id: string;
        updated: string;
        author: { name: string };
        entry: Array<{ id: string; title: { '#text': string }; summary: { '#text': string } }>;
      };
    };
    expect(doc.feed.id).toMatch(/^urn:uuid:/);
    expect(doc.feed.updated).toBe(new Date(3000).toISOString());
    expect(doc.feed.author.name).toBe('Ops Centre');
    expect(doc.feed.entry.map((e) => e.id)).toEqual([
      'urn:uuid:0190a000-0000-7000-8000-000000000002',
      uuidFromHex('ab'.repeat(32)),
      'urn:uuid:0190a000-0000-7000-8000-000000000001',
    ]);
    expect(doc.feed.entry[2]!.title['#text']).toContain('积水 <b>&"');
    expect(doc.feed.entry[0]!.summary['#text']).toContain('建设中 → 已上线');
    expect(xml).not.toContain('<b>');
  });
});

describe('helpers', () => {
  it('drops characters XML 1.0 cannot carry', () => {
    expect(xmlText('a\u0000b\u000bc\td')).toBe('abc\td');
  });
  it('makes UUID-shaped ids from digests', () => {
    expect(uuidFromHex('f'.repeat(64))).toMatch(/^urn:uuid:ffffffff-ffff-8fff-bfff-ffffffffffff$/);
  });
  it('names what changed', () => {
    expect(changeSummary(f, { ...f, ruleIds: ['r1', 'r2'] })).toContain('r1 → r1, r2');
  });
});
