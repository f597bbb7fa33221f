import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invalid } from '../platform/errors.ts';
import { formatFromExtension, PRINTED_REJECTIONS, readImportFile, rejectionLines } from './import-file.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cityops-import-file-'));
const write = (name: string, text: string): string => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
};

describe('import files on the command line', () => {
  it('tells the format from the extension, whatever its case', () => {
    expect(formatFromExtension('a/orders.CSV')).toBe('csv');
    expect(formatFromExtension('x.json')).toBe('json');
    expect(formatFromExtension('x.xlsx')).toBeUndefined();
  });

  it('names the file for every way it can fail, before parsing a byte too many', () => {
    const parse = (text: string) => JSON.parse(text) as unknown[];
    expect(() => readImportFile(path.join(dir, 'none.json'), undefined, 100, parse)).toThrow(/none\.json: no such file/);
    expect(() => readImportFile(dir, 'json', 100, parse)).toThrow(/not a file/);
    expect(() => readImportFile(write('a.txt', '[]'), undefined, 100, parse)).toThrow(/give --format csv or --format json/);
    expect(() => readImportFile(write('big.json', '[1,2,3]'), undefined, 3, parse)).toThrow(/big\.json: larger than 3 bytes/);
    expect(readImportFile(write('ok.json', '[1,2]'), undefined, 100, parse)).toEqual([1, 2]);
  });

  it("says a broken file imports nothing, in the command line's words", () => {
    const broken = () => {
      throw invalid('body', 'missing column "lat"');
    };
    expect(() => readImportFile(write('b.csv', 'x'), undefined, 100, broken)).toThrow(/b\.csv: nothing imported; missing column "lat"/);
  });

  it('prints the first refused rows and counts the rest', () => {
    const rejected = Array.from({ length: PRINTED_REJECTIONS + 3 }, (_, row) => ({ row, field: 'lat', message: 'required' }));
    const lines = rejectionLines({ rejected, rejectedRows: rejected.length }, (f) => `${f} (纬度)`);
    expect(lines[0]).toBe('  row 0: lat (纬度): required');
    expect(lines).toContain('  … and 3 more problems');
    expect(lines).toHaveLength(PRINTED_REJECTIONS + 2);
    expect(rejectionLines({ rejected: [], rejectedRows: 0 }, (f) => f)).toEqual([]);
  });
});
