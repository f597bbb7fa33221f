/**
 * Open311 GeoReport v2 at /open311/v2, driven over HTTP in JSON and XML on the suite's
 * database: every JSON answer validated against the spec's schemas, every XML answer read back
 * to the same structure, the errors' format and statuses, api keys, tokens, filters and the
 * spec's defaults, duplicates, and the servicerequestupdates extension.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, signIn, type TestPlatform } from '../support/platform.ts';
import { OPEN311_ROUTES } from '../../src/public/open311/routes.ts';
import { asXmlText, expectValid, fromXml } from './open311-harness.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
const DAY = 86_400_000;
let p: TestPlatform;
let key = '';
let ip = 0;
/** 南京东路街道's centre, and a point `i` steps east of it (40 m apart: no accidental duplicates). */
let origin: [number, number] = [0, 0];
const spot = (i: number): { lat: number; long: number } => ({ lat: origin[1], long: origin[0] + i * 0.0004 });

const get = (url: string) => p.app.inject({ method: 'GET', url });
/** Posts a form as the spec sends it; each call from its own address (the citizen core limits per IP). */
const postForm = (fields: Record<string, string | number>, ext = 'json') =>
  p.app.inject({
    method: 'POST',
    url: `/open311/v2/requests.${ext}`,
    headers: FORM,
    remoteAddress: `10.0.0.${++ip}`,
    payload: new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)] as [string, string])).toString(),
  });

/** Both formats of a GET: the JSON valid against `schema`, the XML the same structure. */
async function both(path: string, schema: Parameters<typeof expectValid>[0], root: string, item?: string): Promise<unknown> {
  const json = await get(`/open311/v2/${path.replace('{f}', 'json')}`);
  expect(json.statusCode, json.body).toBe(200);
  expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
  const body: unknown = json.json();
  expectValid(schema, body);
  const xml = await get(`/open311/v2/${path.replace('{f}', 'xml')}`);
  expect(xml.statusCode, xml.body).toBe(200);
  expect(xml.headers['content-type']).toBe('text/xml; charset=utf-8');
  expect(fromXml(xml.body, root, item)).toEqual(asXmlText(body));
  return body;
}

/** An error answer in both formats: status, the spec's shape, and the description. */
async function expectError(
  res: { statusCode: number; body: string; headers: Record<string, unknown> },
  status: number,
  words: RegExp,
  format: 'json' | 'xml' = 'json',
) {
  expect(res.statusCode, res.body).toBe(status);
  const errors = format === 'json' ? (JSON.parse(res.body) as unknown) : fromXml(res.body, 'errors', 'error');
  if (format === 'json') expectValid('errors', errors);
  const list = errors as { code: number | string; description: string }[];
  expect(String(list[0]!.code)).toBe(String(status));
  expect(list.map((e) => e.description).join(' | ')).toMatch(words);
}

beforeAll(async () => {
  p = await startTestPlatform();
  origin = p.geo.getByCode('310101002')!.center;
  key = (await p.open311Keys.create({ name: 'test-client' }, { kind: 'system', name: 'test' })).key;
});
afterAll(async () => p?.dispose());

describe('Open311 discovery, services and definitions', () => {
  it('serves exactly the spec resources, and answers other paths with an Open311 404', async () => {
    for (const r of OPEN311_ROUTES) {
      const [method, url] = r.split(' ') as ['GET' | 'POST', string];
      expect(p.app.hasRoute({ method, url }), r).toBe(true);
    }
    await expectError(await get('/open311/v2/nothing.json'), 404, /no such resource/);
    await expectError(await get('/open311/v2/services.csv'), 404, /\.json or \.xml/, 'xml');
  });

  it('discovery: the endpoint, its formats and changeset, in both formats', async () => {
    const d = (await both('discovery.{f}', 'discovery', 'discovery')) as { endpoints: { url: string; formats: string[] }[] };
    expect(d.endpoints[0]!.url).toMatch(/\/open311\/v2$/);
    expect(d.endpoints[0]!.formats).toEqual(['text/xml', 'application/json']);
  });

  it('services: one per small class of the catalogue, grouped by big class', async () => {
    const list = (await both('services.{f}', 'services', 'services', 'service')) as {
      service_code: string;
      metadata: boolean;
      group: string;
      type: string;
    }[];
    expect(list).toHaveLength(117);
    expect(list.find((s) => s.service_code === 'P0101')).toMatchObject({ metadata: true, group: '部件·公用设施', type: 'realtime' });
    expect(list.find((s) => s.service_code === 'E0101')).toMatchObject({ metadata: false, group: '事件·市容环境' });
  });

  it('a definition lists its attributes; an unknown service or jurisdiction is 404; the city id or its code is accepted', async () => {
    const def = (await both('services/P0101.{f}?jurisdiction_id=shanghai.cityops', 'definition', 'service_definition')) as {
      attributes: { code: string; datatype: string; required: boolean; values: { key: string }[] }[];
    };
    expect(def.attributes[0]).toMatchObject({ code: 'cover_state', datatype: 'singlevaluelist', required: true });
    expect(def.attributes[0]!.values.map((v) => v.key)).toContain('missing');
    expect(await both('services/E0101.{f}?jurisdiction_id=310000', 'definition', 'service_definition')).toEqual({
      service_code: 'E0101',
      attributes: [],
    });
    await expectError(await get('/open311/v2/services/P9999.json'), 404, /service_code P9999/);
    await expectError(await get('/open311/v2/services/P9999.xml'), 404, /service_code P9999/, 'xml');
    await expectError(await get('/open311/v2/services.json?jurisdiction_id=sfgov.org'), 404, /jurisdiction_id sfgov.org/);
  });
});

