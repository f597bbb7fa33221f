import { describe, expect, it } from 'vitest';
import { ROLES } from '../api/types.ts';
import { navFor } from './nav.ts';

const links = (...roles: Parameters<typeof navFor>[0]) => navFor(roles).map((n) => n.to);

describe('header links by role', () => {
  it('a handler sees the screen and the workbench, not the supervision board', () => {
    expect(links('handler')).toEqual(['/screen', '/work']);
  });
  it('a shift lead and a dispatcher also see the supervision board', () => {
    expect(links('shift_lead')).toEqual(['/screen', '/work', '/supervision']);
    expect(links('dispatcher')).toEqual(['/screen', '/work', '/supervision']);
  });
  it('a gateway (a machine account) sees no link', () => {
    expect(links('gateway')).toEqual([]);
  });
  it('every staff role reaches the screen and its workbench; several roles: each link once', () => {
    for (const r of ROLES.filter((x) => x !== 'gateway')) expect(links(r).slice(0, 2), r).toEqual(['/screen', '/work']);
    expect(links('handler', 'dispatcher', 'shift_lead')).toEqual(['/screen', '/work', '/supervision']);
  });
});
