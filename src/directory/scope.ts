/**
 * Jurisdiction scopes as materialized paths. A jurisdiction's path lists its ancestors' keys
 * (codes or ids) from the top, joined by '/', with a leading and a trailing slash:
 * `/310000/310101/310101002/`. The trailing slash is what makes a string-prefix test a subtree
 * test: `/3101/` is not a prefix of `/31010/…`, while `3101` would be of `31010`.
 *
 * Every check refuses malformed paths rather than guessing, because a scope check that said yes
 * to `''` would grant the whole city.
 */

// One or more non-empty segments, each followed by a slash, none containing a slash.
const PATH = /^\/(?:[^/]+\/)+$/;

/** Whether `path` is a well-formed materialized path (`/a/`, `/a/b/` …). */
export function isValidPath(path: string): boolean {
  return PATH.test(path);
}

/**
 * The path of a jurisdiction given its ancestors from the top down, itself last:
 * `pathOf(['310000', '310101'])` is `/310000/310101/`.
 * Throws on an empty list or a segment that is empty or contains '/'.
 */
export function pathOf(ancestorsTopDown: readonly string[]): string {
  if (ancestorsTopDown.length === 0) throw new Error('pathOf: a path needs at least one segment');
  for (const s of ancestorsTopDown) {
    if (s.length === 0 || s.includes('/')) throw new Error(`pathOf: invalid path segment ${JSON.stringify(s)}`);
  }
  return `/${ancestorsTopDown.join('/')}/`;
}

/** The segments of a path from the top down; throws if the path is malformed. */
export function segmentsOf(path: string): string[] {
  if (!isValidPath(path)) throw new Error(`not a materialized path: ${JSON.stringify(path)}`);
  return path.slice(1, -1).split('/');
}

/** The path of the parent, or null at the top (or for a malformed path). */
export function parentPath(path: string): string | null {
  if (!isValidPath(path)) return null;
  const i = path.lastIndexOf('/', path.length - 2);
  return i <= 0 ? null : path.slice(0, i + 1);
}

/** The paths of a jurisdiction and all its ancestors, from the top down, itself last. */
export function ancestorPaths(path: string): string[] {
  const out: string[] = [];
  for (let p: string | null = isValidPath(path) ? path : null; p !== null; p = parentPath(p)) out.push(p);
  return out.reverse();
}

/**
 * Whether `path` lies within `scopePath`: equal to it or a descendant. False when either is
 * malformed.
 */
export function isWithin(path: string, scopePath: string): boolean {
  return path.startsWith(scopePath) && isValidPath(scopePath) && isValidPath(path);
}

/** Whether `path` lies within at least one of several scopes (a user may hold more than one). */
export function isWithinAny(path: string, scopePaths: readonly string[]): boolean {
  return scopePaths.some((s) => isWithin(path, s));
}

/**
 * The deepest scope containing every given path (their lowest common ancestor-or-self), or
 * null when they share no top segment, any path is malformed, or none is given.
 * E.g. the scope a case spanning two streets of one district should be supervised from.
 */
export function commonScope(...paths: string[]): string | null {
  const [first, ...rest] = paths;
  if (first === undefined || !paths.every(isValidPath)) return null;
  const common = segmentsOf(first);
  for (const p of rest) {
    const segs = segmentsOf(p);
    let n = 0;
    while (n < common.length && n < segs.length && common[n] === segs[n]) n++;
    common.length = n;
    if (n === 0) return null;
  }
  return pathOf(common);
}
