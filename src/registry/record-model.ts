/**
 * Base records as the registry's code sees them (decrypted, unmasked): people (人口), legal
 * entities (法人) and housing (房屋), each in one community and usually one building. Pure
 * types and helpers; what each field's level is lives in classification.ts.
 */
import type { RecordKind } from './classification.ts';

/** Tags a record may carry, by kind, with their labels. Only these are stored: free text could hold anything. */
export const TAGS = {
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
} as const satisfies Record<RecordKind, Record<string, { zh: string; en: string }>>;

/** Housing uses. */
export const HOUSING_USES = {
  residential: { zh: '住宅', en: 'Residential' },
  commercial: { zh: '商业', en: 'Commercial' },
  office: { zh: '办公', en: 'Office' },
  mixed: { zh: '商住两用', en: 'Mixed' },
  other: { zh: '其他', en: 'Other' },
} as const;

/** A field value: text, a list of text, or absent. */
export type FieldValue = string | string[] | null;

/** A stored base record, decrypted. `fields` holds every classified field but community, building and tags. */
export interface RegistryRecord {
  id: string;
  kind: RecordKind;
  communityId: string;
  /** The community's materialized path: scope checks are prefix tests on it. */
  jurisdictionPath: string;
  building: string | null;
  tags: string[];
  fields: Record<string, FieldValue>;
  createdAt: number;
  updatedAt: number;
  updatedBy: string;
}

/** A record to store, after validation: what an import row or the demo generator produces. */
export interface RecordInput {
  /** The id to store a new record under (generators linking records to each other); a new id when absent. */
  id?: string;
  kind: RecordKind;
  /** Upsert key, unique per kind (see `naturalKeyOf`). */
  naturalKey: string;
  communityId: string;
  jurisdictionPath: string;
  building: string | null;
  tags: string[];
  fields: Record<string, FieldValue>;
}

/** Keys of the columns every kind has outside `fields`. */
export const STRUCTURAL_FIELDS = ['community', 'building', 'tags'] as const;

/**
 * The natural key of a dwelling: building, unit and room, trimmed and joined.
 * @example housingKey('310101002001-B03', '2', '601'); // '310101002001-B03|2|601'
 */
export function housingKey(building: string, unit: string | null, room: string): string {
  return [building.trim(), (unit ?? '').trim(), room.trim()].join('|');
}
