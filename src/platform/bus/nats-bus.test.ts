/**
 * The NATS bus against the real NATS server (JetStream) on loopback — `NATS_TEST_URL`, default
 * nats://127.0.0.1:4222. Skipped when none answers, except on CI, which must start one. Each
 * test uses a stream and subject prefix of its own and deletes the stream afterwards. Several
 * buses in one test stand for several cityops processes.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { createNatsBus, durableName, type NatsBusOptions } from './nats-bus.ts';
import type { Bus, BusMessage } from './bus.ts';

const URL = process.env.NATS_TEST_URL ?? 'nats://127.0.0.1:4222';
let available = false;
beforeAll(async () => {
  const nc = await connect({ servers: URL, reconnect: false, timeout: 2_000 }).catch(() => null);
  available = nc !== null;
  await nc?.close();
  if (!available && process.env.CI) throw new Error(`no NATS server at ${URL}; CI must start one (nats-server -js)`);
});

let streams: string[] = [];
let buses: Bus[] = [];
afterEach(async () => {
  await Promise.all(buses.map((b) => b.close()));
  buses = [];
  if (streams.length === 0) return;
  const nc = await connect({ servers: URL });
  const jsm = await jetstreamManager(nc);
  for (const s of streams) await jsm.streams.delete(s).catch(() => undefined);
  streams = [];
  await nc.close();
});

/** A fresh stream/prefix pair for one test, and a way to open "processes" on it. */
function world(extra: Partial<NatsBusOptions> = {}) {
  const tag = `t${Math.random().toString(36).slice(2, 10)}`;
  streams.push(`CITYOPS_${tag}`);
  return async (more: Partial<NatsBusOptions> = {}): Promise<Bus> => {
    const bus = await createNatsBus({ url: URL, stream: `CITYOPS_${tag}`, prefix: tag, retryDelayMs: 50, ...extra, ...more });
    buses.push(bus);
    return bus;
  };
}

