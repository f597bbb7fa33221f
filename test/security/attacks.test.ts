/**
 * Bad input and attack (issue 6): SQL injection strings are data, path traversal in a file name
 * is neutralised, an oversized body is a 413 problem, a cookie replayed after sign-out or kept
 * past its idle time or lifetime is refused, a forged one too, and asking for a case, alert,
 * device or photo outside one's jurisdiction answers 404 — exactly as for an id that does not
 * exist — so existence does not leak. Runs on the suite's dialect (SQLite, or PostgreSQL with
 * DATABASE_URL).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startTestPlatform, type TestPlatform, type TestSession } from '../support/platform.ts';

const INJECTIONS = [
  "' OR 1=1 --",
  "'; DROP TABLE users; --",
  '" OR ""="',
  "1' UNION SELECT password_hash FROM users --",
  '%27%20OR%201%3D1',
];
const SYSTEM = { id: 'system', roles: ['system'], scopePath: '/', unitId: null, system: true };
/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

let p: TestPlatform;
let huangpu: TestSession; // the demo dispatcher: 黄浦区
let pudongCase: string;
let pudongAlert: string;
const PUDONG_DEVICE = 'atk-wl-310115-0001';

beforeAll(async () => {
  p = await startTestPlatform();
  huangpu = await signIn(p, 'dispatcher', p.accounts!.password);
  const pudong = p.geo.getByCode('310115')!;
  const [lon, lat] = pudong.center;
  pudongCase = (await p.cases.report({ source: 'hotline', category: 'E0104', description: '浦东的案件', location: { lon, lat } }, SYSTEM))
    .case.id;
  const now = p.clock.now();
  const raised = await p.alerts.applySignals([
    {
      kind: 'raise',
      ruleId: 'attack-test',
      subjectKey: 'pudong-1',
      deviceId: null,
      level: 'orange',
      value: 31,
      message: '浦东积水',
      jurisdictionPath: pudong.path,
      jurisdictionId: pudong.id,
      location: pudong.center,
      details: { caseCategory: 'E0599' },
      ts: now,
      receivedAt: now,
    },
  ]);
  pudongAlert = raised.events[0]!.alert.id;
  await p.sensing.createDevice({ id: PUDONG_DEVICE, type: 'water_level_gauge', lon, lat }, '/');
});
afterAll(async () => p?.dispose());

const get = (url: string, s: TestSession | null = huangpu) => p.app.inject({ url, headers: s?.headers ?? {} });

describe('SQL injection', () => {
  it('is a wrong password at sign-in, not a way in', async () => {
    for (const username of INJECTIONS) {
      const res = await p.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username, password: "' OR '1'='1" } });
      expect(res.statusCode, username).toBe(401);
      expect(res.json()).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    }
  });

  it('is data in list filters and ids: nothing extra comes back and nothing breaks', async () => {
    for (const bad of INJECTIONS) {
      const q = encodeURIComponent(bad);
      for (const url of [`/api/v1/cases?unit=${q}`, `/api/v1/cases?category=${q.slice(0, 10)}`, `/api/v1/devices?tag=${q.slice(0, 40)}`]) {
        const res = await get(url);
        expect([200, 400], `${url}: ${res.body}`).toContain(res.statusCode);
        if (res.statusCode === 200) expect(res.json<{ items: unknown[] }>().items, url).toEqual([]);
      }
      for (const url of [`/api/v1/alerts?rule=${q}`, `/api/v1/units?jurisdiction=${q}`]) {
        const res = await get(url);
        expect(res.statusCode, `${url}: ${res.body}`).toBeLessThan(500);
        if (res.statusCode === 200) expect(res.json<{ items: unknown[] }>().items, url).toEqual([]);
      }
      for (const url of [`/api/v1/cases/${q}`, `/api/v1/alerts/${q}`, `/api/v1/devices/${q}`]) {
        // 404, or 400 where the id has a declared shape (device ids): never a 500, never a record.
        expect([400, 404], url).toContain((await get(url)).statusCode);
      }
    }
  });

  it('is stored and read back verbatim, and the tables are still there', async () => {
    const name = "Robert'); DROP TABLE users; --";
    const user = await p.directory.createUser({
      username: 'bobby_tables',
      displayName: name,
      password: 'Little-bobby-2026!',
      roles: ['dispatcher'],
      jurisdictionId: p.geo.getByCode('310101')!.id,
    });
    const admin = await signIn(p, 'admin', p.accounts!.password);
    const res = await get(`/api/v1/users/${user.id}`, admin);
    expect(res.json()).toMatchObject({ displayName: name });
    expect((await signIn(p, 'bobby_tables', 'Little-bobby-2026!')).cookie).toBeTruthy();
    const [lon, lat] = p.geo.getByCode('310101002')!.center;
    const filed = await p.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: huangpu.headers,
      payload: { category: 'E0104', description: INJECTIONS[1], location: { lon, lat, address: INJECTIONS[0] } },
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const id = filed.json<{ case: { id: string } }>().case.id;
    expect((await get(`/api/v1/cases/${id}`)).json()).toMatchObject({ description: INJECTIONS[1] });
  });
});

describe('path traversal in file names', () => {
  it('keeps only the last name of an uploaded photo; the file lives under attachments/ by its hash', async () => {
    for (const name of ['../../etc/passwd', '..\\..\\windows\\win.ini', '/etc/shadow', '..', 'a/../../b.png']) {
      const res = await p.app.inject({
        method: 'POST',
        url: `/api/v1/attachments?name=${encodeURIComponent(name)}`,
        headers: { ...huangpu.headers, 'content-type': 'image/png' },
        payload: PNG,
      });
      expect(res.statusCode, res.body).toBe(201);
      const stored = res.json<{ id: string; name: string; sha256: string }>();
      expect(stored.name, name).not.toMatch(/[\\/]|^\.\.?$/);
      const file = path.join(p.testDb.dataDir, 'attachments', stored.sha256.slice(0, 2), stored.sha256);
      expect(fs.existsSync(file)).toBe(true);
      const back = await get(`/api/v1/attachments/${stored.id}`);
      expect(back.statusCode).toBe(200);
      expect(String(back.headers['content-disposition'])).not.toContain('/');
    }
    expect(fs.existsSync(path.join(p.testDb.dataDir, '..', 'etc'))).toBe(false);
  });

  it('answers 404 to an id that tries to climb out', async () => {
    for (const id of ['..%2F..%2Fetc%2Fpasswd', '..%5C..%5Cwin.ini', '%2e%2e%2f%2e%2e%2fetc%2fpasswd']) {
      const res = await get(`/api/v1/attachments/${id}`);
      expect(res.statusCode, id).toBe(404);
    }
  });
});

describe('oversized bodies', () => {
  it('answer 413 as a problem naming the body, before any handler runs', async () => {
    const big = JSON.stringify({ category: 'E0104', description: 'x'.repeat(9 * 1024 * 1024), location: { lon: 121.48, lat: 31.23 } });
    const res = await p.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: { ...huangpu.headers, 'content-type': 'application/json' },
      payload: big,
    });
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', field: 'body' });
  });
});

describe('sessions', () => {
  it('a cookie replayed after sign-out is refused', async () => {
    const s = await signIn(p, 'shift_lead', p.accounts!.password);
    expect((await get('/api/v1/auth/me', s)).statusCode).toBe(200);
    expect((await p.app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: s.headers })).statusCode).toBe(200);
    const replay = await get('/api/v1/auth/me', s);
    expect(replay.statusCode).toBe(401);
    expect(replay.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await p.app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: s.headers })).statusCode).toBe(401);
  });

  it('a session idle past its timeout, or older than its lifetime, is refused', async () => {
    const idle = await signIn(p, 'intake', p.accounts!.password);
    p.clock.advance(30 * 60_000);
    expect((await get('/api/v1/auth/me', idle)).statusCode).toBe(401);

    const busy = await signIn(p, 'intake', p.accounts!.password);
    for (let t = 0; t < 12 * 60; t += 20) {
      expect((await get('/api/v1/auth/me', busy)).statusCode, `after ${t} min`).toBe(200);
      p.clock.advance(20 * 60_000);
    }
    expect((await get('/api/v1/auth/me', busy)).statusCode).toBe(401);
  });

  it('a forged cookie or a wrong CSRF token gets nowhere', async () => {
    const forged = { cookie: 'cityops_session=' + 'A'.repeat(43), 'x-csrf-token': 'x', csrfToken: 'x' };
    expect((await p.app.inject({ url: '/api/v1/auth/me', headers: { cookie: forged.cookie } })).statusCode).toBe(401);
    const s = await signIn(p, 'dispatcher', p.accounts!.password);
    const res = await p.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-out',
      headers: { cookie: s.cookie, 'x-csrf-token': `${s.csrfToken}x` },
    });
    expect(res.json()).toMatchObject({ code: 'CSRF_TOKEN_INVALID' });
  });
});

describe('IDOR: records outside the caller’s jurisdiction', () => {
  it('answer 404 like ids that do not exist, for cases, their parts, alerts and devices', async () => {
    const s = await signIn(p, 'dispatcher', p.accounts!.password);
    const pairs: Array<[string, string]> = [
      [`/api/v1/cases/${pudongCase}`, '/api/v1/cases/0190c0de-0000-7000-8000-000000000000'],
      [`/api/v1/cases/${pudongCase}/timeline`, '/api/v1/cases/0190c0de-0000-7000-8000-000000000000/timeline'],
      [`/api/v1/cases/${pudongCase}/reporter`, '/api/v1/cases/0190c0de-0000-7000-8000-000000000000/reporter'],
      [`/api/v1/alerts/${pudongAlert}`, '/api/v1/alerts/0190c0de-0000-7000-8000-000000000000'],
      [`/api/v1/devices/${PUDONG_DEVICE}`, '/api/v1/devices/atk-no-such-device'],
    ];
    for (const [outside, missing] of pairs) {
      const a = await get(outside, s);
      const b = await get(missing, s);
      expect(a.statusCode, `${outside}: ${a.body}`).toBe(404);
      expect(b.statusCode, missing).toBe(404);
      // The same problem, word for word: neither the status nor the code tells that it exists.
      const problem = (r: typeof a) => ({ ...r.json<Record<string, unknown>>(), instance: undefined });
      expect(problem(a), outside).toEqual(problem(b));
      expect(a.body, outside).not.toMatch(/forbidden|outside|scope|jurisdiction/i);
    }
    // The control: the same records are there for a caller whose jurisdiction covers them.
    await p.directory.createUser({
      username: 'atk_city',
      displayName: 'city shift lead',
      password: 'City-shift-2026!',
      roles: ['shift_lead'],
      jurisdictionId: p.geo.getByCode('310000')!.id,
    });
    const city = await signIn(p, 'atk_city', 'City-shift-2026!');
    for (const [outside] of pairs) expect((await get(outside, city)).statusCode, outside).toBe(200);
    const command = await p.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${pudongCase}/commands`,
      headers: s.headers,
      payload: { type: 'file' },
    });
    expect(command.statusCode).toBe(404);
  });
});
