/**
 * What a reader sees of a record: the classification applied. Without a grant every sensitive
 * and core field is masked; a covering grant for a single read or a list reveals both; a
 * `bulk_export` grant reveals sensitive fields but keeps core ones masked (核心数据 never leaves
 * in bulk). Pure.
 */
import { maskAddress, maskIdNumber, maskName, maskPhone } from '../platform/masking.ts';
import { fieldSpec, isProtected, type MaskStyle, type RecordKind } from './classification.ts';
import type { FieldValue, RegistryRecord } from './record-model.ts';

/** How much a read reveals. */
export type Reveal = 'none' | 'sensitive' | 'all';

/** A record as answered. `masked` names the fields shown masked. */
export interface RecordView {
  id: string;
  kind: RecordKind;
  communityId: string;
  jurisdictionPath: string;
  building: string | null;
  tags: string[];
  fields: Record<string, FieldValue>;
  masked: string[];
  /** The grant that revealed protected fields, if one did. */
  grantId: string | null;
  createdAt: number;
  updatedAt: number;
}

const MASKS: Record<MaskStyle, (s: string) => string> = {
  name: maskName,
  phone: maskPhone,
  idNumber: maskIdNumber,
  address: maskAddress,
};

function maskValue(style: MaskStyle | undefined, v: FieldValue): FieldValue {
  if (v === null) return null;
  const mask = style ? MASKS[style] : () => '****';
  return typeof v === 'string' ? mask(v) : v.map(mask);
}

/**
 * The view of a record under a reveal level.
 * @example presentRecord(person, 'none', null).fields.name; // '张*'
 */
export function presentRecord(r: RegistryRecord, reveal: Reveal, grantId: string | null): RecordView {
  const fields: Record<string, FieldValue> = {};
  const masked: string[] = [];
  for (const [field, value] of Object.entries(r.fields)) {
    // A field the classification does not know is treated as core: safe by default.
    const spec = fieldSpec(r.kind, field);
    const level = spec?.level ?? 'core';
    const hide = isProtected(level) && (level === 'core' ? reveal !== 'all' : reveal === 'none');
    fields[field] = hide ? maskValue(spec?.mask, value) : value;
    if (hide && value !== null) masked.push(field);
  }
  return {
    id: r.id,
    kind: r.kind,
    communityId: r.communityId,
    jurisdictionPath: r.jurisdictionPath,
    building: r.building,
    tags: r.tags,
    fields,
    masked,
    grantId: reveal === 'none' ? null : grantId,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}
