/**
 * A GeoReport v2 client written only from the specification (wiki.open311.org): it knows the
 * discovery URL and nothing else, speaks XML (the spec's required format), finds the endpoint
 * and its formats by discovery, lists services, reads a definition when `metadata` says so,
 * posts a form-encoded request, follows a token to an id when it gets one, and reads the
 * request back — then, as the city closes the case, sees status, status_notes,
 * agency_responsible and updated_datetime follow it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';
import type { Actor } from '../../src/cases/case-types.ts';

type Xml = Record<string, unknown>;

/** The client: GET/POST by URL, XML in and out, errors raised with the spec's description. */
function specClient(send: (method: 'GET' | 'POST', url: string, form?: string) => Promise<{ status: number; body: string }>) {
  const parser = new XMLParser({
    parseTagValue: false,
    isArray: (n) => ['service', 'request', 'endpoint', 'format', 'attribute', 'value', 'error'].includes(n),
  });
  const call = async (method: 'GET' | 'POST', url: string, form?: Record<string, string>): Promise<Xml> => {
    const res = await send(method, url, form && new URLSearchParams(form).toString());
    const doc = parser.parse(res.body) as Xml;
    if (res.status !== 200) throw new Error(`${res.status}: ${JSON.stringify(doc.errors)}`);
    return doc;
  };
  return {
    async discover(discoveryUrl: string) {
      const d = (await call('GET', discoveryUrl)).discovery as {
        endpoints: { endpoint: { specification: string; url: string; formats: { format: string[] } }[] };
      };
      const ep = d.endpoints.endpoint.find(
        (e) => e.specification === 'http://wiki.open311.org/GeoReport_v2' && e.formats.format.includes('text/xml'),
      )!;
      return ep.url;
    },
    services: async (base: string) => ((await call('GET', `${base}/services.xml`)).services as { service: Xml[] }).service,
    definition: async (base: string, code: string) =>
      (await call('GET', `${base}/services/${code}.xml`)).service_definition as { attributes: { attribute: Xml[] } },
    post: async (base: string, form: Record<string, string>) =>
      ((await call('POST', `${base}/requests.xml`, form)).service_requests as { request: Xml[] }).request[0]!,
    token: async (base: string, token: string) =>
      ((await call('GET', `${base}/tokens/${token}.xml`)).service_requests as { request: Xml[] }).request[0]!,
    request: async (base: string, id: string) =>
      ((await call('GET', `${base}/requests/${id}.xml`)).service_requests as { request: Xml[] }).request[0]!,
  };
}

let p: TestPlatform;
let apiKey = '';
beforeAll(async () => {
  p = await startTestPlatform();
  apiKey = (await p.open311Keys.create({ name: 'spec-client' }, { kind: 'system', name: 'test' })).key;
});
afterAll(async () => p?.dispose());

describe('a client written from the GeoReport v2 specification', () => {
  it('discovers, lists services, posts a request, reads it back, and sees it follow the case to closure', async () => {
    const client = specClient(async (method, url, form) => {
      const path = url.replace(/^https?:\/\/[^/]+/, '');
      const res = await p.app.inject({
        method,
        url: path,
        ...(form !== undefined ? { payload: form, headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' } } : {}),
      });
      return { status: res.statusCode, body: res.body };
    });
    const base = await client.discover('http://localhost/open311/v2/discovery.xml');
    const services = await client.services(base);
    const cover = services.find((s) => String(s.service_name).includes('井盖') && s.metadata === 'true')!;
    const def = await client.definition(base, String(cover.service_code));
    const question = def.attributes.attribute.find((a) => a.required === 'true')!;
    const answer = (question.values as { value: { key: string }[] }).value[0]!.key;
    const [lon, lat] = p.geo.getByCode('310101002')!.center;
    const posted = await client.post(base, {
      api_key: apiKey,
      service_code: String(cover.service_code),
      lat: String(lat),
      long: String(lon),
      [`attribute[${String(question.code)}]`]: answer,
      description: '井盖缺失',
    });
    const id = String(posted.service_request_id ?? (await client.token(base, String(posted.token))).service_request_id);
    const read = await client.request(base, id);
    expect(read).toMatchObject({ service_request_id: id, status: 'open', service_code: cover.service_code });

    // The city works the case to its end; the request follows.
    const system: Actor = { id: 'system', roles: [], scopePath: '/', unitId: null, system: true };
    const c = await p.cases.get(id, system);
    const unitId = p.directory.resolveResponsible(c.category, c.jurisdictionId)!.unit.id;
    const desk: Actor = { id: 'desk', roles: ['shift_lead', 'dispatcher'], scopePath: '/', unitId: null };
    const handler: Actor = { id: 'handler', roles: ['handler'], scopePath: '/', unitId };
    await p.cases.command(c.id, { type: 'file' }, desk);
    await p.cases.command(c.id, { type: 'dispatch', unitId }, desk);
    p.clock.advance(3_600_000);
    await p.cases.command(c.id, { type: 'accept' }, handler);
    await p.cases.command(c.id, { type: 'handle', result: '已补装井盖' }, handler);
    await p.cases.command(c.id, { type: 'verify', passed: true, note: 'ok' }, desk);
    await p.cases.command(c.id, { type: 'close' }, desk);
    const closed = await client.request(base, id);
    expect(closed.status).toBe('closed');
    expect(closed.agency_responsible).toBe(p.directory.getUnit(unitId)!.name);
    expect(closed.status_notes).not.toBe(read.status_notes);
    expect(String(closed.updated_datetime) > String(read.updated_datetime)).toBe(true);
    expect(String(closed.updated_datetime)).toMatch(/\+08:00$/);
  });
});
