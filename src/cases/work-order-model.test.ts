import { describe, expect, it } from 'vitest';
import {
  checkWorkOrder,
  columnOf,
  toReportInput,
  workOrderSourceRef,
  CHINESE_COLUMNS,
  WORK_ORDER_COLUMNS,
  type WorkOrder,
  type WorkOrderCheck,
} from './work-order-model.ts';

const GOOD = { ref: 'SH20261127-0001', category: 'E0102', description: '小区门口垃圾堆放', lon: 121.48, lat: 31.23 };

function order(c: WorkOrderCheck): WorkOrder {
  if (!c.ok) throw new Error(`expected ok, got ${JSON.stringify(c.problems)}`);
  return c.order;
}
function problems(c: WorkOrderCheck) {
  if (c.ok) throw new Error('expected problems');
  return c.problems;
}

describe('columnOf', () => {
  it('knows every column by its English name (any case) and its Chinese header', () => {
    for (const c of WORK_ORDER_COLUMNS) {
      expect(columnOf(c)).toBe(c);
      expect(columnOf(c.toUpperCase())).toBe(c);
      expect(columnOf(` ${CHINESE_COLUMNS[c]} `)).toBe(c);
    }
    expect(columnOf('latitude')).toBeUndefined();
    expect(columnOf('toString')).toBeUndefined();
  });
});

