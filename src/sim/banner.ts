/**
 * What the simulator says before it starts: which devices, which time, how fast, and what the
 * platform should make of it (which meters go quiet, when the storm comes). Pure.
 */
import { shanghaiTime } from './counters.ts';
import { isQuietIndex } from './elderly-scenario.ts';
import { FIRST_STORM_AFTER_MS } from './rainstorm-scenario.ts';
import { formatSpan, type Timeline } from './sim-clock.ts';
import { SCENARIOS } from './scenarios.ts';
import type { ScenarioName, SimDevice } from './sim-model.ts';

const NOUN: Record<ScenarioName, string> = {
  elderly: 'water meters of elderly residents living alone',
  rainstorm: 'standing-water gauges',
  manholes: 'manhole covers',
  construction: 'AI cameras',
};

const nf = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** What the banner describes. */
export interface RunDescription {
  url: string;
  devices: readonly SimDevice[];
  timeline: Timeline;
  transport: string;
  /** Wall-clock now. */
  now: number;
}

/**
 * The banner lines.
 * @example describeRun({ url, devices, timeline, transport: 'http', now: Date.now() }).forEach((l) => console.error(l));
 */
export function describeRun(d: RunDescription): string[] {
  const counts = new Map<ScenarioName, number>();
  for (const dev of d.devices) counts.set(dev.scenario, (counts.get(dev.scenario) ?? 0) + 1);
  const t = d.timeline;
  const lines = [
    `simulating ${nf.format(d.devices.length)} devices on ${d.url} over ${d.transport}: ` +
      [...counts].map(([s, n]) => `${nf.format(n)} ${NOUN[s]}`).join(', '),
  ];
  const end = t.wallEnd === null ? 'until Ctrl-C' : `for ${formatSpan(t.wallEnd - t.wallStart)}`;
  if (t.speed === 1) lines.push(`time: the clock's, from ${shanghaiTime(t.simStart)} (Shanghai), ${end}`);
  else
    lines.push(
      `time: ×${t.speed}, replaying from ${shanghaiTime(t.simStart)} (${formatSpan(d.now - t.simStart)} ago); ` +
        `caught up with the clock after ${formatSpan(t.caughtUpAt - t.wallStart)}` +
        (t.wallEnd !== null && t.caughtUpAt < t.wallEnd ? ', then at its speed' : '') +
        `; ${end}`,
    );
  // Report periods follow --rate; per simulated second the devices send this many readings.
  let perSimSecond = 0;
  for (const dev of d.devices) perSimSecond += (SCENARIOS[dev.scenario].valuesPerReport * 1000) / dev.periodMs;
  const wire = perSimSecond * t.speed;
  lines.push(
    `rate: ~${nf.format(perSimSecond)} readings per simulated second` + (t.speed !== 1 ? ` (~${nf.format(wire)}/s while replaying)` : ''),
  );
  const quiet = d.devices.filter((x) => x.scenario === 'elderly' && isQuietIndex(x.index)).map((x) => x.id);
  if (quiet.length > 0)
    lines.push(
      `elderly: ${quiet.length} quiet meter${quiet.length === 1 ? '' : 's'} (${quiet.slice(0, 5).join(', ')}${quiet.length > 5 ? ', …' : ''}) ` +
        'should raise 独居老人用水异常 once the platform has watched them for 12 h',
    );
  if (counts.has('rainstorm'))
    lines.push(`rainstorm: the first storm starts at ${shanghaiTime(t.simStart + FIRST_STORM_AFTER_MS)} (simulated), then every 6 h`);
  return lines;
}
