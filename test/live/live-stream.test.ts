/**
 * The live feed over a real socket: the platform listens on a free port and a test EventSource
 * reads `/api/v1/live` as a browser would. Alerts are raised through the alerts service (as the
 * rules engine would), so the events go the whole way: store → bus → live ring → stream.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import type { Role } from '../../src/directory/roles.ts';
import { startTestPlatform, signIn, type TestPlatform, type TestSession } from '../support/platform.ts';
import { raiseTestAlert } from '../support/alerts.ts';
import type { RuleSignal } from '../../src/rules/signal-model.ts';
import type { LiveEvent } from '../../src/live/event-model.ts';
import { eventsOf, openSse, type SseClient } from './sse-client.ts';

const PASSWORD = 'Live-test-2026!';
const HOME = '310101'; // 黄浦区
const STREET = '310101002'; // 南京东路街道, in 黄浦区
const OTHER = '310115'; // 浦东新区

let p: TestPlatform;
let base: string;
let huangpu: TestSession;
let city: TestSession;
const open: SseClient[] = [];

async function user(code: string, role: Role): Promise<TestSession> {
  const username = `live_${role}_${code}`;
  await p.directory.createUser({
    username,
    displayName: username,
    password: PASSWORD,
    roles: [role],
    jurisdictionId: p.geo.getByCode(code)!.id,
  });
  return signIn(p, username, PASSWORD);
}

/** Raises a fresh alert at the centre of a jurisdiction; returns its event id. */
async function raise(code: string, level: RuleSignal['level'] = 'orange'): Promise<string> {
  return raiseTestAlert(p, code, level, 'live-test');
}

async function connect(session: TestSession, query = 'kpi=0', headers: Record<string, string> = {}): Promise<SseClient> {
  const c = await openSse(`${base}/api/v1/live?${query}`, { ...session.headers, ...headers });
  open.push(c);
  return c;
}

