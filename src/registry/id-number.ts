/**
 * The resident identity number (公民身份号码, GB 11643-1999): 6 digits of the place of first
 * registration, 8 of the birth date, 3 of sequence (odd for men, even for women) and a check
 * character computed over the first 17 (ISO 7064 MOD 11-2, `X` for 10). Pure functions.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK = '10X98765432';

/**
 * The check character for the first 17 digits.
 * @example idNumberCheckChar('11010519491231002'); // 'X'
 */
export function idNumberCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('expected 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/** Why an identity number is not valid, or null when it is. */
export function idNumberProblem(value: string): string | null {
  if (!/^\d{17}[\dX]$/.test(value)) return 'must be 18 characters: 17 digits and a digit or X';
  if (value[0] === '0') return 'does not start with a valid province code';
  const y = Number(value.slice(6, 10));
  const m = Number(value.slice(10, 12));
  const d = Number(value.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
    return 'the birth date in it is not a real date';
  if (idNumberCheckChar(value.slice(0, 17)) !== value[17]) return 'the check character does not match (a digit is wrong)';
  return null;
}

/**
 * Puts an identity number in its stored form: trimmed, a lower-case check `x` upper-cased.
 * @example normalizeIdNumber(' 11010519491231002x '); // '11010519491231002X'
 */
export function normalizeIdNumber(value: string): string {
  return value.trim().toUpperCase();
}
