/**
 * Signed webhooks over HTTP on the demo city, with a real receiving system (a local node:http
 * server): a unit's system gets its case events signed and verifiable, only of its cases and of
 * the types it asked for; a failing receiver is retried on the schedule as the clock moves, then
 * the delivery is a dead letter, which can be sent again; another unit hears nothing; the
 * secret is shown once.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/directory/demo-directory.ts';
import { CASES_SUBJECT, type CaseBusEvent } from '../../src/cases/case-types.ts';
import { RETRY_DELAYS_MS, type WebhookPayload } from '../../src/cases/webhook-model.ts';
import { WEBHOOK_HEADERS, verifySignature } from '../../src/platform/delivery/signature.ts';
import { signIn, startTestPlatform, type TestPlatform, type TestSession } from '../support/platform.ts';

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

let p: TestPlatform;
let server: http.Server;
let base: string;
const received: Received[] = [];
/** Status the receiver answers per path (default 200). */
const answers = new Map<string, number>();
const events: CaseBusEvent[] = [];
const s: Record<string, TestSession> = {};
let spot: [number, number];

const at = (path: string) => received.filter((r) => r.path === path);

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '';
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = answers.get(path) ?? 200;
      res.end(res.statusCode >= 300 ? 'receiver is down' : 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  p = await startTestPlatform();
  p.bus.subscribe<CaseBusEvent>(CASES_SUBJECT, (m) => void events.push(m.data));
  for (const u of ['admin', 'shift_lead', 'inspector', 'dispatcher_nanjing', 'handler_enforcement'])
    s[u] = await signIn(p, u, DEMO_PASSWORD);
  spot = p.geo.getByCode('310101002')!.center;
}, 120_000);
afterAll(async () => {
  await p?.dispose();
  await new Promise((resolve) => server?.close(resolve));
});

const unit = (code: string) => p.directory.getUnitByCode(code)!.id;

async function subscribe(user: string, body: Record<string, unknown>) {
  return p.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: s[user]!.headers, payload: body });
}