describe('checkWorkOrder', () => {
  it('takes a minimal row with the documented defaults', () => {
    expect(order(checkWorkOrder(GOOD, 0))).toEqual({
      ...GOOD,
      urgency: 'normal',
      crs: 'wgs84',
      address: null,
      reporterName: null,
      reporterPhone: null,
      receivedAt: null,
    });
  });

  it('takes a CSV row with Chinese keys, text numbers and Chinese urgency words', () => {
    const o = order(
      checkWorkOrder(
        {
          工单编号: ' SH-2 ',
          类别: 'e0401',
          紧急程度: '紧急',
          诉求内容: '路口积水',
          经度: '121.4737',
          纬度: '31.2304',
          坐标系: 'GCJ-02',
          地址: '南京东路 1 号',
          来电人: '王女士',
          联系电话: '13812345678',
          受理时间: '2026-11-27T09:30:00+08:00',
        },
        3,
      ),
    );
    expect(o).toMatchObject({ ref: 'SH-2', category: 'E0401', urgency: 'urgent', lon: 121.4737, lat: 31.2304, crs: 'gcj02' });
    expect(o).toMatchObject({ address: '南京东路 1 号', reporterName: '王女士', reporterPhone: '13812345678' });
    expect(order(checkWorkOrder({ ...GOOD, urgency: '较急' }, 0)).urgency).toBe('high');
    expect(order(checkWorkOrder({ ...GOOD, urgency: '一般' }, 0)).urgency).toBe('normal');
    expect(order(checkWorkOrder({ ...GOOD, urgency: 'HIGH', crs: 'bd09' }, 0))).toMatchObject({ urgency: 'high', crs: 'bd09' });
  });

  it('accepts a JSON number as ref and phone, and an empty optional cell as absent', () => {
    const o = order(checkWorkOrder({ ...GOOD, ref: 2026112700001, reporterPhone: 13812345678, address: '  ', urgency: '' }, 0));
    expect(o).toMatchObject({ ref: '2026112700001', reporterPhone: '13812345678', address: null, urgency: 'normal' });
  });

  it.each([
    ['a missing ref', { ...GOOD, ref: undefined }, 'ref', /required/],
    ['a ref with a space', { ...GOOD, ref: 'SH 1' }, 'ref', /spaces/],
    ['a ref too long', { ...GOOD, ref: 'x'.repeat(101) }, 'ref', /at most 100/],
    ['a ref as an unsafe JSON number', { ...GOOD, ref: 2 ** 60 }, 'ref', /as text/],
    ['an unknown category', { ...GOOD, category: 'E0999' }, 'category', /unknown small class code "E0999"/],
    ['a category that is no code', { ...GOOD, category: '垃圾' }, 'category', /unknown small class/],
    ['a missing category', { ...GOOD, category: '' }, 'category', /required/],
    ['an unknown urgency', { ...GOOD, urgency: '特急' }, 'urgency', /urgent, high or normal/],
    ['a missing description', { ...GOOD, description: '   ' }, 'description', /required/],
    ['a description that is no text', { ...GOOD, description: { text: 'x' } }, 'description', /expected text/],
    ['a missing lat', { ...GOOD, lat: undefined }, 'lat', /required/],
    ['an empty lat cell', { ...GOOD, lat: '' }, 'lat', /required/],
    ['a lat that is no number', { ...GOOD, lat: '31.2N' }, 'lat', /not a number/],
    ['a lat out of range', { ...GOOD, lat: 91 }, 'lat', /between -90 and 90/],
    ['a lon out of range', { ...GOOD, lon: '-181' }, 'lon', /between -180 and 180/],
    ['a lon of the wrong type', { ...GOOD, lon: true }, 'lon', /expected a number/],
    ['an unknown crs', { ...GOOD, crs: 'cgcs2000' }, 'crs', /wgs84, gcj02 or bd09/],
    ['a bad phone', { ...GOOD, reporterPhone: 'call me' }, 'reporterPhone', /digits/],
    ['a name too long', { ...GOOD, reporterName: 'x'.repeat(101) }, 'reporterName', /at most 100/],
    ['a time that is no ISO-8601', { ...GOOD, receivedAt: '27/11/2026 09:30' }, 'receivedAt', /ISO-8601/],
    ['an impossible date', { ...GOOD, receivedAt: '2026-02-30T09:30:00Z' }, 'receivedAt', /ISO-8601/],
    ['an unknown column', { ...GOOD, latitude: 31.2 }, 'latitude', /unknown column/],
    ['a column given twice', { ...GOOD, 纬度: 31.2 }, 'lat', /given twice/],
  ])('refuses %s, naming the field', (_name, row, field, message) => {
    const found = problems(checkWorkOrder(row, 7));
    expect(found).toContainEqual({ row: 7, field, message: expect.stringMatching(message) });
    expect(found.every((p) => p.row === 7)).toBe(true);
  });

  it('reports every problem of a row, not only the first', () => {
    const found = problems(checkWorkOrder({ ref: 'A-1', category: 'X', lon: 'east' }, 2));
    expect(found.map((p) => p.field).sort()).toEqual(['category', 'description', 'lat', 'lon']);
  });

  it('refuses a row that is no object', () => {
    for (const raw of [null, 'SH-1,E0102', [GOOD], 42])
      expect(problems(checkWorkOrder(raw, 1))).toEqual([{ row: 1, field: 'row', message: 'expected an object of columns' }]);
  });

  it('accepts ISO-8601 times with or without seconds and offset', () => {
    for (const t of ['2026-11-27T09:30:00+08:00', '2026-11-27T01:30:00Z', '2026-11-27 09:30', '2026-11-27T09:30:00.123+0800'])
      expect(order(checkWorkOrder({ ...GOOD, receivedAt: t }, 0)).receivedAt).toBe(t);
  });
});

describe('toReportInput', () => {
  it('makes an auto-dispatched import report with the 12345 source ref', () => {
    const o = order(checkWorkOrder({ ...GOOD, crs: 'gcj02', address: '某路 1 号', urgency: 'high' }, 0));
    expect(toReportInput(o)).toEqual({
      source: 'import',
      sourceRef: '12345:SH20261127-0001',
      category: 'E0102',
      urgency: 'high',
      description: '小区门口垃圾堆放',
      location: { lon: 121.48, lat: 31.23, crs: 'gcj02', address: '某路 1 号' },
      reporter: null,
      autoDispatch: true,
    });
    expect(workOrderSourceRef('A')).toBe('12345:A');
  });

  it('keeps the hotline’s receipt time in the description and the caller as the reporter', () => {
    const o = order(checkWorkOrder({ ...GOOD, receivedAt: '2026-11-27T09:30:00+08:00', reporterName: '王女士' }, 0));
    const input = toReportInput(o);
    expect(input.description).toBe('小区门口垃圾堆放\n[12345 受理时间 received 2026-11-27T09:30:00+08:00]');
    expect(input.reporter).toEqual({ name: '王女士', phone: null });
  });
});
