import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { csvBytes, percent } from './csv-model.ts';

describe('csvBytes', () => {
  it('writes RFC 4180 with a BOM, CRLF and neutralised formulas', () => {
    const bytes = csvBytes([
      ['名称', 'note'],
      ['=HYPERLINK("http://x")', 'a,b\r\n"c"'],
      [null, -3],
      ['+1', '@SUM(A1)'],
    ]);
    const text = bytes.toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    const rows: unknown = parse(text.slice(1));
    expect(rows).toEqual([
      ['名称', 'note'],
      ['\'=HYPERLINK("http://x")', 'a,b\r\n"c"'],
      ['', '-3'],
      ["'+1", "'@SUM(A1)"],
    ]);
  });
  it('writes rates as percentages', () => {
    expect(percent(0.83333)).toBe(83.33);
    expect(percent(null)).toBeNull();
  });
});