describe('Open311 POST requests', () => {
  it('needs an api_key: missing, wrong or revoked keys are 403 in the spec format', async () => {
    const fields = { service_code: 'E0101', ...spot(0), description: '违章搭建' };
    await expectError(await postForm(fields), 403, /api_key is required/);
    await expectError(await postForm({ ...fields, api_key: 'o311_wrong' }, 'xml'), 403, /Invalid api_key/, 'xml');
    const revoked = await p.open311Keys.create({ name: 'revoked-client' }, { kind: 'system', name: 'test' });
    await p.open311Keys.revoke(revoked.record.id, { kind: 'system', name: 'test' });
    await expectError(await postForm({ ...fields, api_key: revoked.key }), 403, /Invalid api_key/);
  });

  it('refuses missing or wrong fields with 400 (404 for an unknown service), naming them', async () => {
    await expectError(await postForm({ api_key: key, service_code: 'E0101' }), 400, /a location is required/);
    await expectError(await postForm({ api_key: key, service_code: 'E0101', lat: 31.2 }), 400, /lat and long must be sent together/);
    await expectError(
      await postForm({ api_key: key, service_code: 'E0101', lat: 'north', long: 121.4 }),
      400,
      /lat must be a decimal number/,
    );
    await expectError(
      await postForm({ api_key: key, service_code: 'E0101', ...spot(0), email: 'nope' }),
      400,
      /email is not an email address/,
    );
    await expectError(await postForm({ api_key: key, service_code: 'E0101', ...spot(0), description: 'x'.repeat(4001) }), 400, /4,000/);
    await expectError(await postForm({ api_key: key, service_code: 'P9999', ...spot(0) }), 404, /service_code P9999/);
    await expectError(await postForm({ api_key: key, service_code: 'P0101', ...spot(0) }), 400, /attribute\[cover_state\] is required/);
    await expectError(
      await postForm({ api_key: key, service_code: 'P0101', ...spot(0), 'attribute[cover_state]': 'gone' }),
      400,
      /no option "gone"/,
    );
    await expectError(
      await postForm({ api_key: key, service_code: 'P0101', ...spot(0), 'attribute[colour]': 'red', 'attribute[cover_state]': 'missing' }),
      400,
      /attribute\[colour\] is not an attribute/,
    );
    await expectError(
      await postForm({ api_key: key, service_code: 'E0101', lat: 39.9, long: 116.4, description: '北京' }, 'xml'),
      400,
      /lat\/long|city|outside/i,
      'xml',
    );
    const notForm = await p.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'content-type': 'application/json' },
      payload: '{"api_key":',
    });
    await expectError(notForm, 400, /JSON|json|body/);
  });

  it('files a form-encoded request with attributes, contact and media_url, and reads it back in both formats', async () => {
    const res = await postForm({
      api_key: key,
      jurisdiction_id: 'shanghai.cityops',
      service_code: 'P0101',
      ...spot(1),
      'attribute[cover_state]': 'missing',
      description: '井盖缺失，路口很危险',
      first_name: '三',
      last_name: '张',
      phone: '13800001111',
      account_id: 'acct-42',
      media_url: 'https://example.org/p/1.jpg',
    });
    expect(res.statusCode, res.body).toBe(200);
    const answer = res.json<{ service_request_id: string; service_notice: string; account_id: string }[]>();
    expectValid('postAnswer', answer);
    expect(answer[0]).toMatchObject({ account_id: 'acct-42', service_notice: expect.stringContaining(answer[0]!.service_request_id) });
    const id = answer[0]!.service_request_id;
    expect(id).toMatch(/^310101-20261127-\d{4}$/);
    const one = (await both(`requests/${id}.{f}`, 'requests', 'service_requests', 'request')) as Record<string, unknown>[];
    expect(one).toHaveLength(1);
    expectValid('request', one[0]);
    expect(one[0]).toMatchObject({
      service_request_id: id,
      status: 'open',
      service_code: 'P0101',
      service_name: '上水井盖',
      description: '井盖缺失，路口很危险',
      requested_datetime: '2026-11-27T10:00:00+08:00',
      lat: spot(1).lat,
      long: spot(1).long,
    });
    expect(JSON.stringify(one)).not.toMatch(/13800001111|张三/);
    await expectError(await get('/open311/v2/requests/310101-20261127-9999.json'), 404, /service_request_id 310101-20261127-9999/);
  });

  it('takes JSON too (attribute object), and an address_string or address_id instead of coordinates', async () => {
    const json = await p.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.xml',
      remoteAddress: '10.1.0.1',
      payload: { api_key: key, service_code: 'P0115', ...spot(3), attribute: { lamp_state: 'not_lit' }, description: '路灯不亮' },
    });
    expect(json.statusCode, json.body).toBe(200);
    const [answer] = fromXml(json.body, 'service_requests', 'request') as { service_request_id: string }[];
    expect(answer!.service_request_id).toMatch(/^310101-/);
    const street = p.geo.getByCode('310101002')!;
    const byAddress = await postForm({
      api_key: key,
      service_code: 'E0102',
      address_string: `${street.name} 某路口`,
      description: '暴露垃圾',
    });
    expect(byAddress.statusCode, byAddress.body).toBe(200);
    const [placed] = (
      await get(`/open311/v2/requests/${byAddress.json<{ service_request_id: string }[]>()[0]!.service_request_id}.json`)
    ).json<{ lat: number; long: number; address: string }[]>();
    expect([placed!.long, placed!.lat]).toEqual(street.center);
    const byId = await postForm({ api_key: key, service_code: 'E0105', address_id: '310101002', description: '占道' });
    expect(byId.statusCode, byId.body).toBe(200);
    await expectError(
      await postForm({ api_key: key, service_code: 'E0102', address_string: 'somewhere nice' }),
      400,
      /address_string names no place/,
    );
  });

  it('a duplicate joins the master case and the citizen is told so', async () => {
    const first = await postForm({ api_key: key, service_code: 'E0103', ...spot(6), description: '道路遗撒' });
    const master = first.json<{ service_request_id: string }[]>()[0]!.service_request_id;
    const again = await postForm({ api_key: key, service_code: 'E0103', ...spot(6), description: '道路遗撒，还没有清理' });
    expect(again.statusCode, again.body).toBe(200);
    const [a] = again.json<{ service_request_id: string; service_notice: string }[]>();
    expect(a!.service_request_id).toBe(master);
    expect(a!.service_notice).toContain(`joined case ${master}`);
  });

  it('text with markup is held: a token first, the id once approved; shown escaped in XML', async () => {
    const res = await postForm({ api_key: key, service_code: 'E0104', ...spot(9), description: 'see <script>alert("x")</script> & more' });
    const [held] = res.json<{ token: string }[]>();
    expectValid('postAnswer', res.json());
    expect(held!.token).toBeTruthy();
    const before = await both(`tokens/${held!.token}.{f}`, 'tokenAnswer', 'service_requests', 'request');
    expect(before).toEqual([{ token: held!.token }]);
    const city = p.geo.getByCode('310000')!;
    const moderator = { userId: 'mod', username: 'moderator', scopePath: city.path };
    const queued = (await p.citizen.moderation.list('held', moderator)).find((s) => s.description.includes('<script>'))!;
    const filed = await p.citizen.moderation.approve(queued.id, moderator);
    const after = (await both(`tokens/${held!.token}.{f}`, 'tokenAnswer', 'service_requests', 'request')) as {
      service_request_id: string;
    }[];
    expect(after[0]!.service_request_id).toBe(filed.caseCode);
    const xml = (await get(`/open311/v2/requests/${filed.caseCode}.xml`)).body;
    expect(xml).not.toContain('<script>');
    expect(xml).toContain('&lt;script&gt;');
    await expectError(await get('/open311/v2/tokens/no-such-token.json'), 404, /token was not found/);
  });

  it('a key bound to a jurisdiction reports only inside it', async () => {
    const pudong = await p.open311Keys.create({ name: 'pudong-app', jurisdiction: '310115' }, { kind: 'system', name: 'test' });
    await expectError(
      await postForm({ api_key: pudong.key, service_code: 'E0101', ...spot(12), description: '违建' }),
      403,
      /only inside its jurisdiction/,
    );
  });
});

