/**
 * CPU time per thread of this process, from /proc (Linux; elsewhere an empty map): the share of
 * the event loop and of the worker threads in a figure. CPU time per reading is steadier than
 * readings per second on a machine shared with other work.
 */
import fs from 'node:fs';
import { threadId } from 'node:worker_threads';

/** CPU ms used so far, by thread id (the event loop's is the process id). */
export function threadCpuMs(): Map<number, number> {
  const out = new Map<number, number>();
  let tids: string[];
  try {
    tids = fs.readdirSync('/proc/self/task');
  } catch {
    return out;
  }
  const tick = 10; // USER_HZ is 100 on Linux
  for (const tid of tids) {
    try {
      const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(tid), (Number(f[11]) + Number(f[12])) * tick);
    } catch {
      // the thread ended in between
    }
  }
  return out;
}

/** CPU ms between two samples: of the event loop (this thread) and of all other threads. */
export function cpuBetween(a: Map<number, number>, b: Map<number, number>): { eventLoop: number; others: number } | null {
  if (b.size === 0 || threadId !== 0) return null;
  let eventLoop = 0;
  let others = 0;
  for (const [tid, ms] of b) {
    const d = ms - (a.get(tid) ?? 0);
    if (tid === process.pid) eventLoop += d;
    else others += d;
  }
  return { eventLoop, others };
}
