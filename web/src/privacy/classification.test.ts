import { describe, expect, it } from 'vitest';
import { fieldsByLevel, labelIn } from './classification.ts';

describe('fields grouped by classification', () => {
  it('puts the ID number under core and the name and phones under sensitive, most protected first', () => {
    const groups = fieldsByLevel('person', { name: '张*', idNumber: '310***', phone: '138****5678', address: 'x', building: 'b1' });
    expect(groups).toEqual([
      { level: 'core', names: ['idNumber'] },
      { level: 'sensitive', names: ['name', 'phone'] },
      { level: 'internal', names: ['address'] },
      { level: 'public', names: ['building'] },
    ]);
  });
  it('shows a field the table does not know as internal rather than hiding it', () => {
    expect(fieldsByLevel('housing', { use: 'residential', newField: 'v' })).toEqual([
      { level: 'internal', names: ['newField'] },
      { level: 'public', names: ['use'] },
    ]);
  });
  it('labels in the language shown, Chinese by default', () => {
    expect(labelIn({ zh: '姓名', en: 'Name' }, 'en-GB', 'name')).toBe('Name');
    expect(labelIn({ zh: '姓名', en: 'Name' }, 'zh-CN', 'name')).toBe('姓名');
    expect(labelIn(undefined, 'zh', 'name')).toBe('name');
  });
});
