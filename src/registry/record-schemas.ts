/**
 * What an import row of each kind must look like (zod), with the checks a department's feed
 * gets wrong most: ID-number and credit-code check characters, phone formats, unknown tags.
 * Lists may come as JSON arrays or as text separated by `;`, `；`, `|` or `、` (CSV cells).
 */
import { z } from 'zod';
import { creditCodeProblem, normalizeCreditCode } from './credit-code.ts';
import { idNumberProblem, normalizeIdNumber } from './id-number.ts';
import { HOUSING_USES, TAGS } from './record-model.ts';
import type { RecordKind } from './classification.ts';

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `at most ${max} characters`);
/** An optional cell: empty text counts as absent. */
const optional = (max: number) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), text(max).optional());

const PHONE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}|\d{8})$/;
const phone = z.preprocess(
  (v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : v.replace(/\s/g, '')) : v),
  z.string().regex(PHONE, 'not a phone number (11-digit mobile, or landline with area code)').optional(),
);

/** A list cell: an array, or text split on `;；|、`. */
const list = <T extends z.ZodType<string>>(item: T, max: number) =>
  z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(/[;；|、]/)
            .map((s) => s.trim())
            .filter(Boolean)
        : (v ?? []),
    z.array(item).max(max, `at most ${max} entries`),
  );

const tag = (kind: RecordKind) => {
  const names = Object.keys(TAGS[kind]);
  return z.string().refine((t) => names.includes(t), { message: `unknown tag; tags are ${names.join(', ')}` });
};

const idNumber = z
  .string()
  .transform(normalizeIdNumber)
  .superRefine((v, ctx) => {
    const problem = idNumberProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const creditCode = z
  .string()
  .transform(normalizeCreditCode)
  .superRefine((v, ctx) => {
    const problem = creditCodeProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** Community (居村) by code or id; a building reference such as `310101002001-B03`. */
const placed = { community: text(64), building: optional(100) };

/** A person row. */
export const PersonRow = z.object({
  ...placed,
  name: text(50),
  idNumber,
  phone,
  householdAddress: optional(200),
  address: optional(200),
  tags: list(tag('person'), 10),
  emergencyContactName: optional(50),
  emergencyContactPhone: phone,
});

/** A legal-entity row. */
export const EntityRow = z.object({
  ...placed,
  name: text(200),
  creditCode,
  legalRepresentative: optional(50),
  address: optional(200),
  industry: optional(100),
  licences: list(text(100), 20),
  tags: list(tag('entity'), 10),
});

/** A housing row; residents by ID number (a department knows those, not the platform's ids). */
export const HousingRow = z.object({
  ...placed,
  building: text(100),
  unit: optional(20),
  room: text(20),
  use: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.enum(Object.keys(HOUSING_USES) as [keyof typeof HOUSING_USES, ...Array<keyof typeof HOUSING_USES>]).default('residential'),
  ),
  ownerName: optional(50),
  residentIdNumbers: list(idNumber, 50),
  tags: list(tag('housing'), 10),
});

/** The row schema of each kind. */
export const ROW_SCHEMAS = { person: PersonRow, entity: EntityRow, housing: HousingRow } as const;

/** A checked row of each kind. */
export type PersonRowOut = z.infer<typeof PersonRow>;
export type EntityRowOut = z.infer<typeof EntityRow>;
export type HousingRowOut = z.infer<typeof HousingRow>;
