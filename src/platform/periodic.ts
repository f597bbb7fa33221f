/**
 * Scheduled work of the `scheduler` role: a job run at once and then every `everyMs`, skipping a
 * turn while the previous run is still going, its failures reported, never thrown.
 */

/** A running periodic job. */
export interface Periodic {
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

/**
 * Starts a periodic job (the timer does not keep the process alive).
 * @example const p = startPeriodic(() => expireHeld(), 3_600_000, (e) => console.error(e)); … await p.stop();
 */
export function startPeriodic(job: () => Promise<unknown>, everyMs: number, onError: (e: unknown) => void): Periodic {
  let running: Promise<void> | null = null;
  const run = () => {
    if (running) return;
    running = job()
      .then(
        () => undefined,
        (e: unknown) => onError(e),
      )
      .finally(() => {
        running = null;
      });
  };
  run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
