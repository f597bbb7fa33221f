/**
 * Rules memory benchmark (issue 3's "state for 1,000,000 devices under rules fits in 1 GB"):
 * the state the platform holds per device — the device registry's facts (sensing), the rules
 * engine's per-device state and sensing's reading frontier (newest time per device and metric)
 * — for 1,000,000 devices of a mixed city under the demo rules, read
 * beside the same measurement for 100,000 devices made in the same run (a ratio of 10× says the
 * state grows linearly, with nothing per device hiding in a constant). Each measurement runs in
 * a child process of its own with `--expose-gc` (rules-memory-child.ts), memory after GC. Bytes,
 * not time: a busy machine does not change the figures. About 45 s.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { BenchRow } from './bench-row.ts';
import type { RulesMemoryResult } from './rules-memory-child.ts';

const MB = 1024 * 1024;
const CHILD = fileURLToPath(new URL('./rules-memory-child.ts', import.meta.url));

async function measure(devices: number): Promise<RulesMemoryResult> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', '--import', 'tsx', CHILD, String(devices)], {
    maxBuffer: 1 << 20,
  });
  const last = stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as RulesMemoryResult;
}

/** The rows: state for 1,000,000 devices and its parts, the whole heap and RSS, each beside its baseline. */
export async function benchRulesMemory(): Promise<BenchRow[]> {
  const small = await measure(100_000);
  const large = await measure(1_000_000);
  const state = (r: RulesMemoryResult) => (r.withFrontier - r.empty) / MB;
  const facts = (r: RulesMemoryResult) => (r.withRegistry - r.empty) / MB;
  const rules = (r: RulesMemoryResult) => (r.withEngine - r.withRegistry) / MB;
  const frontier = (r: RulesMemoryResult) => (r.withFrontier - r.withEngine) / MB;
  const per = (r: RulesMemoryResult, mb: number) => Math.round((mb * MB) / r.devices);
  return [
    {
      name: `rules memory: state of 1 M devices under the demo rules, after GC (${per(large, state(large))} B/device)`,
      value: state(large),
      unit: 'MB',
      baseline: { name: 'same, 100 k devices', value: state(small) },
      goal: '≤ 1 GB',
    },
    {
      name: `rules memory: … device facts (registry, ${per(large, facts(large))} B/device)`,
      value: facts(large),
      unit: 'MB',
      baseline: { name: 'same, 100 k devices', value: facts(small) },
    },
    {
      name: `rules memory: … rule state (engine, ${large.boundRows} rows, typed arrays ${Math.round(large.stateBytes / MB)} MB)`,
      value: rules(large),
      unit: 'MB',
      baseline: { name: 'same, 100 k devices', value: rules(small) },
    },
    {
      name: `rules memory: … reading frontier (sensing, ${per(large, frontier(large))} B/device)`,
      value: frontier(large),
      unit: 'MB',
      baseline: { name: 'same, 100 k devices', value: frontier(small) },
    },
    {
      name: 'rules memory: whole heap with 1 M devices, after GC',
      value: large.withFrontier / MB,
      unit: 'MB',
      baseline: { name: 'same process before any device', value: large.empty / MB },
      goal: '≤ 1 GB',
    },
    {
      name: 'rules memory: RSS with 1 M devices, after GC (with SQLite cache, freed heap not returned)',
      value: large.rss / MB,
      unit: 'MB',
      baseline: { name: 'same, 100 k devices', value: small.rss / MB },
    },
  ];
}