async function hook(user: string, unitCode: string, path: string, eventTypes?: string[]): Promise<{ id: string; secret: string }> {
  const res = await subscribe(user, { unitId: unit(unitCode), url: `${base}${path}`, ...(eventTypes ? { eventTypes } : {}) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string; secret: string }>();
}

/** Reports a case in 南京东路街道 and dispatches it to the street's enforcement squad; returns its id. */
let reported = 0;
async function dispatchedCase(): Promise<string> {
  // ~90 m apart on a small grid, so no report is merged into an earlier one as a duplicate (radius 50 m).
  const n = reported++;
  const location = { lon: spot[0] + (n % 3) * 0.0009, lat: spot[1] + Math.floor(n / 3) * 0.0009 };
  const rep = await p.app.inject({
    method: 'POST',
    url: '/api/v1/cases',
    headers: s.inspector!.headers,
    payload: { category: 'E0101', description: 'webhook test', location },
  });
  expect(rep.statusCode, rep.body).toBe(201);
  const id = rep.json<{ case: { id: string } }>().case.id;
  await command('dispatcher_nanjing', id, { type: 'file' });
  await command('dispatcher_nanjing', id, { type: 'dispatch', unitId: unit('D-310101002-enforcement') });
  return id;
}

async function command(user: string, id: string, body: Record<string, unknown>): Promise<void> {
  const res = await p.app.inject({ method: 'POST', url: `/api/v1/cases/${id}/commands`, headers: s[user]!.headers, payload: body });
  expect(res.statusCode, `${String(body.type)}: ${res.body}`).toBe(200);
}

/** The deliveries a case's events made to `path`, as the receiver decoded them. */
function payloadsAt(path: string, caseId: string): WebhookPayload[] {
  return at(path)
    .map((r) => JSON.parse(r.body) as WebhookPayload)
    .filter((b) => b.case.id === caseId);
}

describe('signed webhooks', () => {
  let squad: { id: string; secret: string };

  it('subscribes a unit in the caller’s scope, shows the secret once, refuses bad URLs and other districts', async () => {
    squad = await hook('shift_lead', 'D-310101002-enforcement', '/squad');
    expect(squad.secret.length).toBeGreaterThanOrEqual(32);
    const list = await p.app.inject({ method: 'GET', url: '/api/v1/webhooks', headers: s.shift_lead!.headers });
    expect(list.statusCode, list.body).toBe(200);
    const items = list.json<{ items: Array<Record<string, unknown>> }>().items;
    expect(items.map((w) => w.id)).toContain(squad.id);
    for (const w of items) expect(w).not.toHaveProperty('secret');

    const bad = await subscribe('shift_lead', { unitId: unit('D-310101002-enforcement'), url: 'ftp://example.com/x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ code: string }>().code).toBe('WEBHOOK_URL_INVALID');
    // 浦东新区's water bureau lies outside the 黄浦区 shift lead's jurisdiction.
    const outside = await subscribe('shift_lead', { unitId: unit('D-310115-water'), url: `${base}/pudong` });
    expect(outside.statusCode).toBe(403);
    const handler = await subscribe('handler_enforcement', { unitId: unit('D-310101002-enforcement'), url: `${base}/x` });
    expect(handler.statusCode).toBe(403);
  });

  it('POSTs the unit’s case events signed; only listed types; another unit hears nothing; a bus redelivery is sent once', async () => {
    const acceptedOnly = await hook('admin', 'D-310101002-enforcement', '/accepted-only', ['case.accepted']);
    await hook('admin', 'D-310101-water', '/water');
    await hook('admin', 'D-310115-water', '/pudong');
    const id = await dispatchedCase();
    await command('handler_enforcement', id, { type: 'accept' });
    await p.webhooks.deliverDue();

    expect(payloadsAt('/squad', id).map((b) => b.type)).toEqual(['case.dispatched', 'case.accepted']);
    for (const r of at('/squad').filter((x) => (JSON.parse(x.body) as WebhookPayload).case.id === id)) {
      const timestamp = r.headers[WEBHOOK_HEADERS.timestamp] as string;
      const signature = r.headers[WEBHOOK_HEADERS.signature] as string;
      expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
      expect(verifySignature(squad.secret, { timestamp, body: r.body, signature, now: p.clock.now() })).toBe(true);
      expect(verifySignature(acceptedOnly.secret, { timestamp, body: r.body, signature, now: p.clock.now() })).toBe(false);
      const body = JSON.parse(r.body) as WebhookPayload;
      expect(r.headers[WEBHOOK_HEADERS.event]).toBe(body.type);
      expect(r.headers['content-type']).toBe('application/json');
      expect(body.case.unitId).toBe(unit('D-310101002-enforcement'));
      expect(body.entry.caseId).toBe(id);
    }
    const acc = at('/accepted-only');
    expect(acc.map((r) => (JSON.parse(r.body) as WebhookPayload).type)).toEqual(['case.accepted']);
    expect(verifySignature(acceptedOnly.secret, { ...headersOf(acc[0]!), body: acc[0]!.body, now: p.clock.now() })).toBe(true);
    expect(at('/water')).toEqual([]);
    expect(at('/pudong')).toEqual([]);

    // The bus delivers the dispatch event again (a republish after a crash): it is not sent twice.
    const dispatched = events.find((e) => e.case.id === id && e.type === 'case.dispatched')!;
    const deliveryId = at('/squad').find((r) => (JSON.parse(r.body) as WebhookPayload).eventId === dispatched.eventId)!.headers[
      WEBHOOK_HEADERS.delivery
    ];
    await p.bus.publish(CASES_SUBJECT, dispatched);
    await p.webhooks.deliverDue();
    expect(payloadsAt('/squad', id)).toHaveLength(2);
    expect((await p.webhooks.deliveriesOf(dispatched.eventId)).map((d) => [d.id, d.state])).toEqual([[deliveryId, 'delivered']]);
  });

  it('tells a unit that a case was returned from it', async () => {
    const id = await dispatchedCase();
    await command('handler_enforcement', id, { type: 'return', reason: 'not ours' });
    await p.webhooks.deliverDue();
    const returned = payloadsAt('/squad', id).at(-1)!;
    expect(returned.type).toBe('case.returned');
    expect(returned.case.unitId).toBeNull();
    expect(returned.entry.before.unitId).toBe(unit('D-310101002-enforcement'));
  });

  it('retries a failing receiver on the schedule, then keeps a dead letter that can be sent again', async () => {
    answers.set('/down', 500);
    const down = await hook('shift_lead', 'D-310101002-enforcement', '/down', ['case.dispatched']);
    const id = await dispatchedCase();
    await p.webhooks.deliverDue();
    expect(payloadsAt('/down', id)).toHaveLength(1);
    for (let n = 1; n < 8; n++) {
      const wait = RETRY_DELAYS_MS[Math.min(n, RETRY_DELAYS_MS.length) - 1]!;
      p.clock.advance(wait - 1);
      await p.webhooks.deliverDue();
      expect(payloadsAt('/down', id), `attempt ${n + 1} not before its time`).toHaveLength(n);
      p.clock.advance(1);
      await p.webhooks.deliverDue();
      expect(payloadsAt('/down', id), `attempt ${n + 1}`).toHaveLength(n + 1);
    }
    p.clock.advance(24 * 3_600_000);
    await p.webhooks.deliverDue();
    expect(payloadsAt('/down', id)).toHaveLength(8);

    // Hours went by: sessions idled out; sign in again.
    s.shift_lead = await signIn(p, 'shift_lead', DEMO_PASSWORD);
    const dead = await p.app.inject({ method: 'GET', url: '/api/v1/webhooks/dead-letters', headers: s.shift_lead.headers });
    expect(dead.statusCode, dead.body).toBe(200);
    const letters = dead.json<{
      items: Array<{ id: string; subscriptionId: string; attempts: number; lastStatus: number; lastError: string; caseId: string }>;
    }>();
    const letter = letters.items.find((d) => d.subscriptionId === down.id && d.caseId === id)!;
    expect(letter).toMatchObject({ attempts: 8, lastStatus: 500, lastError: 'HTTP 500: receiver is down', state: 'dead' });

    answers.set('/down', 204);
    const retry = await p.app.inject({
      method: 'POST',
      url: `/api/v1/webhooks/deliveries/${letter.id}/retry`,
      headers: s.shift_lead.headers,
    });
    expect(retry.statusCode, retry.body).toBe(200);
    expect(retry.json()).toMatchObject({ state: 'pending', attempts: 0 });
    const again = await p.app.inject({
      method: 'POST',
      url: `/api/v1/webhooks/deliveries/${letter.id}/retry`,
      headers: s.shift_lead.headers,
    });
    expect(again.statusCode).toBe(409);
    await p.webhooks.deliverDue();
    expect(payloadsAt('/down', id)).toHaveLength(9);
    expect(await p.webhooks.delivery(letter.id)).toMatchObject({ state: 'delivered', attempts: 1, lastStatus: 204 });
    const after = await p.app.inject({ method: 'GET', url: '/api/v1/webhooks/dead-letters', headers: s.shift_lead.headers });
    expect(after.json<{ items: Array<{ id: string }> }>().items.map((d) => d.id)).not.toContain(letter.id);
  });

  it('removes a webhook in scope (404 outside it) and sends it nothing more', async () => {
    s.shift_lead = await signIn(p, 'shift_lead', DEMO_PASSWORD);
    s.admin = await signIn(p, 'admin', DEMO_PASSWORD);
    for (const u of ['inspector', 'dispatcher_nanjing', 'handler_enforcement']) s[u] = await signIn(p, u, DEMO_PASSWORD);
    const pudong = (await p.webhooks.list(() => true)).find((w) => w.url === `${base}/pudong`)!;
    const hidden = await p.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${pudong.id}`, headers: s.shift_lead.headers });
    expect(hidden.statusCode).toBe(404);
    const gone = await p.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${squad.id}`, headers: s.shift_lead.headers });
    expect(gone.statusCode).toBe(204);
    const before = at('/squad').length;
    await dispatchedCase();
    await p.webhooks.deliverDue();
    expect(at('/squad')).toHaveLength(before);
    expect((await p.webhooks.list(() => true)).map((w) => w.id)).not.toContain(squad.id);
  });
});

function headersOf(r: Received): { timestamp: string; signature: string } {
  return { timestamp: r.headers[WEBHOOK_HEADERS.timestamp] as string, signature: r.headers[WEBHOOK_HEADERS.signature] as string };
}
