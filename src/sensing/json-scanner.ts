/**
 * The JSON lexer under the readings fast path (scan-model.ts): a cursor over one string that reads
 * blanks, punctuation, escape-free strings, object keys from a fixed list, numbers (correctly rounded,
 * as `Number()` gives) and booleans, without building objects. Anything it does not take throws
 * `BAIL`, which the fast path catches to hand the body to `JSON.parse`. Pure: no I/O.
 */

/** Character codes of JSON's punctuation, as `charCodeAt` gives them. */
export const QUOTE = 0x22;
const BACKSLASH = 0x5c;
export const COMMA = 0x2c;
export const COLON = 0x3a;
export const LBRACKET = 0x5b;
export const RBRACKET = 0x5d;
export const LBRACE = 0x7b;
export const RBRACE = 0x7d;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

/** Whether a character code is an ASCII digit. */
export const isDigit = (c: number) => c >= ZERO && c <= NINE;
/** 10^0 … 10^22, each exact in a double. */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/** Thrown (made once, and caught by the fast path) to leave it; never escapes scan-model.ts. */
export const BAIL = new Error('not a plainly written batch of valid readings');

/** A cursor over one JSON text; `i` is the index of the next character. */
export class Scanner {
  i = 0;
  constructor(readonly s: string) {}

  /** Skips blanks (JSON's four whitespace characters). */
  ws(): void {
    const s = this.s;
    let i = this.i;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
    this.i = i;
  }

  /** The next non-blank character, consumed. */
  next(): number {
    this.ws();
    return this.s.charCodeAt(this.i++);
  }

  /** Consumes the next non-blank character, which must be `c`. */
  expect(c: number): void {
    if (this.next() !== c) throw BAIL;
  }

  /** A string without escapes, the opening quote already consumed. */
  string(): string {
    const s = this.s;
    const start = this.i;
    let i = start;
    for (let c = s.charCodeAt(i); c !== QUOTE; c = s.charCodeAt(++i)) if (c === BACKSLASH || Number.isNaN(c)) throw BAIL;
    this.i = i + 1;
    return s.slice(start, i);
  }

  /**
   * Which of `names` the key at the cursor is (the opening quote consumed), without making a
   * string of it; a key not among them (or written with escapes) leaves the fast path.
   */
  key(names: readonly string[]): number {
    const s = this.s;
    for (let k = 0; k < names.length; k++) {
      const name = names[k]!;
      if (s.startsWith(name, this.i) && s.charCodeAt(this.i + name.length) === QUOTE) {
        this.i += name.length + 1;
        return k;
      }
    }
    throw BAIL;
  }

  /** A number in JSON's grammar, its first character `c` already consumed. */
  number(c: number): number {
    const s = this.s;
    const start = this.i - 1;
    let i = this.i;
    const negative = c === MINUS;
    if (negative) c = s.charCodeAt(i++);
    // Digits go into an integer mantissa while it stays exact (15 digits); with at most 22
    // fraction digits, mantissa / 10^k is then the correctly rounded double, as Number() gives.
    let mantissa = 0;
    let digits = 0;
    let scale = 0;
    if (c === ZERO) c = s.charCodeAt(i++);
    else if (isDigit(c)) {
      do {
        mantissa = mantissa * 10 + (c - ZERO);
        digits++;
      } while (isDigit((c = s.charCodeAt(i++))));
    } else throw BAIL;
    if (c === DOT) {
      if (!isDigit((c = s.charCodeAt(i++)))) throw BAIL;
      do {
        mantissa = mantissa * 10 + (c - ZERO);
        digits++;
        scale++;
      } while (isDigit((c = s.charCodeAt(i++))));
    }
    let exact = digits <= 15 && scale <= 22;
    if (c === 0x65 || c === 0x45) {
      exact = false;
      c = s.charCodeAt(i++);
      if (c === PLUS || c === MINUS) c = s.charCodeAt(i++);
      if (!isDigit(c)) throw BAIL;
      while (isDigit((c = s.charCodeAt(i++))));
    }
    this.i = i - 1;
    if (!exact) return Number(s.slice(start, this.i));
    const v = scale === 0 ? mantissa : mantissa / POW10[scale]!;
    return negative ? -v : v;
  }

  /** A number, `true` or `false`. */
  scalar(): number | boolean {
    const c = this.next();
    if (c === 0x74 && this.s.startsWith('rue', this.i)) {
      this.i += 3;
      return true;
    }
    if (c === 0x66 && this.s.startsWith('alse', this.i)) {
      this.i += 4;
      return false;
    }
    return this.number(c);
  }
}
