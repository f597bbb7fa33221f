import { describe, expect, it } from 'vitest';
import { isoTime, parseQueryTime } from './format-model.ts';
import { requestsQuery, timeWindow, WINDOW_MS } from './query-model.ts';
import { collectParams, fullName, parsePostFields } from './request-model.ts';
import { checkAttributes, listServices, serviceDefinition } from './services-model.ts';
import { placeFromAddress } from './address-model.ts';
import { toXml } from './render.ts';
import { toOpen311Error } from './errors.ts';
import { AppError } from '../../platform/errors.ts';

const TZ = 'Asia/Shanghai';
const NOW = Date.UTC(2026, 10, 27, 2, 0, 0);

describe('times', () => {
  it('are written with the city offset and read with or without one', () => {
    expect(isoTime(NOW, TZ)).toBe('2026-11-27T10:00:00+08:00');
    expect(parseQueryTime('2026-11-27T10:00:00+08:00', TZ)).toBe(NOW);
    expect(parseQueryTime('2026-11-27T02:00:00Z', TZ)).toBe(NOW);
    expect(parseQueryTime('2026-11-27', TZ)).toBe(Date.UTC(2026, 10, 26, 16));
    expect(parseQueryTime('last tuesday', TZ)).toBeNull();
  });
});

describe('GET requests filters', () => {
  it('default to the last 90 days; one bound sets the other 90 days away; more than 90 days is refused', () => {
    expect(timeWindow({}, NOW, TZ)).toEqual({ from: NOW - WINDOW_MS, to: NOW });
    expect(timeWindow({ start_date: '2026-01-01T00:00:00Z' }, NOW, TZ)).toEqual({
      from: Date.UTC(2026, 0, 1),
      to: Date.UTC(2026, 0, 1) + WINDOW_MS,
    });
    expect(timeWindow({ end_date: '2026-01-01T00:00:00Z' }, NOW, TZ)).toEqual({
      from: Date.UTC(2026, 0, 1) - WINDOW_MS,
      to: Date.UTC(2026, 0, 1),
    });
    expect(timeWindow({ start_date: '2026-01-01T00:00:00Z', end_date: '2026-06-01T00:00:00Z' }, NOW, TZ)).toEqual({
      problems: ['start_date and end_date may not span more than 90 days'],
    });
    expect(timeWindow({ start_date: '2026-02-01T00:00:00Z', end_date: '2026-01-01T00:00:00Z' }, NOW, TZ)).toHaveProperty('problems');
    // "Optional" means empty is the same as absent.
    expect(timeWindow({ start_date: '' }, NOW, TZ)).toEqual({ from: NOW - WINDOW_MS, to: NOW });
  });

  it('service_request_id overrides everything else; codes and statuses are comma lists', () => {
    expect(requestsQuery({ service_request_id: 'a,b', status: 'bogus', start_date: 'x' }, NOW, TZ)).toEqual({
      ok: true,
      query: { ids: ['a', 'b'], limit: 1000, order: 'newest' },
    });
    const q = requestsQuery({ service_code: 'P0101, E0101', status: ['open', 'closed'] }, NOW, TZ);
    expect(q).toMatchObject({ ok: true, query: { categories: ['P0101', 'E0101'], from: NOW - WINDOW_MS, to: NOW + 1, limit: 1000 } });
    expect(q.ok && q.query.status).toBeUndefined();
    expect(requestsQuery({ status: 'closed' }, NOW, TZ)).toMatchObject({ ok: true, query: { status: 'closed' } });
    expect(requestsQuery({ status: 'done' }, NOW, TZ)).toEqual({ ok: false, problems: ['status "done" is neither open nor closed'] });
  });
});

