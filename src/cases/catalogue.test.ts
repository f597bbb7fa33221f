import { describe, expect, it } from 'vitest';
import { DEPARTMENT_KINDS } from '../directory/department-kinds.ts';
import { CHINA_WORKING_CALENDAR as CAL } from './calendar-data.ts';
import { addDuration } from './calendar-model.ts';
import {
  SMALL_CLASSES,
  SMALL_CLASS_CODE_PATTERN,
  URGENCIES,
  getBigClass,
  getSmallClass,
  handlingLimit,
  isSmallClassCode,
  listBigClasses,
  listSmallClasses,
  searchCatalogue,
  stepLimits,
  type SmallClass,
} from './catalogue-model.ts';

/** The one small class whose Chinese name is exactly `zh`. */
function byZh(zh: string): SmallClass {
  const found = SMALL_CLASSES.filter((c) => c.zh === zh);
  expect(found, zh).toHaveLength(1);
  return found[0] as SmallClass;
}

describe('catalogue structure', () => {
  it('has 5 component and 6 event big classes with the standard names', () => {
    expect(listBigClasses('component').map((b) => b.zh)).toEqual(['公用设施', '道路交通', '市容环境', '园林绿化', '其他设施']);
    expect(listBigClasses('event').map((b) => b.zh)).toEqual(['市容环境', '宣传广告', '施工管理', '突发事件', '街面秩序', '其他事件']);
    expect(listBigClasses().map((b) => b.code)).toEqual(['P01', 'P02', 'P03', 'P04', 'P05', 'E01', 'E02', 'E03', 'E04', 'E05', 'E06']);
  });

  it('gives every small class a unique, well-formed code inside its big class', () => {
    const codes = SMALL_CLASSES.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect([...codes].sort()).toEqual([...codes].sort((a, b) => a.localeCompare(b)));
    for (const c of SMALL_CLASSES) {
      expect(c.code, c.code).toMatch(SMALL_CLASS_CODE_PATTERN);
      expect(c.code.slice(0, 3)).toBe(c.bigClass);
      expect(c.kind).toBe(getBigClass(c.bigClass)?.kind);
      expect(c.kind).toBe(c.code.startsWith('P') ? 'component' : 'event');
      expect(c.zh.trim()).not.toBe('');
      expect(c.en.trim()).not.toBe('');
    }
    expect(new Set(SMALL_CLASSES.map((c) => c.zh)).size).toBe(SMALL_CLASSES.length);
  });

  it('gives every big class at least 6 small classes', () => {
    for (const b of listBigClasses()) expect(listSmallClasses(b.code).length, b.code).toBeGreaterThanOrEqual(6);
  });

  it('names only existing department kinds and valid limits, with a normal one everywhere', () => {
    for (const c of SMALL_CLASSES) {
      expect(Object.keys(DEPARTMENT_KINDS), c.code).toContain(c.departmentKind);
      expect(c.urgencies.normal, c.code).toBeDefined();
      const defined = URGENCIES.flatMap((u) => c.urgencies[u] ?? []);
      for (const limit of defined) {
        expect(limit.amount, c.code).toBeGreaterThan(0);
        expect(['working_hours', 'working_days', 'calendar_hours']).toContain(limit.unit);
      }
    }
  });

  it('never allows more time at a higher urgency than a lower one', () => {
    // Compare the due times from one start on a Monday morning, in working-time terms.
    const start = Date.UTC(2025, 2, 10, 1, 0); // Monday 2025-03-10 09:00 Shanghai
    for (const c of SMALL_CLASSES) {
      const due = URGENCIES.map((u) => addDuration(start, handlingLimit(c.code, u) ?? c.urgencies.normal, CAL));
      expect(due[0]!, c.code).toBeLessThanOrEqual(due[1]!);
      expect(due[1]!, c.code).toBeLessThanOrEqual(due[2]!);
    }
  });
});