describe('Open311 api keys for admins', () => {
  it('a city admin makes a key (shown once) that works, lists keys without secrets, and revokes it', async () => {
    const admin = await signIn(p, p.accounts!.users.find((u) => u.role === 'admin')!.username, p.accounts!.password);
    const made = await p.app.inject({
      method: 'POST',
      url: '/api/v1/open311/keys',
      headers: admin.headers,
      payload: { name: 'district-portal' },
    });
    expect(made.statusCode, made.body).toBe(201);
    const { id, key: secret } = made.json<{ id: string; key: string }>();
    expect(secret).toMatch(/^o311_/);
    const list = await p.app.inject({ method: 'GET', url: '/api/v1/open311/keys', headers: admin.headers });
    expect(list.body).not.toContain(secret);
    expect(list.json<{ items: { name: string }[] }>().items.map((k) => k.name)).toContain('district-portal');
    const ok = await postForm({ api_key: secret, service_code: 'E0108', ...spot(24), description: '测试' });
    expect(ok.statusCode, ok.body).toBe(200);
    const revoked = await p.app.inject({ method: 'POST', url: `/api/v1/open311/keys/${id}/revoke`, headers: admin.headers, payload: {} });
    expect(revoked.json()).toMatchObject({ id, revokedAt: expect.any(Number) });
    await expectError(await postForm({ api_key: secret, service_code: 'E0108', ...spot(25) }), 403, /Invalid api_key/);
    const anonymous = await p.app.inject({ method: 'POST', url: '/api/v1/open311/keys', payload: { name: 'x' } });
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('Open311 GET requests and servicerequestupdates', () => {
  it('filters by ids (overriding the rest), service codes, status and dates; the default window is the last 90 days', async () => {
    const old = await postForm({ api_key: key, service_code: 'E0106', ...spot(15), description: '旧的报告' });
    const oldId = old.json<{ service_request_id: string }[]>()[0]!.service_request_id;
    p.clock.advance(91 * DAY);
    const fresh = await postForm({ api_key: key, service_code: 'E0106', ...spot(16), description: '新的报告' });
    const freshId = fresh.json<{ service_request_id: string }[]>()[0]!.service_request_id;
    const ids = (list: unknown) => (list as { service_request_id: string }[]).map((r) => r.service_request_id);

    const recent = await both('requests.{f}?service_code=E0106', 'requests', 'service_requests', 'request');
    expect(ids(recent)).toEqual([freshId]);
    const byIds = await both(
      `requests.{f}?service_request_id=${oldId},${freshId}&status=closed&service_code=P0101`,
      'requests',
      'service_requests',
      'request',
    );
    expect(ids(byIds).sort()).toEqual([oldId, freshId].sort());
    const then = await both(
      'requests.{f}?service_code=E0106,E0101&start_date=2026-11-27T00:00:00%2B08:00&end_date=2026-11-28T00:00:00%2B08:00',
      'requests',
      'service_requests',
      'request',
    );
    expect(ids(then)).toEqual([oldId]);
    expect(ids(await both('requests.{f}?service_code=E0106&status=closed', 'requests', 'service_requests', 'request'))).toEqual([]);
    expect(ids(await both('requests.{f}?service_code=E0106&status=open,closed', 'requests', 'service_requests', 'request'))).toEqual([
      freshId,
    ]);
    await expectError(await get('/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-12-01T00:00:00Z'), 400, /90 days/);
    await expectError(await get('/open311/v2/requests.xml?start_date=yesterday'), 400, /start_date must be a W3C date/, 'xml');
    await expectError(await get('/open311/v2/requests.json?status=pending'), 400, /status "pending"/);
  });

  it('servicerequestupdates: the status history of named requests, and of those changed in a window', async () => {
    const res = await postForm({ api_key: key, service_code: 'E0107', ...spot(20), description: '乱设摊' });
    const id = res.json<{ service_request_id: string }[]>()[0]!.service_request_id;
    const named = (await both(
      `servicerequestupdates.{f}?service_request_id=${id}`,
      'updates',
      'service_requests_updates',
      'request_update',
    )) as {
      service_request_id: string;
      status: string;
    }[];
    expect(named.length).toBeGreaterThan(0);
    expect(named.every((u) => u.service_request_id === id && u.status === 'open')).toBe(true);
    const recent = (await both('servicerequestupdates.{f}', 'updates', 'service_requests_updates', 'request_update')) as {
      service_request_id: string;
    }[];
    expect(recent.map((u) => u.service_request_id)).toContain(id);
    const past = (await both(
      'servicerequestupdates.{f}?end_date=2026-11-01T00:00:00%2B08:00',
      'updates',
      'service_requests_updates',
      'request_update',
    )) as unknown[];
    expect(past).toEqual([]);
  });
});
