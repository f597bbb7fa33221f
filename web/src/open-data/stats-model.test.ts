import { describe, expect, it } from 'vitest';
import type { MonthStats } from '../api/public-types.ts';
import { casesSeries, countCell, districtName, hasSuppressed, hoursCell, newestFirst, rateCell } from './stats-model.ts';

const district = {
  code: '310101',
  name: '黄浦区',
  nameEn: 'Huangpu',
  cases: 12,
  byCategory: [{ category: 'E0102', name: '暴露垃圾', nameEn: 'Exposed garbage', count: 7 }],
  onTimeRate: 0.9,
  closingRate: 0.75,
  avgHandlingHours: 20.04,
};
const month: MonthStats = {
  month: '2026-10',
  suppressionThreshold: 5,
  districts: [district, { ...district, code: '310104', name: '徐汇区', nameEn: 'Xuhui', cases: null, onTimeRate: null }],
};

describe('open statistics cells', () => {
  it('show a suppressed count as below the threshold, a suppressed rate or time as a dash', () => {
    expect(countCell(null, 5)).toBe('<5');
    expect(countCell(12, 5)).toBe('12');
    expect(countCell(1234, 5, (n) => n.toLocaleString('en'))).toBe('1,234');
    expect(rateCell(null)).toBe('—');
    expect(rateCell(0.876)).toBe('88%');
    expect(rateCell(1)).toBe('100%');
    expect(hoursCell(null)).toBe('—');
    expect(hoursCell(20.04)).toBe('20.0');
  });

  it('know when a month has suppressed cells', () => {
    expect(hasSuppressed(month)).toBe(true);
    expect(hasSuppressed({ ...month, districts: [district] })).toBe(false);
    expect(
      hasSuppressed({ ...month, districts: [{ ...district, byCategory: [{ category: 'E0101', name: 'x', nameEn: 'x', count: null }] }] }),
    ).toBe(true);
  });

  it('chart a suppressed district as a gap, not a zero, named in the language shown', () => {
    expect(casesSeries(month, false)).toEqual({ names: ['黄浦区', '徐汇区'], values: [12, null] });
    expect(casesSeries(month, true).names).toEqual(['Huangpu', 'Xuhui']);
    expect(districtName({ name: '黄浦区', nameEn: '' }, true)).toBe('黄浦区');
  });

  it('list a scenario’s months newest first', () => {
    const m = (month: string) => ({ month, alertsRaised: 0, casesHandled: 0, onTimeRate: null });
    expect(newestFirst([m('2026-09'), m('2026-11'), m('2026-10')]).map((x) => x.month)).toEqual(['2026-11', '2026-10', '2026-09']);
  });
});
