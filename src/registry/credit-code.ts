/**
 * The unified social credit code (统一社会信用代码, GB 32100-2015) of a legal entity: 18
 * characters from a 31-character alphabet (digits and capitals without I, O, Z, S, V): the
 * registering authority, the entity category, the 6-digit division code, the 9-character
 * organisation code, and a check character (weighted sum modulo 31). Pure functions.
 */

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/**
 * The check character for the first 17 characters.
 * @example creditCodeCheckChar('91350100M000100Y4'); // '3'
 */
export function creditCodeCheckChar(first17: string): string {
  if (first17.length !== 17) throw new Error('expected 17 characters');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = ALPHABET.indexOf(first17[i]!);
    if (v < 0) throw new Error(`character ${first17[i]} is not in the code alphabet`);
    sum += v * WEIGHTS[i]!;
  }
  return ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** Why a credit code is not valid, or null when it is. */
export function creditCodeProblem(value: string): string | null {
  if (value.length !== 18) return 'must be 18 characters';
  const bad = [...value].find((c) => !ALPHABET.includes(c));
  if (bad !== undefined) return `character "${bad}" is not allowed (digits and capitals without I, O, Z, S, V)`;
  if (!/^\d{6}$/.test(value.slice(2, 8))) return 'characters 3–8 must be the division code (digits)';
  if (creditCodeCheckChar(value.slice(0, 17)) !== value[17]) return 'the check character does not match (a character is wrong)';
  return null;
}

/** A credit code in its stored form: trimmed and upper-cased. */
export function normalizeCreditCode(value: string): string {
  return value.trim().toUpperCase();
}
