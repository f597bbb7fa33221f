/**
 * Data classification (数据分类分级), declared in one place: every field of every kind of base
 * record and its level. Everything else — what is encrypted at rest, what is masked on read and
 * in exports, what a free-text search may look at — is derived from this table, so a field's
 * treatment changes here or nowhere.
 *
 * - `public`: may be shown to anyone allowed to read the record (and searched with `q`).
 * - `internal`: staff reading inside their jurisdiction; stored in clear for filtering.
 * - `sensitive`: personal information (PIPL): encrypted at rest, masked unless an active purpose
 *   grant covers the record.
 * - `core`: the most damaging if leaked (the identity number): encrypted at rest, masked unless a
 *   grant covers the record, and masked in bulk exports even under a `bulk_export` grant.
 */

/** The kinds of base record. */
export const RECORD_KINDS = ['person', 'entity', 'housing'] as const;

/** One kind of base record: 人口, 法人, 房屋. */
export type RecordKind = (typeof RECORD_KINDS)[number];

/** Classification levels, least protected first. */
export const LEVELS = ['public', 'internal', 'sensitive', 'core'] as const;

/** One classification level. */
export type Level = (typeof LEVELS)[number];

/** How a protected field is shown masked (see platform/masking.ts). */
export type MaskStyle = 'name' | 'phone' | 'idNumber' | 'address';

/** A field's declaration: its level, its labels, and how it is masked when protected. */
export interface FieldSpec {
  level: Level;
  zh: string;
  en: string;
  /** Whether the value is a list of strings (tags, licences, resident ids). */
  list?: true;
  /** Required for sensitive and core fields. */
  mask?: MaskStyle;
}

const community: FieldSpec = { level: 'internal', zh: '所属居村', en: 'Community' };
const building: FieldSpec = { level: 'public', zh: '楼栋', en: 'Building' };

/** Every field of every kind, in display and export order. */
export const CLASSIFICATION = {
  person: {
    name: { level: 'sensitive', zh: '姓名', en: 'Name', mask: 'name' },
    idNumber: { level: 'core', zh: '公民身份号码', en: 'ID number', mask: 'idNumber' },
    phone: { level: 'sensitive', zh: '联系电话', en: 'Phone', mask: 'phone' },
    householdAddress: { level: 'sensitive', zh: '户籍地址', en: 'Household registration address', mask: 'address' },
    address: { level: 'internal', zh: '居住地址', en: 'Address' },
    community,
    building,
    tags: { level: 'internal', zh: '标签', en: 'Tags', list: true },
    emergencyContactName: { level: 'sensitive', zh: '紧急联系人', en: 'Emergency contact', mask: 'name' },
    emergencyContactPhone: { level: 'sensitive', zh: '紧急联系人电话', en: 'Emergency contact phone', mask: 'phone' },
  },
  entity: {
    name: { level: 'public', zh: '名称', en: 'Name' },
    creditCode: { level: 'public', zh: '统一社会信用代码', en: 'Unified social credit code' },
    legalRepresentative: { level: 'sensitive', zh: '法定代表人', en: 'Legal representative', mask: 'name' },
    address: { level: 'public', zh: '住所', en: 'Address' },
    industry: { level: 'public', zh: '行业', en: 'Industry' },
    licences: { level: 'internal', zh: '许可证', en: 'Licences', list: true },
    community,
    building,
    tags: { level: 'internal', zh: '标签', en: 'Tags', list: true },
  },
  housing: {
    building,
    unit: { level: 'internal', zh: '单元', en: 'Unit' },
    room: { level: 'internal', zh: '室号', en: 'Room' },
    use: { level: 'public', zh: '用途', en: 'Use' },
    ownerName: { level: 'sensitive', zh: '产权人', en: 'Owner', mask: 'name' },
    residentIds: { level: 'internal', zh: '居住人员', en: 'Residents (person ids)', list: true },
    community,
    tags: { level: 'internal', zh: '标签', en: 'Tags', list: true },
  },
} as const satisfies Record<RecordKind, Record<string, FieldSpec>>;

/** The field names of a kind. */
export type FieldName<K extends RecordKind> = keyof (typeof CLASSIFICATION)[K] & string;

/** The declaration of one field; undefined when the kind has no such field. */
export function fieldSpec(kind: RecordKind, field: string): FieldSpec | undefined {
  const specs: Record<string, FieldSpec> = CLASSIFICATION[kind];
  return Object.prototype.hasOwnProperty.call(specs, field) ? specs[field] : undefined;
}

/** Field names of a kind, in declaration order. */
export function fieldsOf(kind: RecordKind): string[] {
  return Object.keys(CLASSIFICATION[kind]);
}

/** Whether a level is stored encrypted and masked without a grant. */
export function isProtected(level: Level): boolean {
  return level === 'sensitive' || level === 'core';
}

/** Fields of a kind stored encrypted at rest (sensitive and core). */
export function protectedFields(kind: RecordKind): string[] {
  return fieldsOf(kind).filter((f) => isProtected(fieldSpec(kind, f)!.level));
}

/** Fields of a kind a free-text query may search (public only). */
export function searchableFields(kind: RecordKind): string[] {
  return fieldsOf(kind).filter((f) => fieldSpec(kind, f)!.level === 'public');
}

/** Whether a string names a record kind. */
export function isRecordKind(s: string): s is RecordKind {
  return (RECORD_KINDS as readonly string[]).includes(s);
}
