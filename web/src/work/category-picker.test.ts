import { describe, expect, it } from 'vitest';
import type { Catalogue } from '../api/types.ts';
import { searchCategories } from './category-picker.tsx';

const catalogue: Catalogue = {
  bigClasses: [
    { code: 'E01', kind: 'event', zh: '市容环境', en: 'City appearance' },
    { code: 'P01', kind: 'component', zh: '公用设施', en: 'Public utilities' },
  ],
  items: [
    { code: 'E0101', bigClass: 'E01', kind: 'event', zh: '私搭乱建', en: 'Unauthorised shed or structure', departmentKind: 'enforcement' },
    { code: 'E0102', bigClass: 'E01', kind: 'event', zh: '暴露垃圾', en: 'Exposed garbage', departmentKind: 'sanitation' },
    { code: 'P0101', bigClass: 'P01', kind: 'component', zh: '上水井盖', en: 'Water manhole cover', departmentKind: 'water' },
  ],
};

describe('category search', () => {
  it('finds by Chinese name, English words, code and big class', () => {
    expect(searchCategories(catalogue, '私搭').map((i) => i.code)).toEqual(['E0101']);
    expect(searchCategories(catalogue, 'GARBAGE exposed').map((i) => i.code)).toEqual(['E0102']);
    expect(searchCategories(catalogue, 'p0101').map((i) => i.code)).toEqual(['P0101']);
    expect(searchCategories(catalogue, '市容').map((i) => i.code)).toEqual(['E0101', 'E0102']);
  });
  it('own-name matches come before big-class matches; nothing for a blank query', () => {
    expect(searchCategories(catalogue, 'e').map((i) => i.code)[0]).toBe('E0101');
    expect(searchCategories(catalogue, '  ')).toEqual([]);
  });
});