beforeAll(async () => {
  p = await startTestPlatform();
  await p.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(p.app.server.address() as AddressInfo).port}`;
  huangpu = await user(HOME, 'dispatcher');
  city = await user('310000', 'shift_lead');
});

let disposed = false;
afterAll(async () => {
  for (const c of open) c.close();
  if (!disposed) await p?.dispose();
});

describe('GET /api/v1/live', () => {
  it('streams an alert raised in scope within the batch window, as one batch message with the event id', async () => {
    const client = await connect(huangpu);
    expect(client.status).toBe(200);
    expect(client.headers['content-type']).toMatch(/^text\/event-stream/);
    const t0 = performance.now();
    const id = await raise(STREET);
    const m = await client.next((x) => x.event === 'batch' && x.data.includes(id));
    const latency = m.at - t0;
    // Stored, published, batched (≤ 100 ms) and read back: well within the screen's 1 s.
    expect(latency).toBeLessThan(1000);
    console.log(`live: alert raised → on the stream in ${latency.toFixed(0)} ms`);
    expect(m.id).toBe(id);
    const [e] = eventsOf<LiveEvent>([m]).filter((x) => x.id === id);
    expect(e).toMatchObject({ kind: 'alert', type: 'alert.raised', level: 'orange', state: 'raised', category: 'E0599' });
    expect(e!.path.startsWith(p.geo.getByCode(HOME)!.path)).toBe(true);
    expect([e!.lon, e!.lat]).toEqual(p.geo.getByCode(STREET)!.center);
  });

  it('sends nothing from outside the caller’s scope (or the narrower ?jurisdiction=)', async () => {
    const home = await connect(huangpu);
    const street = await connect(city, `kpi=0&jurisdiction=${STREET}`);
    const outside = await raise(OTHER);
    const inHome = await raise(HOME);
    const inStreet = await raise(STREET);
    // Events arrive in order: once the later in-scope ones are here, the earlier outside one would have been too.
    await home.next((m) => m.data.includes(inStreet));
    await street.next((m) => m.data.includes(inStreet));
    const homeIds = eventsOf(home.messages).map((e) => e.id);
    expect(homeIds).toContain(inHome);
    expect(homeIds).not.toContain(outside);
    const streetEvents = eventsOf(street.messages);
    expect(streetEvents.map((e) => e.id)).not.toContain(inHome);
    for (const e of streetEvents) expect(e.path.startsWith(p.geo.getByCode(STREET)!.path)).toBe(true);
  });

  it('refuses a jurisdiction outside the caller’s scope', async () => {
    const res = await p.app.inject({ url: `/api/v1/live?once=1&jurisdiction=${OTHER}`, headers: huangpu.headers });
    expect(res.statusCode).toBe(403);
  });

  it('replays what a reconnecting browser missed after its Last-Event-ID, and nothing before', async () => {
    const first = await connect(huangpu);
    const seen = await raise(STREET);
    const m = await first.next((x) => x.data.includes(seen));
    first.close();
    const missed = [await raise(STREET), await raise(HOME, 'red')];
    const again = await connect(huangpu, 'kpi=0', { 'last-event-id': m.id! });
    await again.next((x) => x.data.includes(missed[1]!));
    const ids = eventsOf(again.messages).map((e) => e.id);
    expect(ids).toEqual(expect.arrayContaining(missed));
    expect(ids).not.toContain(seen);
    expect(again.messages.some((x) => x.event === 'resync')).toBe(false);
    // The same through ?since=<event id> (a page reload that kept the id) and one message per event with batch=0.
    const byQuery = await connect(huangpu, `kpi=0&batch=0&since=${m.id!}`);
    const perEvent = await byQuery.next((x) => x.id === missed[1]);
    expect(perEvent.event).toBe('alert');
  });

  it('replays from a time (?since=asOf of a layer fetched before) and polls with once=1', async () => {
    const layer = await p.app.inject({ url: '/api/v1/screen/alerts', headers: huangpu.headers });
    const asOf = layer.json<{ asOf: number }>().asOf;
    p.clock.advance(1000);
    const after = await raise(STREET);
    const poll = await p.app.inject({ url: `/api/v1/live?once=1&since=${asOf}`, headers: huangpu.headers });
    expect(poll.statusCode).toBe(200);
    expect(poll.body).toContain(after);
    expect(poll.body.startsWith('retry: ')).toBe(true);
  });

  it('replays half an hour for the feed but asks for a resync only when events after `need` are gone', async () => {
    const asOf = p.clock.now();
    const after = await raise(STREET);
    // The platform started moments ago: `since` lies before anything it knows, `need` does not.
    const screen = await connect(huangpu, `kpi=0&since=${asOf - 30 * 60_000}&need=${asOf}`);
    await screen.next((m) => m.data.includes(after));
    expect(screen.messages.some((m) => m.event === 'resync')).toBe(false);
    const behind = await connect(huangpu, `kpi=0&since=${asOf - 30 * 60_000}`);
    expect(JSON.parse((await behind.next((m) => m.event === 'resync')).data)).toMatchObject({ reason: 'since_too_old' });
  });

  it('tells a client whose Last-Event-ID it does not know to resync, then streams on', async () => {
    const client = await connect(huangpu, 'kpi=0', { 'last-event-id': 'no-such-event' });
    const r = await client.next((m) => m.event === 'resync');
    expect(JSON.parse(r.data)).toMatchObject({ reason: 'unknown_last_event_id' });
    const id = await raise(STREET);
    await client.next((m) => m.data.includes(id));
  });

  it('sends the KPIs of the client’s subtree every few seconds', async () => {
    const client = await connect(huangpu, 'kpi=1');
    const k = await client.next((m) => m.event === 'kpi');
    const kpis = JSON.parse(k.data) as { scopePath: string; alerts: { active: number } };
    expect(kpis.scopePath).toBe(p.geo.getByCode(HOME)!.path);
    expect(kpis.alerts.active).toBeGreaterThan(0);
  });

  it('ends open streams when the platform closes (the server does not wait on them)', async () => {
    const client = await connect(city, 'kpi=1');
    await client.next((m) => m.event === 'kpi');
    disposed = true;
    await p.dispose();
    await expect.poll(() => client.ended(), { timeout: 2000 }).toBe(true);
  });
});
