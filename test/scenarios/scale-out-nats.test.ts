/**
 * Scale-out over NATS JetStream (DESIGN §5): two cityops "processes" on one database and one
 * NATS server, split by role as `cityops start --roles` splits them —
 * - process A (api, ingest): the HTTP app; takes the gateway's readings, stores them, publishes
 *   them on the bus; runs no pipeline;
 * - process B (rules, scheduler side): built after the demo city is in storage, its own database
 *   connection; runs the pipeline — rules engine, alerts, the cases' alert intake, the audit
 *   consumer — in work groups.
 * A gateway's back-filled readings posted to A raise the demo standing-water alert in B, whose
 * policy files a case (B), whose transitions the audit group logs (B) — all of it read back
 * through A. Needs a NATS server with JetStream (`NATS_TEST_URL`, default nats://127.0.0.1:4222);
 * skipped without one, except on CI. Each run has a stream of its own, deleted afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { loadConfig } from '../../src/config.ts';
import { buildPlatform, buildServices, type Platform, type Services } from '../../src/compose.ts';
import { loadDemo } from '../../src/demo/load-demo.ts';
import { manualClock } from '../../src/platform/clock.ts';
import { createDb } from '../../src/platform/db/create-db.ts';
import { signIn } from '../support/platform.ts';
import { openTestDb, type TestDb } from '../support/test-db.ts';

const NATS = process.env.NATS_TEST_URL ?? 'nats://127.0.0.1:4222';
const NANJING_EAST = { lon: 121.4837, lat: 31.2384 };
const MIN = 60_000;
const ENGINE = { tickMs: 0, snapshotMs: 0, rulesPollMs: 0 };

let available = false;
let testDb: TestDb | undefined;
let a: Platform | undefined;
let b: Services | undefined;
const stream = `T${Math.random().toString(36).slice(2, 10).toUpperCase()}`;

beforeAll(async () => {
  const nc = await connect({ servers: NATS, reconnect: false, timeout: 2_000 }).catch(() => null);
  available = nc !== null;
  await nc?.close();
  if (!available && process.env.CI) throw new Error(`no NATS server at ${NATS}; CI must start one (nats-server -js)`);
});

afterAll(async () => {
  await b?.close();
  await a?.close();
  await testDb?.cleanup();
  if (!available) return;
  const nc = await connect({ servers: NATS });
  await (await jetstreamManager(nc)).streams.delete(stream).catch(() => undefined);
  await nc.close();
});

/** Polls `read` until `done` holds for its value (10 s), returning the value. */
async function eventually<T>(read: () => Promise<T>, done: (v: T) => boolean, what: string): Promise<T> {
  const end = Date.now() + 10_000;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('scale-out over NATS', () => {
  it('readings taken by one process raise the alert, file the case and audit it in another', async (ctx) => {
    if (!available) return ctx.skip();
    testDb = await openTestDb();
    const clock = manualClock(Date.UTC(2026, 10, 27, 2, 0, 0));
    const config = loadConfig({}, { dataDir: testDb.dataDir, logLevel: 'silent', natsUrl: NATS, natsStream: stream });

    const servicesA = await buildServices(config, { clock, database: testDb.database, engineOptions: ENGINE });
    const { accounts } = await loadDemo(servicesA);
    a = await buildPlatform(servicesA);
    // Process B: its own connection to the same storage, as a second process would have.
    const databaseB = await createDb({
      dataDir: testDb.dataDir,
      databaseUrl: process.env.DATABASE_URL ?? null,
      databaseSchema: testDb.schema,
    });
    b = await buildServices(config, { clock, database: databaseB, engineOptions: ENGINE });
    await b.startPipeline();

    // A registers the gauge; B's registry hears of it on the bus (every process, no group).
    await a.sensing.createDevice({ id: 'wl-scale-1', type: 'water_level_gauge', ...NANJING_EAST }, '/');
    const processB = b;
    await eventually(
      async () => processB.sensing.deviceFacts('wl-scale-1') ?? null,
      (f) => f !== null,
      'process B to know the gauge',
    );

    // A gateway back-fills 40 minutes: over 15 cm from minute 10 on — the demo rule's 5 minutes pass at minute 15.
    const gatewayUser = (await a.directory.listUsers(a.geo.getByCode('310000')!.path)).find((u) => u.username === 'gateway')!;
    const token = await a.auth.createToken(gatewayUser.id, 'scale-out gateway', null);
    const t0 = clock.now() - 40 * MIN;
    const res = await a.app.inject({
      method: 'POST',
      url: '/api/v1/readings',
      headers: { authorization: `Bearer ${token.token}` },
      payload: [3, 18, 19, 20, 21].map((v, i) => ({ deviceId: 'wl-scale-1', ts: t0 + i * 10 * MIN, values: { water_level_cm: v } })),
    });
    expect(res.statusCode, res.body).toBe(200);

    const db = testDb.database.db;
    const alert = await eventually(
      () =>
        db
          .selectFrom('alerts')
          .selectAll()
          .where('device_id', '=', 'wl-scale-1')
          .where('rule_id', '=', 'demo-standing-water-level')
          .executeTakeFirst(),
      (row) => row !== undefined,
      'the alert raised by process B',
    );
    expect(alert).toMatchObject({ level: 'orange', state: 'raised' });

    // The demo policy files orange standing water as a case (B's alert intake, a work group);
    // the fresh database holds no other case from an alert.
    const filed = await eventually(
      () => db.selectFrom('cases').select(['id', 'source', 'category']).where('source', '=', 'alert').executeTakeFirst(),
      (row) => row !== undefined,
      'the case filed from the alert',
    );
    expect(filed).toMatchObject({ source: 'alert', category: 'E0401' });

    // Its transitions reach the audit chain through B's audit group.
    const logged = await eventually(
      () => db.selectFrom('audit_log').select(['action']).where('subject_id', '=', filed!.id).execute(),
      (rows) => rows.length > 0,
      "the case's audit entries",
    );
    expect(logged.map((r) => r.action).every((x) => x.startsWith('case.'))).toBe(true);
    // And A, which ran no pipeline, serves it all through its API.
    const admin = await signIn(a, 'admin', accounts.password);
    const caseRes = await a.app.inject({ method: 'GET', url: `/api/v1/cases/${filed!.id}`, headers: admin.headers });
    expect(caseRes.statusCode, caseRes.body).toBe(200);
    expect(caseRes.json()).toMatchObject({ source: 'alert', category: 'E0401', state: 'dispatched' });
  });
});
