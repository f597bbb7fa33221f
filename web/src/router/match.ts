/** Path patterns such as `/cases/:id`: pure matching, no DOM. */

/** Parameters taken from a path, e.g. `{ id: '0190…' }` for `/cases/:id`. */
export type Params = Record<string, string>;

/**
 * Matches `path` against `pattern` (segments; `:name` takes one segment; a final `*` takes the
 * rest as `params['*']`). Trailing slashes are ignored; parameters are URL-decoded.
 * @example matchPath('/cases/:id', '/cases/abc') // { id: 'abc' }
 */
export function matchPath(pattern: string, path: string): Params | null {
  const want = pattern.split('/').filter(Boolean);
  const got = path.split('/').filter(Boolean);
  const params: Params = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    if (w === '*') {
      params['*'] = got.slice(i).map(safeDecode).join('/');
      return params;
    }
    const g = got[i];
    if (g === undefined) return null;
    if (w.startsWith(':')) params[w.slice(1)] = safeDecode(g);
    else if (w !== g) return null;
  }
  return got.length === want.length ? params : null;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * A `next` target from a query string, if it is a path on this site (so a crafted link cannot
 * send someone elsewhere after sign-in).
 */
export function safeNext(next: string | null | undefined, fallback: string): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.startsWith('/signin')) return fallback;
  return next;
}
