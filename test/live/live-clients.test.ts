/**
 * The live service's clients on a whole platform (real storage, real bus): a slow client whose
 * socket does not drain costs nothing but its place in the ring, is skipped ahead with a
 * `resync` once it drains, and does not hold back a fast one; clients that leave are dropped;
 * one bus subscription per subject serves every client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { startTestPlatform, signIn, type TestPlatform } from '../support/platform.ts';
import { createLiveService, type LiveSink } from '../../src/live/service.ts';
import { registerLiveRoutes } from '../../src/live/routes.ts';
import { createHttpApp } from '../../src/platform/http/app.ts';
import type { RuleSignal } from '../../src/rules/signal-model.ts';
import type { Bus } from '../../src/platform/bus/bus.ts';
import { openSse } from './sse-client.ts';

let p: TestPlatform;
let n = 0;

/** Raises `count` alerts in 南京东路街道 in one batch (one transaction, `count` bus events). */
async function raise(count: number): Promise<void> {
  const j = p.geo.getByCode('310101002')!;
  const now = p.clock.now();
  const signals: RuleSignal[] = Array.from({ length: count }, () => ({
    kind: 'raise',
    ruleId: 'live-clients',
    subjectKey: `s${++n}`,
    deviceId: null,
    level: 'yellow',
    value: 1,
    message: '测试',
    jurisdictionPath: j.path,
    jurisdictionId: j.id,
    location: j.center,
    details: { caseCategory: 'E0599' },
    ts: now,
    receivedAt: now,
  }));
  await p.alerts.applySignals(signals);
}

/** A sink that records what it is given; `full` makes it refuse more until `drain()`. */
class RecordingSink implements LiveSink {
  chunks: string[] = [];
  full = false;
  ended = false;
  #onDrain: (() => void) | null = null;
  write(chunk: string): boolean {
    this.chunks.push(chunk);
    return !this.full;
  }
  onceDrain(listener: () => void): void {
    this.#onDrain = listener;
  }
  end(): void {
    this.ended = true;
  }
  drain(): void {
    this.full = false;
    const l = this.#onDrain;
    this.#onDrain = null;
    l?.();
  }
  text(): string {
    return this.chunks.join('');
  }
}
const recordingSink = () => new RecordingSink();

beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(async () => p?.dispose());

describe('live clients', () => {
  it('bounds a slow client: no writes while its socket is full, then a resync and the newest events', async () => {
    const live = createLiveService({ bus: p.bus, clock: p.clock, options: { ringSize: 300, maxBatch: 50 } });
    try {
      const fast = recordingSink();
      const slow = recordingSink();
      live.connect({ scopePath: '/', kpi: false }, fast);
      live.connect({ scopePath: '/', kpi: false }, slow);
      slow.full = true; // its socket buffer is full from the first write on
      live.flushNow();
      const slowWrites = slow.chunks.length;
      for (let round = 0; round < 3; round++) {
        await raise(200);
        live.flushNow();
      }
      // The fast client got every event, in batches of at most 50.
      const fastEvents = fast.chunks.filter((c) => c.includes('event: batch'));
      const fastIds = fastEvents.flatMap((c) => (JSON.parse(/data: (.*)\n/.exec(c)![1]!) as Array<{ id: string }>).map((e) => e.id));
      expect(new Set(fastIds).size).toBe(600);
      expect(fastEvents.every((c) => (JSON.parse(/data: (.*)\n/.exec(c)![1]!) as unknown[]).length <= 50)).toBe(true);
      // The slow one was written one batch (which found its socket full) and nothing after it,
      // and the ring did not grow past its size.
      expect(slow.chunks.length).toBe(slowWrites + 1);
      const stats = live.stats();
      expect(stats.retained).toBe(300);
      expect(stats.maxLag).toBe(550);
      // Once it drains it is told to resync and skipped to the newest.
      slow.drain();
      live.flushNow();
      const resync = slow.chunks.slice(slowWrites + 1).join('');
      expect(resync).toContain('event: resync');
      expect(JSON.parse(/event: resync\ndata: (.*)\n/.exec(resync)![1]!)).toEqual({ reason: 'slow', dropped: 550 });
      expect(live.stats()).toMatchObject({ maxLag: 0, resyncs: 1, dropped: 550 });
      await raise(1);
      live.flushNow();
      expect(slow.text()).toMatch(/event: batch\ndata: \[\{"kind":"alert"/);
    } finally {
      live.close();
    }
  });

  it('shares one subscription per subject among all clients and ends every stream on close', async () => {
    const subscribed: string[] = [];
    const bus: Bus = {
      publish: (subject, data) => p.bus.publish(subject, data),
      subscribe: (pattern, handler) => {
        subscribed.push(pattern);
        return p.bus.subscribe(pattern, handler);
      },
      close: async () => undefined,
    };
    const live = createLiveService({ bus, clock: p.clock });
    const sinks = Array.from({ length: 50 }, () => recordingSink());
    for (const s of sinks) live.connect({ scopePath: '/', kpi: false }, s);
    expect(subscribed.sort()).toEqual(['alerts', 'cases']);
    expect(live.stats().clients).toBe(50);
    await raise(3);
    live.flushNow();
    for (const s of sinks) expect(s.text()).toContain('"kind":"alert"');
    live.close();
    expect(sinks.every((s) => s.ended)).toBe(true);
    expect(live.stats().clients).toBe(0);
  });

  it('drops a client whose connection goes away', async () => {
    const live = createLiveService({ bus: p.bus, clock: p.clock });
    const { app } = await createHttpApp({ authenticate: p.auth.authenticate, version: 'test' });
    registerLiveRoutes(app, live, p.geo);
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const username = 'live_clients_lead';
      await p.directory.createUser({
        username,
        displayName: username,
        password: 'Live-test-2026!',
        roles: ['shift_lead'],
        jurisdictionId: p.geo.getByCode('310000')!.id,
      });
      const session = await signIn(p, username, 'Live-test-2026!');
      const client = await openSse(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/v1/live?kpi=0`, session.headers);
      expect(live.stats().clients).toBe(1);
      client.close();
      await expect.poll(() => live.stats().clients, { timeout: 3000 }).toBe(0);
    } finally {
      live.close();
      await app.close();
    }
  });
});
