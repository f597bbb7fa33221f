/**
 * Password hashing and the password policy. Hashes are scrypt (node:crypto) with the
 * parameters written into the stored string, so the cost can be raised later and old hashes
 * still verify (and can be recognised for rehashing on the next sign-in).
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** scrypt cost parameters as stored beside each hash. */
export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  N: number;
  /** Block size. */
  r: number;
  /** Parallelism. */
  p: number;
  /** Derived key length in bytes. */
  keylen: number;
}

/**
 * The parameters new hashes are made with. OWASP suggests N=2^17 at r=8; 2^14 (16 MiB, tens of
 * milliseconds) keeps sign-in cheap on small machines, and since the parameters are stored with
 * each hash they can be raised later without invalidating old ones.
 */
export const DEFAULT_SCRYPT_PARAMS: Readonly<ScryptParams> = Object.freeze({ N: 16384, r: 8, p: 1, keylen: 32 });

const SALT_BYTES = 16;
const PREFIX = 'scrypt';

// Bounds on parameters read back from storage: a corrupted or hostile row must not make one
// verification allocate gigabytes or spin for minutes.
const MAX_N = 1 << 20;
const MAX_R = 32;
const MAX_P = 16;
const MIN_KEYLEN = 16;
const MAX_KEYLEN = 128;

/**
 * Passwords are compared after NFKC normalisation so that the same password typed with a
 * full-width IME or a composed/decomposed accent still matches.
 */
function normalise(pw: string): string {
  return pw.normalize('NFKC');
}

function derive(pw: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  // scrypt needs about 128·N·r bytes; leave headroom above Node's 32 MiB default for larger N.
  const maxmem = 256 * params.N * params.r + 1024 * 1024;
  return new Promise((resolve, reject) => {
    const options = { N: params.N, r: params.r, p: params.p, maxmem };
    scrypt(normalise(pw), salt, params.keylen, options, (err, key) => {
      if (err) reject(err);
      else resolve(key);
    });
  });
}

/** Hashes a password with a fresh random salt: `scrypt$N$r$p$<salt base64>$<hash base64>`. */
export async function hashPassword(pw: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(pw, salt, params);
  return [PREFIX, params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

interface ParsedHash {
  params: ScryptParams;
  salt: Buffer;
  key: Buffer;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function parseIntStrict(s: string): number | null {
  return /^[1-9][0-9]{0,9}$/.test(s) ? Number(s) : null;
}

/** Reads a stored hash; null when it is not one this module wrote or its parameters are out of bounds. */
function parseStored(stored: string): ParsedHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6) return null;
  const [prefix, nS, rS, pS, saltS, keyS] = parts as [string, string, string, string, string, string];
  if (prefix !== PREFIX || !BASE64.test(saltS) || !BASE64.test(keyS)) return null;
  const N = parseIntStrict(nS);
  const r = parseIntStrict(rS);
  const p = parseIntStrict(pS);
  if (N === null || r === null || p === null) return null;
  // N must be a power of two greater than 1 for scrypt.
  if (N < 2 || N > MAX_N || (N & (N - 1)) !== 0 || r > MAX_R || p > MAX_P) return null;
  const salt = Buffer.from(saltS, 'base64');
  const key = Buffer.from(keyS, 'base64');
  if (salt.length === 0 || key.length < MIN_KEYLEN || key.length > MAX_KEYLEN) return null;
  return { params: { N, r, p, keylen: key.length }, salt, key };
}

/**
 * Whether `pw` matches a stored hash. A malformed stored value verifies as false rather than
 * throwing, so a damaged row locks one account out instead of failing the sign-in route.
 */
export async function verifyPassword(pw: string, stored: string): Promise<boolean> {
  const parsed = parseStored(stored);
  if (parsed === null) return false;
  const key = await derive(pw, parsed.salt, parsed.params);
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}

/**
 * Whether a stored hash was made with other parameters than `params` (or cannot be read), so
 * the sign-in service should store a fresh hash after a successful verification.
 */
export function passwordNeedsRehash(stored: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): boolean {
  const parsed = parseStored(stored);
  if (parsed === null) return true;
  const q = parsed.params;
  return q.N !== params.N || q.r !== params.r || q.p !== params.p || q.keylen !== params.keylen;
}

/** Why a password is refused; stable codes that screens translate with {@link PASSWORD_PROBLEM_LABELS}. */
export type PasswordProblem = 'too_short' | 'too_few_classes' | 'contains_username';

/** Labels for each policy problem, Chinese and English. */
export const PASSWORD_PROBLEM_LABELS: Readonly<Record<PasswordProblem, { zh: string; en: string }>> = {
  too_short: { zh: '密码长度至少 10 位', en: 'The password must be at least 10 characters long.' },
  too_few_classes: {
    zh: '密码须包含小写字母、大写字母、数字、符号中的至少三类',
    en: 'The password must mix at least three of: lower-case letters, upper-case letters, digits, symbols.',
  },
  contains_username: { zh: '密码不得包含用户名', en: 'The password must not contain the username.' },
};

/** Minimum length in characters (code points, so a Chinese character counts once). */
export const PASSWORD_MIN_LENGTH = 10;
/** How many of the four character classes a password must use. */
export const PASSWORD_MIN_CLASSES = 3;

/** How many of lower, upper, digit, symbol appear; anything not a cased letter or digit is a symbol. */
export function characterClassCount(pw: string): number {
  let lower = false;
  let upper = false;
  let digit = false;
  let symbol = false;
  for (const ch of pw) {
    if (/\p{Ll}/u.test(ch)) lower = true;
    else if (/\p{Lu}/u.test(ch)) upper = true;
    else if (/\p{Nd}/u.test(ch)) digit = true;
    else symbol = true;
  }
  return Number(lower) + Number(upper) + Number(digit) + Number(symbol);
}

/**
 * What is wrong with a new password under the 等保 2.0-style policy (length ≥ 10, at least three
 * of four character classes, not containing the username, case-insensitively). Empty when it
 * is acceptable.
 */
export function passwordPolicyProblems(pw: string, ctx: { username: string }): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const normal = normalise(pw);
  if ([...normal].length < PASSWORD_MIN_LENGTH) problems.push('too_short');
  if (characterClassCount(normal) < PASSWORD_MIN_CLASSES) problems.push('too_few_classes');
  const username = normalise(ctx.username).trim().toLowerCase();
  if (username.length > 0 && normal.toLowerCase().includes(username)) problems.push('contains_username');
  return problems;
}
