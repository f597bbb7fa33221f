/**
 * What the worker's task shows of the people and the dwelling (最小必要): the resident's name
 * masked and where they live, and the emergency contact only when a grant revealed it. Built from
 * the registry's answers (already masked or revealed by the registry); the name is masked again
 * here because the grant the task carries is for reaching the contact, not for knowing the name.
 * Pure.
 */
import { maskName } from '../platform/masking.ts';

/** A registry record as answered, as far as the view needs it. */
export interface RecordAnswer {
  id: string;
  building: string | null;
  fields: Record<string, string | string[] | null>;
  /** Fields the registry masked. */
  masked: readonly string[];
  /** The grant that revealed protected fields, if one did. */
  grantId: string | null;
}

/** One resident on the task. */
export interface ResidentView {
  personId: string;
  /** False when the registry would not answer this reader (a handler without a grant). */
  readable: boolean;
  /** Always masked. */
  name: string | null;
  /** Where they live (居住地址, internal: shown to staff in scope). */
  address: string | null;
  /** Present only when revealed under the task's grant. */
  emergencyContact: { name: string | null; phone: string | null } | null;
}

/** The dwelling on the task. */
export interface HousingView {
  housingId: string;
  readable: boolean;
  building: string | null;
  unit: string | null;
  room: string | null;
}

const text = (v: string | string[] | null | undefined): string | null => (typeof v === 'string' ? v : null);

/**
 * A resident as the task shows them; `reveal` asks for the emergency contact, which appears only
 * if the registry revealed it (a grant covered the read).
 * @example residentView(person, false).name; // '张*'
 */
export function residentView(personId: string, answer: RecordAnswer | null, reveal: boolean): ResidentView {
  if (!answer) return { personId, readable: false, name: null, address: null, emergencyContact: null };
  const name = text(answer.fields.name);
  const revealed = reveal && answer.grantId !== null && !answer.masked.includes('emergencyContactPhone');
  return {
    personId,
    readable: true,
    name: name === null ? null : maskName(name),
    address: text(answer.fields.address),
    emergencyContact: revealed
      ? { name: text(answer.fields.emergencyContactName), phone: text(answer.fields.emergencyContactPhone) }
      : null,
  };
}

/** The dwelling as the task shows it (building, unit and room are internal: no mask). */
export function housingView(housingId: string, answer: RecordAnswer | null): HousingView {
  if (!answer) return { housingId, readable: false, building: null, unit: null, room: null };
  return { housingId, readable: true, building: answer.building, unit: text(answer.fields.unit), room: text(answer.fields.room) };
}