describe('POST parameters', () => {
  it('read attribute[code] and attribute[code][] (form) and an attribute object (JSON); later sources win', () => {
    expect(collectParams([{ api_key: 'q' }, { api_key: 'b', 'attribute[a]': 'x', 'attribute[m][]': ['1', '2'], lat: 31.2 }])).toEqual({
      fields: { api_key: 'b', lat: '31.2' },
      attributes: { a: 'x', m: ['1', '2'] },
    });
    expect(collectParams([{ attribute: { cover_state: 'missing' } }]).attributes).toEqual({ cover_state: 'missing' });
  });

  it('need a service code and a whole location; empty optional fields count as absent', () => {
    expect(parsePostFields({ service_code: 'P0101', lat: '31.2', long: '121.4', email: '' })).toMatchObject({
      ok: true,
      value: { lat: 31.2, long: 121.4 },
    });
    expect(parsePostFields({ service_code: 'P0101', address_string: '南京东路' }).ok).toBe(true);
    expect(parsePostFields({ service_code: 'P0101' })).toEqual({
      ok: false,
      problems: ['a location is required: lat and long, address_string or address_id'],
    });
    expect(parsePostFields({ lat: '91', long: '0' })).toMatchObject({
      ok: false,
      problems: expect.arrayContaining(['service_code is required', 'lat must be between -90 and 90']),
    });
    expect(parsePostFields({ service_code: 'P0101', lat: '1', long: '1', media_url: 'javascript:alert(1)' })).toMatchObject({
      ok: false,
      problems: ['media_url must be an http(s) URL'],
    });
  });

  it('put a Chinese family name first', () => {
    expect(fullName('三', '张')).toBe('张三');
    expect(fullName('John', 'Smith')).toBe('John Smith');
    expect(fullName(undefined, '李')).toBe('李');
    expect(fullName(undefined, undefined)).toBeNull();
  });
});

describe('services', () => {
  it('are the catalogue small classes; definitions check answers', () => {
    expect(listServices().every((s) => /^[PE]0\d{3}$/.test(s.service_code))).toBe(true);
    expect(serviceDefinition('E0101')).toEqual({ service_code: 'E0101', attributes: [] });
    expect(checkAttributes('P0101', { cover_state: 'missing' })).toEqual({ problems: [], values: { cover_state: 'missing' } });
    expect(checkAttributes('P0101', {}).problems).toEqual(['attribute[cover_state] is required for service P0101']);
    expect(checkAttributes('P0101', { cover_state: ['missing', 'broken'] }).problems).toEqual(['attribute[cover_state] takes one value']);
    expect(checkAttributes('E0102', {})).toEqual({ problems: [], values: {} });
  });
});

describe('places from addresses', () => {
  const places = [
    { id: 'd', code: '310101', name: '黄浦区', depth: 1, center: [1, 1] as [number, number] },
    { id: 's', code: '310101002', name: '南京东路街道', depth: 2, center: [2, 2] as [number, number] },
  ];
  it('take the most specific jurisdiction named', () => {
    expect(placeFromAddress('上海市黄浦区南京东路街道 100号', places)?.id).toBe('s');
    expect(placeFromAddress('黄浦区 某处', places)?.id).toBe('d');
    expect(placeFromAddress('nowhere', places)).toBeUndefined();
  });
});

describe('XML', () => {
  it('escapes text, drops characters XML cannot carry, writes null as an empty element and an empty list as an empty root', () => {
    const xml = toXml([{ description: '<b>"a" & \'b\'</b>\u0001', media_url: null, attributes: [] }], {
      root: 'service_requests',
      item: 'request',
    });
    expect(xml).toContain('<description>&lt;b&gt;&quot;a&quot; &amp; &apos;b&apos;&lt;/b&gt;</description>');
    expect(xml).toContain('<media_url/>');
    expect(xml).toContain('<attributes/>');
    expect(xml).not.toContain('\u0001');
    expect(toXml([], { root: 'services', item: 'service' })).toBe('<?xml version="1.0" encoding="utf-8"?>\n<services/>\n');
  });
});

describe('errors', () => {
  it('keep 403/404/429 and their headers, turn other client problems into 400 naming Open311 fields, hide server faults', () => {
    const e = toOpen311Error(new AppError(422, 'VALIDATION_FAILED', 'category: unknown', [{ field: 'category', message: 'unknown' }]));
    expect(e.status).toBe(400);
    expect(e.errors).toEqual([{ code: 400, description: 'service_code: unknown' }]);
    const limited = toOpen311Error(new AppError(429, 'RATE_LIMITED', 'slow down', [], { 'retry-after': '30' }));
    expect([limited.status, limited.headers]).toEqual([429, { 'retry-after': '30' }]);
    expect(toOpen311Error(new Error('db down')).errors).toEqual([
      { code: 500, description: 'the Open311 service failed; try again later' },
    ]);
  });
});
