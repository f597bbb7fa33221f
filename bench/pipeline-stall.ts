/**
 * What the event loop's longest stall in a window was made of, from the kernel's scheduler
 * statistics of the main thread (/proc/thread-self/schedstat: time on a CPU, time runnable but
 * waiting for one). A tick every 10 ms measures the gap since the last; the longest gap is split
 * into the thread running (JavaScript, GC, a synchronous SQLite call computing), waiting for a
 * CPU (other threads and processes had the cores: on a shared 2-core machine this was most of
 * every stall traced), and the rest — sleeping or blocked in the kernel (I/O, a lock, SQLite's
 * busy handler). Linux only; elsewhere `stop()` answers null.
 */
import fs from 'node:fs';

/** The longest gap between ticks of the event loop, and what it was made of, ms. */
export interface StallBreakdown {
  gapMs: number;
  runningMs: number;
  waitingForCpuMs: number;
  blockedMs: number;
}

const TICK_MS = 10;

/** [ns on a CPU, ns runnable and waiting] of the calling thread, or null off Linux. */
function schedstat(): [number, number] | null {
  try {
    const [run, wait] = fs.readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ');
    return [Number(run), Number(wait)];
  } catch {
    return null;
  }
}

/** Starts sampling; `stop()` ends it and answers the longest gap's breakdown. */
export function watchStalls(): { stop(): StallBreakdown | null } {
  let prev = schedstat();
  let last = performance.now();
  let worst: StallBreakdown | null = null;
  const timer = setInterval(() => {
    const now = performance.now();
    const s = schedstat();
    if (s && prev) {
      const gapMs = now - last;
      if (!worst || gapMs > worst.gapMs) {
        const runningMs = (s[0] - prev[0]) / 1e6;
        const waitingForCpuMs = (s[1] - prev[1]) / 1e6;
        worst = { gapMs, runningMs, waitingForCpuMs, blockedMs: Math.max(0, gapMs - runningMs - waitingForCpuMs) };
      }
    }
    prev = s;
    last = now;
  }, TICK_MS);
  return {
    stop() {
      clearInterval(timer);
      return worst;
    },
  };
}

/** The breakdown as a row's text: "longest gap 227 ms: running 40, waiting for a CPU 180, blocked 7". */
export function describeStall(b: StallBreakdown | null): string {
  if (!b) return 'no scheduler statistics';
  const r = Math.round;
  return `longest gap ${r(b.gapMs)} ms: running ${r(b.runningMs)}, waiting for a CPU ${r(b.waitingForCpuMs)}, blocked ${r(b.blockedMs)}`;
}
