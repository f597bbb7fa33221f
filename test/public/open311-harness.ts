/**
 * The Open311 tests' checks: every JSON answer validated against the GeoReport v2 schemas of
 * open311/schema-validation (copied into test/fixtures/open311/), the answers the schemas do
 * not cover against schemas written here from the spec's text, and every XML answer parsed back
 * into the JSON's shape (the Spark convention) so both formats are proven to say the same.
 */
import fs from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import formats from 'ajv-formats';
import { XMLParser } from 'fast-xml-parser';
import { expect } from 'vitest';

const dir = new URL('../fixtures/open311/', import.meta.url);
const load = (name: string): object => JSON.parse(fs.readFileSync(new URL(name, dir), 'utf8')) as object;

// The schemas are draft-04 style without `$schema`; nothing in them differs in draft-07 (Ajv's default).
// Not strict: requests.json puts `minItems` beside a `$ref`, which draft-07 ignores.
const ajv = new Ajv({ strict: false, allErrors: true });
// ajv-formats is CommonJS: under NodeNext its default import is the module, whose `default` is the plugin.
formats.default(ajv);
for (const name of ['request.json', 'service.json']) ajv.addSchema(load(name), name);

const nullable = (type: string) => ({ anyOf: [{ type }, { type: 'null' }] });

/** Answers the upstream schemas do not describe, written from the spec (wiki.open311.org). */
const LOCAL = {
  discovery: {
    type: 'object',
    required: ['changeset', 'contact', 'key_service', 'endpoints'],
    properties: {
      changeset: { type: 'string' },
      contact: { type: 'string' },
      key_service: { type: 'string' },
      endpoints: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          required: ['specification', 'url', 'changeset', 'type', 'formats'],
          properties: {
            specification: { type: 'string', format: 'uri' },
            url: { type: 'string', format: 'uri' },
            changeset: { type: 'string' },
            type: { enum: ['production', 'test'] },
            formats: { type: 'array', items: { type: 'string' } },
          },
        },
      },
    },
  },
  errors: {
    type: 'array',
    minItems: 1,
    items: {
      type: 'object',
      required: ['code', 'description'],
      properties: { code: { type: 'integer' }, description: { type: 'string' } },
    },
  },
  postAnswer: {
    type: 'array',
    minItems: 1,
    maxItems: 1,
    items: {
      type: 'object',
      // "service_request_id … should not be returned if token is returned" and the other way round.
      oneOf: [
        { required: ['service_request_id'], not: { required: ['token'] } },
        { required: ['token'], not: { required: ['service_request_id'] } },
      ],
      properties: {
        service_request_id: { type: 'string' },
        token: { type: 'string' },
        service_notice: nullable('string'),
        account_id: nullable('string'),
      },
    },
  },
  tokenAnswer: {
    type: 'array',
    minItems: 1,
    items: { type: 'object', required: ['token'], properties: { service_request_id: { type: 'string' }, token: { type: 'string' } } },
  },
  updates: {
    type: 'array',
    items: {
      type: 'object',
      required: ['update_id', 'service_request_id', 'status', 'updated_datetime'],
      properties: {
        update_id: { type: 'string' },
        service_request_id: { type: 'string' },
        status: { enum: ['open', 'closed'] },
        updated_datetime: { type: 'string', format: 'date-time' },
        description: nullable('string'),
        media_url: nullable('string'),
      },
    },
  },
} as const;

const validators: Record<string, ValidateFunction> = {
  services: ajv.compile(load('services.json')),
  definition: ajv.compile(load('service-definition.json')),
  requests: ajv.compile(load('requests.json')),
  request: ajv.getSchema('request.json')!,
  ...Object.fromEntries(Object.entries(LOCAL).map(([k, s]) => [k, ajv.compile(s)])),
};

/** Which schema an answer must meet. */
export type SchemaName = 'services' | 'definition' | 'requests' | 'request' | keyof typeof LOCAL;

/** Asserts a JSON answer meets its schema (with Ajv's errors as the message). */
export function expectValid(name: SchemaName, value: unknown): void {
  const v = validators[name]!;
  const ok = v(value);
  expect(ok, `${name}: ${ajv.errorsText(v.errors)}`).toBe(true);
}

/** Element names that are items of a list, so one item still parses as a list. */
const ITEMS = new Set(['service', 'request', 'request_update', 'error', 'endpoint', 'format', 'attribute', 'value']);
/** Wrappers of lists (`attributes` › `attribute`). */
const WRAPPERS: Record<string, string> = { endpoints: 'endpoint', formats: 'format', attributes: 'attribute', values: 'value' };

const parser = new XMLParser({ parseTagValue: false, trimValues: true, isArray: (name) => ITEMS.has(name) });

function unwrap(node: unknown, name: string): unknown {
  const item = WRAPPERS[name];
  if (item) {
    if (node === '' || node === undefined) return [];
    return ((node as Record<string, unknown[]>)[item] ?? []).map((x) => unwrap(x, item));
  }
  if (node !== null && typeof node === 'object' && !Array.isArray(node)) {
    return Object.fromEntries(Object.entries(node as Record<string, unknown>).map(([k, v]) => [k, unwrap(v, k)]));
  }
  return node;
}

/**
 * An XML answer read back into the JSON's shape, every leaf a string (XML has no types).
 * @example fromXml(xml, 'services', 'service') // [{ service_code: 'P0101', … }]
 */
export function fromXml(xml: string, root: string, item?: string): unknown {
  expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
  const doc = parser.parse(xml) as Record<string, unknown>;
  expect(Object.keys(doc).filter((k) => k !== '?xml')).toEqual([root]);
  const body = doc[root];
  if (item) return body === '' ? [] : ((body as Record<string, unknown[]>)[item] ?? []).map((x) => unwrap(x, item));
  return unwrap(body, root);
}

/** A JSON answer as its XML reads back: null as empty, numbers and booleans as their text. */
export function asXmlText(value: unknown): unknown {
  if (value === null) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(asXmlText);
  if (typeof value === 'object')
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, asXmlText(v)]));
  return value;
}
