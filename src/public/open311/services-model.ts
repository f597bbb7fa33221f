/**
 * The case catalogue as Open311 services: one service per small class (service_code = the
 * small class code), grouped by big class, with definitions for the classes that ask extra
 * questions ({@link SERVICE_ATTRIBUTES}), and the check of a request's attribute answers
 * against its definition. Pure.
 */
import { getBigClass, getSmallClass, SMALL_CLASSES, type SmallClass } from '../../cases/catalogue-model.ts';
import { SERVICE_ATTRIBUTES, type ServiceAttribute } from './service-attributes.ts';

/** An Open311 service (GET services). */
export interface ServiceEntry {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime';
  keywords: string;
  group: string;
}

/** An Open311 service definition (GET services/{code}). */
export interface Open311ServiceDefinition {
  service_code: string;
  attributes: {
    variable: boolean;
    code: string;
    datatype: string;
    required: boolean;
    datatype_description: string | null;
    order: number;
    description: string;
    values: { key: string; name: string }[];
  }[];
}

const KIND_ZH = { component: '部件', event: '事件' } as const;
const KIND_EN = { component: 'Component', event: 'Event' } as const;

function serviceOf(c: SmallClass): ServiceEntry {
  const big = getBigClass(c.bigClass);
  const group = big ? `${KIND_ZH[c.kind]}·${big.zh}` : KIND_ZH[c.kind];
  return {
    service_code: c.code,
    service_name: c.zh,
    description: `${c.zh} ${c.en}（${group}; ${KIND_EN[c.kind]}: ${big?.en ?? c.bigClass}）`,
    metadata: (SERVICE_ATTRIBUTES[c.code]?.length ?? 0) > 0,
    // Every report is filed as a case at once (or held for moderation, then answered by token).
    type: 'realtime',
    keywords: [c.zh, c.en, big?.zh, big?.en].filter((k): k is string => Boolean(k)).join(', '),
    group,
  };
}

const SERVICES: readonly ServiceEntry[] = Object.freeze(SMALL_CLASSES.map(serviceOf));

/**
 * Every service, in catalogue order.
 * @example listServices()[0]?.service_code // 'P0101'
 */
export function listServices(): readonly ServiceEntry[] {
  return SERVICES;
}

/** The service with this code, or undefined. */
export function getService(code: string): ServiceEntry | undefined {
  const c = getSmallClass(code);
  return c && serviceOf(c);
}

/** The attributes a service asks, in order (none for most). */
export function attributesOf(code: string): readonly ServiceAttribute[] {
  return SERVICE_ATTRIBUTES[code] ?? [];
}

/**
 * The definition of a known service (attributes may be empty).
 * @example serviceDefinition('P0101').attributes[0]?.code // 'cover_state'
 */
export function serviceDefinition(code: string): Open311ServiceDefinition {
  return {
    service_code: code,
    attributes: attributesOf(code).map((a) => ({
      variable: a.variable,
      code: a.code,
      datatype: a.datatype,
      required: a.required,
      datatype_description: a.datatypeDescription,
      order: a.order,
      description: a.description,
      values: a.values.map((v) => ({ key: v.key, name: v.name })),
    })),
  };
}

/** Attribute answers as sent: one value, or several for a multivaluelist. */
export type AttributeAnswers = Record<string, string | string[]>;

/**
 * Checks answers against a service's definition: every required attribute answered, no unknown
 * code, list answers among the keys, numbers numeric, datetimes ISO-8601. Returns the problems
 * (empty when fine) and the answers normalized (one string, or a list for multivaluelists).
 * @example checkAttributes('P0101', { cover_state: 'missing' }).problems // []
 */
export function checkAttributes(code: string, answers: AttributeAnswers): { problems: string[]; values: AttributeAnswers } {
  const defs = attributesOf(code);
  const problems: string[] = [];
  const values: AttributeAnswers = {};
  for (const key of Object.keys(answers)) {
    if (!defs.some((d) => d.code === key && d.variable)) problems.push(`attribute[${key}] is not an attribute of service ${code}`);
  }
  for (const d of defs) {
    if (!d.variable) continue;
    const raw = answers[d.code];
    const given = (raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]).map((v) => v.trim()).filter((v) => v !== '');
    if (given.length === 0) {
      if (d.required) problems.push(`attribute[${d.code}] is required for service ${code}`);
      continue;
    }
    const problem = checkValues(d, given);
    if (problem) problems.push(`attribute[${d.code}] ${problem}`);
    else values[d.code] = d.datatype === 'multivaluelist' ? given : given[0]!;
  }
  return { problems, values };
}

function checkValues(d: ServiceAttribute, given: string[]): string | null {
  if (d.datatype !== 'multivaluelist' && given.length > 1) return 'takes one value';
  switch (d.datatype) {
    case 'singlevaluelist':
    case 'multivaluelist': {
      const bad = given.find((v) => !d.values.some((o) => o.key === v));
      return bad === undefined ? null : `has no option "${bad}" (options: ${d.values.map((o) => o.key).join(', ')})`;
    }
    case 'number':
      return Number.isFinite(Number(given[0])) ? null : 'must be a number';
    case 'datetime':
      return Number.isNaN(Date.parse(given[0]!)) ? 'must be an ISO-8601 date and time' : null;
    case 'string':
      return given[0]!.includes('\n') ? 'must be one line' : given[0]!.length > 500 ? 'is longer than 500 characters' : null;
    case 'text':
      return given[0]!.length > 4000 ? 'is longer than 4,000 characters' : null;
  }
}