/** Resolves once `pred` holds, polling; fails after 10 s with what was seen. */
async function until(pred: () => boolean, what: () => unknown): Promise<void> {
  const end = Date.now() + 10_000;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out; seen ${JSON.stringify(what())}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('durableName', () => {
  it('turns dots into underscores and refuses what NATS cannot name', () => {
    expect(durableName('cases.webhooks')).toBe('cases_webhooks');
    expect(() => durableName('a b')).toThrow(/letters, digits/);
    expect(() => durableName('a>')).toThrow(/letters, digits/);
  });
});

describe('NATS bus', () => {
  it('without a group, every process gets every message in order, with id, subject and time', async (ctx) => {
    if (!available) return ctx.skip();
    const open = world({ now: () => 1_780_000_000_000 });
    const [a, b] = [await open(), await open()];
    const seenA: BusMessage<number>[] = [];
    const seenB: number[] = [];
    a.subscribe<number>('readings.*', (m) => void seenA.push(m));
    b.subscribe<number>('readings.2', (m) => void seenB.push(m.data));
    for (let i = 0; i < 5; i++) await a.publish(`readings.${1 + (i % 2)}`, i);
    await until(
      () => seenA.length === 5 && seenB.length === 2,
      () => [seenA, seenB],
    );
    expect(seenA.map((m) => m.data)).toEqual([0, 1, 2, 3, 4]);
    expect(seenA.map((m) => m.subject)).toEqual(['readings.1', 'readings.2', 'readings.1', 'readings.2', 'readings.1']);
    expect(seenA[0]!.at).toBe(1_780_000_000_000);
    expect(new Set(seenA.map((m) => m.id)).size).toBe(5);
    expect(seenB).toEqual([1, 3]);
  });

  it('a work group shares the messages: each taken once across its processes; another group gets them all', async (ctx) => {
    if (!available) return ctx.skip();
    const open = world();
    const [p1, p2, p3] = [await open(), await open(), await open()];
    const taken: Array<[string, number]> = [];
    const audit: number[] = [];
    p1.subscribe<number>('cases', (m) => void taken.push(['p1', m.data]), { group: 'webhooks' });
    p2.subscribe<number>('cases', (m) => void taken.push(['p2', m.data]), { group: 'webhooks' });
    p3.subscribe<number>('cases', (m) => void audit.push(m.data), { group: 'audit' });
    for (let i = 0; i < 40; i++) await p3.publish('cases', i);
    await until(
      () => taken.length === 40 && audit.length === 40,
      () => [taken.length, audit.length],
    );
    await new Promise((r) => setTimeout(r, 200)); // room for a wrongful second delivery
    expect(taken.map(([, n]) => n).sort((x, y) => x - y)).toEqual([...Array(40).keys()]);
    expect(audit).toEqual([...Array(40).keys()]);
  });

  it('a group resumes after a restart with what was published while it was down', async (ctx) => {
    if (!available) return ctx.skip();
    const open = world();
    const producer = await open();
    const first = await open();
    const seen: number[] = [];
    first.subscribe<number>('alerts', (m) => void seen.push(m.data), { group: 'cases-intake' });
    // A group that never existed misses what came before it (it starts at new messages), so
    // the first message comes from its own process, which waits for the group to be set up.
    await first.publish('alerts', 1);
    await until(
      () => seen.length === 1,
      () => seen,
    );
    await first.close();
    await producer.publish('alerts', 2);
    await producer.publish('alerts', 3);
    const restarted = await open();
    restarted.subscribe<number>('alerts', (m) => void seen.push(m.data), { group: 'cases-intake' });
    await until(
      () => seen.length === 3,
      () => seen,
    );
    expect(seen).toEqual([1, 2, 3]);
  });

  it('a handler that throws gets the message again, and reports the failure', async (ctx) => {
    if (!available) return ctx.skip();
    const errors: string[] = [];
    const open = world({ onError: (e, subject) => errors.push(`${subject}: ${(e as Error).message}`) });
    const bus = await open();
    let attempts = 0;
    const done: number[] = [];
    bus.subscribe<number>(
      'signals',
      (m) => {
        attempts++;
        if (attempts < 3) throw new Error('database busy');
        done.push(m.data);
      },
      { group: 'alerts' },
    );
    await bus.publish('signals', 7);
    await until(
      () => done.length === 1,
      () => ({ attempts, errors }),
    );
    expect(attempts).toBe(3);
    expect(errors).toEqual(['signals: database busy', 'signals: database busy']);
  });

  it('a message published right after subscribing reaches the new group', async (ctx) => {
    if (!available) return ctx.skip();
    const bus = await world()();
    const seen: string[] = [];
    bus.subscribe<string>('devices', (m) => void seen.push(m.data), { group: 'registry-cache' });
    await bus.publish('devices', 'created');
    await until(
      () => seen.length === 1,
      () => seen,
    );
    expect(seen).toEqual(['created']);
  });

  it('refuses a group already taking another subject, naming both', async (ctx) => {
    if (!available) return ctx.skip();
    const errors: string[] = [];
    const open = world({ onError: (e) => errors.push((e as Error).message) });
    const bus = await open();
    bus.subscribe('alerts', () => undefined, { group: 'g' });
    await bus.publish('alerts', 1);
    const other = await open();
    other.subscribe('cases', () => undefined, { group: 'g' });
    await until(
      () => errors.length === 1,
      () => errors,
    );
    expect(errors[0]).toMatch(/group g already takes t\w+\.alerts, not t\w+\.cases/);
  });

  it('stops delivering after unsubscribe, and refuses to publish once closed', async (ctx) => {
    if (!available) return ctx.skip();
    const bus = await world()();
    const seen: number[] = [];
    const sub = bus.subscribe<number>('x', (m) => void seen.push(m.data));
    await bus.publish('x', 1);
    await until(
      () => seen.length === 1,
      () => seen,
    );
    sub.unsubscribe();
    await bus.publish('x', 2);
    await new Promise((r) => setTimeout(r, 200));
    expect(seen).toEqual([1]);
    await bus.close();
    await expect(bus.publish('x', 3)).rejects.toThrow(/closed/);
  });
});
