import { describe, expect, it } from 'vitest';
import { matchPath, safeNext } from './match.ts';

describe('matchPath', () => {
  it('matches literal and parameter segments, decoding parameters', () => {
    expect(matchPath('/work', '/work')).toEqual({});
    expect(matchPath('/work', '/work/')).toEqual({});
    expect(matchPath('/cases/:id', '/cases/310101-20261127-0042')).toEqual({ id: '310101-20261127-0042' });
    expect(matchPath('/cases/:id', '/cases/a%20b')).toEqual({ id: 'a b' });
    expect(matchPath('/', '/')).toEqual({});
  });
  it('refuses other paths, longer or shorter', () => {
    expect(matchPath('/work', '/screen')).toBeNull();
    expect(matchPath('/cases/:id', '/cases')).toBeNull();
    expect(matchPath('/cases/:id', '/cases/1/timeline')).toBeNull();
    expect(matchPath('/', '/work')).toBeNull();
  });
  it('a final * takes the rest', () => {
    expect(matchPath('*', '/any/thing')).toEqual({ '*': 'any/thing' });
    expect(matchPath('/screen/*', '/screen/310101/310101002')).toEqual({ '*': '310101/310101002' });
  });
  it('keeps a malformed escape as it is', () => {
    expect(matchPath('/cases/:id', '/cases/%E0%A4%A')).toEqual({ id: '%E0%A4%A' });
  });
});

describe('safeNext', () => {
  it('accepts paths on this site', () => {
    expect(safeNext('/cases/1?x=2', '/work')).toBe('/cases/1?x=2');
  });
  it.each([null, '', 'https://evil.example/', '//evil.example/x', '/\\evil.example', '/signin?next=/x', 'work'])('refuses %s', (next) => {
    expect(safeNext(next, '/work')).toBe('/work');
  });
});
