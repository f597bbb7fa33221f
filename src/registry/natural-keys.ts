/**
 * The natural keys a record may be stored under. A person's is the keyed hash of their ID number,
 * and that hash changes with the data key: until `cityops data-key reseal` has moved every record
 * to the current key, a person imported before a rotation carries the hash under a previous key.
 * Lookups ask for all of them, so a rotation never makes a known person look new; a record
 * written again takes the current key's hash (and its seal).
 */
import type { FieldCipher } from './field-cipher.ts';
import type { RecordInput } from './record-model.ts';

/**
 * Every natural key `input` may be stored under, the current one first.
 * @example lookupKeys({ kind: 'person', naturalKey: h, fields: { idNumber: '11010519491231002X' }, … }, cipher); // [h, h under each previous key]
 */
export function lookupKeys(input: Pick<RecordInput, 'kind' | 'naturalKey' | 'fields'>, cipher: FieldCipher): string[] {
  const idNumber = input.fields.idNumber;
  if (input.kind !== 'person' || typeof idNumber !== 'string') return [input.naturalKey];
  return [...new Set([input.naturalKey, ...cipher.idHashes(idNumber)])];
}
