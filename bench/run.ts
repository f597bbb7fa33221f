/**
 * `npm run bench`: runs every benchmark and prints each figure beside a baseline measured in
 * the same run, so the ratio holds on a shared, noisy machine even when absolute numbers drift.
 * Never part of `npm test`. Pass names to run a subset: `npm run bench -- locate`.
 */
import { benchLocate } from './locate.bench.ts';
import type { BenchRow } from './bench-row.ts';

const BENCHES: Record<string, () => Promise<BenchRow[]>> = {
  locate: benchLocate,
  mqtt: async () => (await import('./mqtt.bench.ts')).benchMqtt(),
  pipeline: async () => (await import('./pipeline.bench.ts')).benchPipeline(),
  cases: async () => (await import('./cases.bench.ts')).casesBenchRows(),
  evaluation: async () => (await import('./evaluation.bench.ts')).runEvaluationBench(),
  screen: async () => (await import('./screen.bench.ts')).runScreenBench(),
  'screen-browser': async () => (await import('./screen-browser.bench.ts')).runScreenBrowserBench(),
  audit: async () => (await import('./audit.bench.ts')).benchAudit(),
  'rules-memory': async () => (await import('./rules-memory.bench.ts')).benchRulesMemory(),
};

function fmt(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return n.toFixed(n < 10 ? 2 : 0);
}

const wanted = process.argv.slice(2);
const rows: BenchRow[] = [];
for (const [name, run] of Object.entries(BENCHES)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  process.stderr.write(`running ${name}…\n`);
  rows.push(...(await run()));
}

const table = rows.map((r) => ({
  benchmark: r.name,
  value: `${fmt(r.value)} ${r.unit}`,
  baseline: r.baseline ? `${r.baseline.name}: ${fmt(r.baseline.value)} ${r.baseline.unit ?? r.unit}` : '',
  ratio: r.baseline && r.baseline.value > 0 ? `${(r.value / r.baseline.value).toFixed(1)}×` : '',
  goal: r.goal ?? '',
}));
console.table(table);
