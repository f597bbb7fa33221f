/**
 * `cityops import jurisdictions <file.geojson>`: imports one level of real boundaries. Parents
 * are found by containment (or a parent-code property). All or nothing: one transaction.
 */
import fs from 'node:fs';
import type { Config } from '../config.ts';
import { buildServices } from '../compose.ts';
import { describeProblem, parseFeatureCollection, type ImportOptions } from '../geo/import-model.ts';
import { AppError } from '../platform/errors.ts';
import { progressBar } from './progress.ts';

/** Largest file accepted, bytes; boundaries of a whole city fit well within it. */
export const MAX_IMPORT_BYTES = 512 * 1024 * 1024;

/** Imports the file; throws an Error whose message names the feature and property at fault. */
export async function importJurisdictionsCommand(
  config: Config,
  file: string,
  options: ImportOptions,
  print: (line: string) => void = console.log,
): Promise<number> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new Error(`${file}: no such file`);
  }
  if (stat.size > MAX_IMPORT_BYTES) throw new Error(`${file}: larger than ${MAX_IMPORT_BYTES} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${(e as Error).message})`);
  }
  const parsed = parseFeatureCollection(json, options);
  if (!parsed.ok) {
    const lines = parsed.problems.slice(0, 20).map((p) => `  ${describeProblem(p)}`);
    const more = parsed.problems.length > 20 ? `\n  … and ${parsed.problems.length - 20} more` : '';
    throw new Error(`${file}: nothing imported; ${parsed.problems.length} problem(s):\n${lines.join('\n')}${more}`);
  }
  const services = await buildServices(config);
  const bar = progressBar(`importing ${options.level}`);
  try {
    const { imported } = await services.geo.importFeatures(parsed.features, (d, t) => bar.update(d, t));
    bar.stop();
    print(`imported ${imported} ${options.level} jurisdictions from ${file}`);
    return imported;
  } catch (e) {
    bar.stop();
    if (e instanceof AppError) throw new Error(`${file}: nothing imported; ${e.message}`);
    throw e;
  } finally {
    await services.close();
  }
}
