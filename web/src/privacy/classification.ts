/**
 * The registry's fields and tags with their classification levels and labels, copied from
 * src/registry/classification.ts and record-model.ts (the web reaches the server only over
 * HTTP). The record page groups fields by level with these; the server alone decides masking.
 */
import type { Level, RecordKind } from '../api/privacy-types.ts';

/** A field's level and its labels. */
export interface FieldLabel {
  level: Level;
  zh: string;
  en: string;
}

const community: FieldLabel = { level: 'internal', zh: '所属居村', en: 'Community' };
const building: FieldLabel = { level: 'public', zh: '楼栋', en: 'Building' };

/** Every field of every kind, in display order. */
export const FIELDS: Readonly<Record<RecordKind, Readonly<Record<string, FieldLabel>>>> = {
  person: {
    name: { level: 'sensitive', zh: '姓名', en: 'Name' },
    idNumber: { level: 'core', zh: '公民身份号码', en: 'ID number' },
    phone: { level: 'sensitive', zh: '联系电话', en: 'Phone' },
    householdAddress: { level: 'sensitive', zh: '户籍地址', en: 'Household registration address' },
    address: { level: 'internal', zh: '居住地址', en: 'Address' },
    community,
    building,
    tags: { level: 'internal', zh: '标签', en: 'Tags' },
    emergencyContactName: { level: 'sensitive', zh: '紧急联系人', en: 'Emergency contact' },
    emergencyContactPhone: { level: 'sensitive', zh: '紧急联系人电话', en: 'Emergency contact phone' },
  },
  entity: {
    name: { level: 'public', zh: '名称', en: 'Name' },
    creditCode: { level: 'public', zh: '统一社会信用代码', en: 'Unified social credit code' },
    legalRepresentative: { level: 'sensitive', zh: '法定代表人', en: 'Legal representative' },
    address: { level: 'public', zh: '住所', en: 'Address' },
    industry: { level: 'public', zh: '行业', en: 'Industry' },
    licences: { level: 'internal', zh: '许可证', en: 'Licences' },
    community,
    building,
    tags: { level: 'internal', zh: '标签', en: 'Tags' },
  },
  housing: {
    building,
    unit: { level: 'internal', zh: '单元', en: 'Unit' },
    room: { level: 'internal', zh: '室号', en: 'Room' },
    use: { level: 'public', zh: '用途', en: 'Use' },
    ownerName: { level: 'sensitive', zh: '产权人', en: 'Owner' },
    residentIds: { level: 'internal', zh: '居住人员', en: 'Residents (person ids)' },
    community,
    tags: { level: 'internal', zh: '标签', en: 'Tags' },
  },
};

/** The tags each kind may carry, with their labels. */
export const TAGS: Readonly<Record<RecordKind, Readonly<Record<string, { zh: string; en: string }>>>> = {
  person: {
    elderly_alone: { zh: '独居老人', en: 'Elderly living alone' },
    elderly: { zh: '老年人', en: 'Elderly' },
    disability: { zh: '残疾人', en: 'Disability' },
    low_income: { zh: '低保对象', en: 'Minimum living allowance' },
    veteran: { zh: '退役军人', en: 'Veteran' },
    key_care: { zh: '重点关爱', en: 'Needs special care' },
  },
  entity: {
    catering: { zh: '餐饮', en: 'Catering' },
    hazardous_chemicals: { zh: '危化品', en: 'Hazardous chemicals' },
    construction_site: { zh: '建筑工地', en: 'Construction site' },
    crowded_place: { zh: '人员密集场所', en: 'Crowded place' },
  },
  housing: {
    rental: { zh: '出租房屋', en: 'Rented out' },
    group_rental: { zh: '群租', en: 'Group rental' },
    vacant: { zh: '空置', en: 'Vacant' },
    old_building: { zh: '老旧房屋', en: 'Old building' },
  },
};

/** A label in the language shown (Chinese unless English is chosen). */
export function labelIn(label: { zh: string; en: string } | undefined, language: string, fallback: string): string {
  if (!label) return fallback;
  return language.startsWith('en') ? label.en : label.zh;
}

/**
 * The record's fields grouped by level, most protected first, in declaration order; fields the
 * answer has that the table does not know go under `internal` (shown, never hidden).
 */
export function fieldsByLevel(kind: RecordKind, fields: Readonly<Record<string, unknown>>): Array<{ level: Level; names: string[] }> {
  const order: Level[] = ['core', 'sensitive', 'internal', 'public'];
  const known = FIELDS[kind];
  const names = [...Object.keys(known), ...Object.keys(fields).filter((f) => !(f in known))];
  return order
    .map((level) => ({ level, names: names.filter((n) => (known[n]?.level ?? 'internal') === level && n in fields) }))
    .filter((g) => g.names.length > 0);
}
