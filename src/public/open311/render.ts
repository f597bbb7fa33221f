/**
 * Renders an Open311 answer in either format from one value, so JSON and XML cannot drift. The
 * JSON is the value itself; the XML follows the spec's Spark convention backwards: a top-level
 * array becomes a root element holding one element per item (`services` › `service`), nested
 * arrays a wrapper holding one element per item (`attributes` › `attribute`, `formats` ›
 * `format`), null an empty element, booleans `true`/`false`. Text is escaped by the builder
 * (fast-xml-parser); characters XML 1.0 cannot carry at all are dropped.
 */
import { XMLBuilder } from 'fast-xml-parser';
import { CONTENT_TYPES, type Open311Format } from './format-model.ts';

/** A JSON value as an Open311 answer holds it. */
export type Open311Value = string | number | boolean | null | Open311Value[] | { [key: string]: Open311Value };

/** How an answer's XML is named: its root, and the element of each item when the value is an array. */
export interface XmlShape {
  root: string;
  item?: string;
}

/** Element names of the items of nested arrays, by the array's own name. */
const ITEM_OF: Readonly<Record<string, string>> = {
  endpoints: 'endpoint',
  formats: 'format',
  attributes: 'attribute',
  values: 'value',
  errors: 'error',
};

const builder = new XMLBuilder({ format: true, indentBy: '  ', suppressEmptyNode: true, processEntities: true });

/** Characters outside XML 1.0's Char production (controls other than tab, LF, CR; lone surrogates; U+FFFE/F). */
const NOT_XML =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

type XmlNode = string | XmlNode[] | { [key: string]: XmlNode };

function toXmlNode(value: Open311Value, name: string): XmlNode {
  if (value === null) return '';
  if (typeof value === 'string') return value.replace(NOT_XML, '');
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    const item = ITEM_OF[name] ?? 'item';
    return { [item]: value.map((v) => toXmlNode(v, item)) };
  }
  const out: Record<string, XmlNode> = {};
  for (const [k, v] of Object.entries(value)) out[k] = toXmlNode(v, k);
  return out;
}

/**
 * The XML document of an answer, with the declaration the spec asks for.
 * @example toXml([{ service_code: 'P0101' }], { root: 'services', item: 'service' })
 */
export function toXml(value: Open311Value, shape: XmlShape): string {
  const body: XmlNode = Array.isArray(value)
    ? { [shape.item ?? 'item']: value.map((v) => toXmlNode(v, shape.item ?? 'item')) }
    : toXmlNode(value, shape.root);
  const xml = builder.build({ [shape.root]: body === '' ? '' : body });
  return `<?xml version="1.0" encoding="utf-8"?>\n${xml}`;
}

/**
 * The body and content type of an answer in the asked format.
 * @example render([{ code: 404, description: 'not found' }], { root: 'errors', item: 'error' }, 'xml')
 */
export function render(value: Open311Value, shape: XmlShape, format: Open311Format): { body: string; contentType: string } {
  const body = format === 'json' ? JSON.stringify(value) : toXml(value, shape);
  return { body, contentType: CONTENT_TYPES[format] };
}
