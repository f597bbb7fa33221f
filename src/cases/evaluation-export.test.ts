import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { evaluationCsv, evaluationXlsx, exportHeaders, type EvaluationExport } from './evaluation-export.ts';
import { INDICATOR_LABELS, indicatorsOf, zeroCounts } from './evaluation-model.ts';

const HOUR = 3_600_000;

const table: EvaluationExport = {
  groupBy: 'unit',
  from: Date.UTC(2026, 1, 28, 16), // 2026-03-01 00:00 in Shanghai
  to: Date.UTC(2026, 2, 31, 16),
  scope: '黄浦区',
  generatedAt: Date.UTC(2026, 3, 1, 1, 30),
  rows: [
    {
      groupKey: 'u-water',
      groupName: '区水务局, "排水" 科\n二组',
      indicators: indicatorsOf({
        ...zeroCounts(),
        filed: 10,
        closed: 8,
        dispatched: 10,
        returned: 1,
        handled: 9,
        dueInPeriod: 9,
        handledOnTime: 6,
        handlingMsSum: 9 * 3 * HOUR,
        handlingCount: 9,
      }),
    },
    { groupKey: 'u-evil', groupName: '=HYPERLINK("http://x")', indicators: indicatorsOf(zeroCounts()) },
    { groupKey: null, indicators: indicatorsOf({ ...zeroCounts(), filed: 3 }) },
  ],
};

describe('evaluationCsv', () => {
  const bytes = evaluationCsv(table);

  it('starts with a UTF-8 BOM and uses CRLF', () => {
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toContain('\r\n');
  });

  it('parses back to the same table', () => {
    const records = parse(bytes, { bom: true });
    const [header, water, evil, none] = records;
    expect(header).toEqual(exportHeaders('unit', 'csv'));
    expect(header?.[0]).toBe('处置单位 / Unit');
    expect(header).toContain('按期处置率 / On-time handling rate (%)');
    const col = (name: string) => INDICATOR_LABELS.findIndex((l) => l.key === name) + 2;
    expect(water?.[0]).toBe('区水务局, "排水" 科\n二组');
    expect(water?.[1]).toBe('u-water');
    expect(water?.[col('filed')]).toBe('10');
    expect(water?.[col('onTimeHandlingRate')]).toBe('66.67');
    expect(water?.[col('accurateDispatchRate')]).toBe('90.00');
    expect(water?.[col('averageHandlingHours')]).toBe('3.00');
    // CSV injection: Excel would run it as a formula.
    expect(evil?.[0]).toBe('\'=HYPERLINK("http://x")');
    expect(evil?.[col('onTimeHandlingRate')]).toBe('');
    expect(none?.[0]).toBe('');
    expect(none?.[col('filed')]).toBe('3');
    expect(records.every((r) => r.length === header?.length)).toBe(true);
  });
});

describe('evaluationXlsx', () => {
  it('reads back with exceljs: headers, numbers, percent format, about sheet', async () => {
    const wb = new ExcelJS.Workbook();
    const bytes = await evaluationXlsx(table);
    // exceljs types its input as an ArrayBuffer.
    await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const ws = wb.getWorksheet('综合评价');
    expect(ws).toBeDefined();
    const headers = (ws!.getRow(1).values as unknown[]).slice(1);
    expect(headers).toEqual(exportHeaders('unit', 'xlsx'));
    const col = (name: string) => INDICATOR_LABELS.findIndex((l) => l.key === name) + 3;
    const water = ws!.getRow(2);
    expect(water.getCell(1).value).toBe('区水务局, "排水" 科\n二组');
    expect(water.getCell(col('filed')).value).toBe(10);
    expect(water.getCell(col('onTimeHandlingRate')).value).toBeCloseTo(6 / 9, 12);
    expect(water.getCell(col('onTimeHandlingRate')).numFmt).toBe('0.00%');
    // A string cell, not a formula.
    expect(ws!.getRow(3).getCell(1).value).toBe('=HYPERLINK("http://x")');
    expect(ws!.getRow(3).getCell(col('onTimeHandlingRate')).value).toBeNull();
    expect(ws!.rowCount).toBe(4);

    const about = wb.getWorksheet('说明');
    expect(about?.getRow(1).getCell(2).value).toBe('2026-03-01 00:00 — 2026-04-01 00:00 (Asia/Shanghai)');
    expect(about?.getRow(2).getCell(2).value).toBe('黄浦区');
  });
});