describe('required classes and MISSION.md figures', () => {
  it('routes each owner’s manhole cover to that owner', () => {
    const owners = {
      上水井盖: 'water_supply',
      污水井盖: 'water',
      雨水井盖: 'water',
      电力井盖: 'power',
      通信井盖: 'telecom',
      燃气井盖: 'gas',
    };
    for (const [zh, kind] of Object.entries(owners)) {
      const c = byZh(zh);
      expect(c.departmentKind, zh).toBe(kind);
      expect(c.kind).toBe('component');
      expect(c.bigClass).toBe('P01');
      // 井盖缺失: a missing cover is urgent, 2 clock hours.
      expect(handlingLimit(c.code, 'urgent')).toEqual({ amount: 2, unit: 'calendar_hours' });
    }
    expect(byZh('上水井盖').code).toBe('P0101');
  });

  it('holds the exposed-garbage and standing-water figures', () => {
    expect(handlingLimit(byZh('暴露垃圾').code, 'normal')).toEqual({ amount: 4, unit: 'working_hours' });
    const water = byZh('道路积水');
    expect(handlingLimit(water.code, 'normal')).toEqual({ amount: 4, unit: 'working_hours' });
    expect(handlingLimit(water.code, 'urgent')).toEqual({ amount: 2, unit: 'calendar_hours' });
    expect(water.bigClass).toBe('E04');
  });

  it('contains the other required classes where they belong', () => {
    const expected: [string, string, string][] = [
      ['路灯', 'P01', 'transport'],
      ['暴露垃圾', 'E01', 'greening_sanitation'],
      ['积存垃圾渣土', 'E01', 'greening_sanitation'],
      ['违法建设', 'E03', 'enforcement'],
      ['施工安全（未戴安全帽）', 'E03', 'construction'],
      ['高空抛物', 'E06', 'community'],
      ['独居老人关爱', 'E06', 'community'],
      ['占道经营', 'E05', 'enforcement'],
      ['无照经营', 'E05', 'market'],
      ['乱张贴', 'E02', 'greening_sanitation'],
      ['绿化带损坏', 'E01', 'greening_sanitation'],
    ];
    for (const [zh, big, kind] of expected) {
      const c = byZh(zh);
      expect([c.bigClass, c.departmentKind], zh).toEqual([big, kind]);
    }
  });

  it('has the common step limits', () => {
    expect(stepLimits('urgent')).toEqual({
      fileAndDispatch: { amount: 10, unit: 'calendar_minutes' },
      verify: { amount: 1, unit: 'calendar_hours' },
    });
    expect(stepLimits('normal')).toEqual({
      fileAndDispatch: { amount: 30, unit: 'calendar_minutes' },
      verify: { amount: 1, unit: 'working_hours' },
    });
    expect(stepLimits('high')).toEqual(stepLimits('normal'));
  });
});

describe('lookups', () => {
  it('finds classes by code and recognises codes', () => {
    expect(getSmallClass('P0109')?.zh).toBe('燃气井盖');
    expect(getSmallClass('P0199')).toBeUndefined();
    expect(isSmallClassCode('E0401')).toBe(true);
    expect(isSmallClassCode('E0499')).toBe(false); // well-formed but not in the catalogue
    expect(isSmallClassCode('P0601')).toBe(false);
    expect(isSmallClassCode(401)).toBe(false);
    expect(SMALL_CLASS_CODE_PATTERN.test('P0600')).toBe(false);
  });

  it('falls back to the next less urgent limit', () => {
    expect(handlingLimit('E0102', 'urgent')).toEqual({ amount: 4, unit: 'working_hours' });
    expect(handlingLimit('E0103', 'urgent')).toEqual({ amount: 4, unit: 'working_hours' }); // its high limit
    expect(handlingLimit('P0101', 'high')).toEqual({ amount: 4, unit: 'working_hours' });
    expect(handlingLimit('X9999', 'normal')).toBeUndefined();
  });

  it('searches codes, Chinese and English names, best first', () => {
    expect(searchCatalogue('井盖').map((c) => c.zh)).toEqual(SMALL_CLASSES.filter((c) => c.zh.includes('井盖')).map((c) => c.zh));
    expect(searchCatalogue('井盖')).toHaveLength(10); // 雨水箅子 is a grate, not a cover
    expect(searchCatalogue(' e0102 ')[0]?.zh).toBe('暴露垃圾');
    expect(searchCatalogue('P01').every((c) => c.bigClass === 'P01')).toBe(true);
    expect(searchCatalogue('garbage')[0]?.code).toBe('E0102');
    expect(searchCatalogue('MANHOLE').length).toBe(10);
    // A name starting with the query ranks above one containing it.
    const water = searchCatalogue('water').map((c) => c.code);
    expect(water[0]).toBe('P0101');
    expect(water.indexOf('E0401')).toBeGreaterThan(water.indexOf('P0101'));
    expect(searchCatalogue('街面秩序').map((c) => c.code)).toEqual(listSmallClasses('E05').map((c) => c.code));
    expect(searchCatalogue('   ')).toEqual([]);
    expect(searchCatalogue('不存在的东西')).toEqual([]);
  });
});
