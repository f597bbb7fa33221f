import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ancestorPaths, commonScope, isValidPath, isWithin, isWithinAny, parentPath, pathOf, segmentsOf } from './scope.ts';

const CITY = '/310000/';
const HUANGPU = '/310000/310101/';
const NANJING = '/310000/310101/310101002/';

describe('pathOf / segmentsOf', () => {
  it('joins ancestors top-down with leading and trailing slashes', () => {
    expect(pathOf(['310000'])).toBe(CITY);
    expect(pathOf(['310000', '310101', '310101002'])).toBe(NANJING);
    expect(segmentsOf(NANJING)).toEqual(['310000', '310101', '310101002']);
  });

  it('refuses empty lists and bad segments', () => {
    expect(() => pathOf([])).toThrow();
    expect(() => pathOf(['310000', ''])).toThrow();
    expect(() => pathOf(['310000', 'a/b'])).toThrow();
    expect(() => segmentsOf('310000/')).toThrow();
  });

  it('recognises well-formed paths only', () => {
    for (const ok of [CITY, NANJING, '/a/', '/01HZ-uuid/x/']) expect(isValidPath(ok)).toBe(true);
    for (const bad of ['', '/', '//', '/a', 'a/', '/a//b/', '310000', '/a/b']) expect(isValidPath(bad)).toBe(false);
  });
});

describe('parentPath / ancestorPaths', () => {
  it('walks up the tree', () => {
    expect(parentPath(NANJING)).toBe(HUANGPU);
    expect(parentPath(HUANGPU)).toBe(CITY);
    expect(parentPath(CITY)).toBeNull();
    expect(parentPath('bad')).toBeNull();
    expect(ancestorPaths(NANJING)).toEqual([CITY, HUANGPU, NANJING]);
    expect(ancestorPaths('bad')).toEqual([]);
  });
});

describe('isWithin', () => {
  it('holds for the scope itself and its descendants', () => {
    expect(isWithin(NANJING, NANJING)).toBe(true);
    expect(isWithin(NANJING, HUANGPU)).toBe(true);
    expect(isWithin(NANJING, CITY)).toBe(true);
    expect(isWithin(HUANGPU, NANJING)).toBe(false);
    expect(isWithin('/310000/310104/', HUANGPU)).toBe(false);
  });

  it('does not confuse a code with a longer code it prefixes', () => {
    expect(isWithin('/31010/', '/3101/')).toBe(false);
    expect(isWithin('/310000/3101011/', '/310000/310101/')).toBe(false);
    expect(isWithin('/310000/310101/', '/310000/31010/')).toBe(false);
  });

  it('refuses malformed scopes rather than granting everything', () => {
    expect(isWithin(NANJING, '')).toBe(false);
    expect(isWithin(NANJING, '/')).toBe(false);
    expect(isWithin(NANJING, '/310000')).toBe(false);
    expect(isWithin('/310000', '/310000')).toBe(false);
  });

  it('checks several scopes', () => {
    expect(isWithinAny(NANJING, ['/310000/310104/', HUANGPU])).toBe(true);
    expect(isWithinAny(NANJING, [])).toBe(false);
  });

  it('agrees with a segment-by-segment definition', () => {
    const seg = fc.constantFrom('3', '31', '310', '3101', '31010', '310101', 'a', 'a1');
    const path = fc.array(seg, { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(path, path, (p, s) => {
        const expected = s.length <= p.length && s.every((x, i) => p[i] === x);
        expect(isWithin(pathOf(p), pathOf(s))).toBe(expected);
      }),
    );
  });
});

describe('commonScope', () => {
  it('finds the deepest shared ancestor-or-self', () => {
    expect(commonScope(NANJING)).toBe(NANJING);
    expect(commonScope(NANJING, '/310000/310101/310101013/')).toBe(HUANGPU);
    expect(commonScope(NANJING, '/310000/310104/310104003/')).toBe(CITY);
    expect(commonScope(NANJING, HUANGPU)).toBe(HUANGPU);
  });

  it('is null when nothing is shared, nothing is given, or a path is malformed', () => {
    expect(commonScope()).toBeNull();
    expect(commonScope('/310000/', '/320000/')).toBeNull();
    expect(commonScope(NANJING, 'bad')).toBeNull();
  });

  it('contains every input and nothing deeper does', () => {
    const seg = fc.constantFrom('a', 'b', 'c');
    const path = fc.array(seg, { minLength: 1, maxLength: 4 }).map((s) => pathOf(['root', ...s]));
    fc.assert(
      fc.property(fc.array(path, { minLength: 1, maxLength: 5 }), (paths) => {
        const c = commonScope(...paths);
        expect(c).not.toBeNull();
        if (c === null) return;
        for (const p of paths) expect(isWithin(p, c)).toBe(true);
        for (const child of ['a', 'b', 'c'].map((x) => `${c}${x}/`)) {
          expect(paths.every((p) => isWithin(p, child))).toBe(false);
        }
      }),
    );
  });
});
