/**
 * Records to rows and back. The classification decides the column of each field: public and
 * internal fields go to `open_fields` (clear JSON), sensitive and core fields to `sealed_fields`,
 * each value sealed on its own (fresh IV) and bound to its record and field. The search column
 * holds only public fields, so `q` can never probe a protected value.
 */
import type { RegistryRecordTable } from '../platform/db/schema-registry.ts';
import { fieldSpec, isProtected, isRecordKind } from './classification.ts';
import type { FieldCipher } from './field-cipher.ts';
import type { FieldValue, RecordInput, RegistryRecord } from './record-model.ts';

/** What a new or updated row needs besides the input. */
export interface RowMeta {
  id: string;
  createdAt: number;
  updatedAt: number;
  updatedBy: string;
}

const context = (id: string, field: string): string => `${id}:${field}`;

/** The stored row of a record input. */
export function recordToRow(input: RecordInput, meta: RowMeta, cipher: FieldCipher): RegistryRecordTable {
  const open: Record<string, FieldValue> = {};
  const sealed: Record<string, string> = {};
  const search: string[] = input.building ? [input.building] : [];
  for (const [field, value] of Object.entries(input.fields)) {
    const spec = fieldSpec(input.kind, field);
    if (!spec) throw new Error(`${input.kind} has no field ${field}`);
    if (value === null) continue;
    if (isProtected(spec.level)) sealed[field] = cipher.seal(JSON.stringify(value), context(meta.id, field));
    else open[field] = value;
    if (spec.level === 'public') search.push(...(typeof value === 'string' ? [value] : value));
  }
  return {
    id: meta.id,
    kind: input.kind,
    natural_key: input.naturalKey,
    community_id: input.communityId,
    jurisdiction_path: input.jurisdictionPath,
    building: input.building,
    tags: input.tags.length > 0 ? `|${input.tags.join('|')}|` : '',
    search: search.join('\n').toLowerCase(),
    open_fields: JSON.stringify(open),
    sealed_fields: JSON.stringify(sealed),
    created_at: meta.createdAt,
    updated_at: meta.updatedAt,
    updated_by: meta.updatedBy,
  };
}

/** The record of a stored row, decrypted; throws when a sealed value does not open (wrong key, tampering). */
export function recordFromRow(row: RegistryRecordTable, cipher: FieldCipher): RegistryRecord {
  if (!isRecordKind(row.kind)) throw new Error(`registry record ${row.id} has unknown kind ${row.kind}`);
  const fields = JSON.parse(row.open_fields) as Record<string, FieldValue>;
  for (const [field, sealed] of Object.entries(JSON.parse(row.sealed_fields) as Record<string, string>))
    fields[field] = JSON.parse(cipher.open(sealed, context(row.id, field))) as FieldValue;
  return {
    id: row.id,
    kind: row.kind,
    communityId: row.community_id,
    jurisdictionPath: row.jurisdiction_path,
    building: row.building,
    tags: row.tags.split('|').filter(Boolean),
    fields,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}
