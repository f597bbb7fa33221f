/**
 * What every `cityops import …` command does with its file before the module sees it: tells the
 * format from the extension (unless given), refuses what is missing, not a file or too large,
 * parses it with the module's parser, and phrases a broken file's problem for the command line —
 * and afterwards, the lines printed for the refused rows. A broken file imports nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../platform/errors.ts';

/** The formats the import commands read. */
export type ImportFormat = 'csv' | 'json';

/** Refused rows printed; the rest are counted. */
export const PRINTED_REJECTIONS = 20;

/**
 * The format of a file from its extension, or undefined.
 * @example formatFromExtension('orders.CSV'); // 'csv'
 */
export function formatFromExtension(file: string): ImportFormat | undefined {
  const ext = path.extname(file).toLowerCase();
  return ext === '.csv' ? 'csv' : ext === '.json' ? 'json' : undefined;
}

/**
 * Reads and parses an import file; throws an Error naming the file when it cannot be read, is too
 * large or is broken.
 * @example readImportFile('people.csv', undefined, 64 << 20, (text, f) => parseRegistryFile('person', text, f))
 */
export function readImportFile(
  file: string,
  format: ImportFormat | undefined,
  maxBytes: number,
  parse: (text: string, format: ImportFormat) => unknown[],
): unknown[] {
  const f = format ?? formatFromExtension(file);
  if (!f) throw new Error(`${file}: cannot tell the format from the extension; give --format csv or --format json`);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new Error(`${file}: no such file`);
  }
  if (!stat.isFile()) throw new Error(`${file}: not a file`);
  if (stat.size > maxBytes) throw new Error(`${file}: larger than ${maxBytes} bytes; split it`);
  try {
    return parse(fs.readFileSync(file, 'utf8'), f);
  } catch (e) {
    // The file's problems are phrased for an HTTP body; say "the file" here.
    if (e instanceof AppError) throw new Error(`${file}: nothing imported; ${e.message.replace(/^body: /, '')}`);
    throw e;
  }
}

/**
 * The lines after an import's summary: the first refused rows, how many more, and how rows count.
 * @example rejectionLines({ rejected: [{ row: 0, field: 'lat', message: 'required' }], rejectedRows: 1 }, (f) => f)
 */
export function rejectionLines(
  r: { rejected: readonly { row: number; field: string; message: string }[]; rejectedRows: number },
  describeField: (field: string) => string,
): string[] {
  const lines: string[] = [];
  for (const p of r.rejected.slice(0, PRINTED_REJECTIONS)) lines.push(`  row ${p.row}: ${describeField(p.field)}: ${p.message}`);
  if (r.rejected.length > PRINTED_REJECTIONS) lines.push(`  … and ${r.rejected.length - PRINTED_REJECTIONS} more problems`);
  if (r.rejectedRows > 0) lines.push('  (rows count data rows from 0; in a CSV, row n is on line n + 2)');
  return lines;
}
