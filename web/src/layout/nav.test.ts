import { describe, expect, it } from 'vitest';
import { ROLES } from '../api/types.ts';
import { navFor, PUBLIC_NAV } from './nav.ts';

const links = (...roles: Parameters<typeof navFor>[0]) => navFor(roles).map((n) => n.to);

describe('header links by role', () => {
  it('a handler sees the screen, the workbench, the base data and grants — not the supervision board nor the audit log', () => {
    expect(links('handler')).toEqual(['/screen', '/work', '/registry', '/grants']);
  });
  it('a shift lead and a dispatcher also see the supervision board and the evaluation', () => {
    expect(links('shift_lead')).toEqual(['/screen', '/work', '/supervision', '/evaluation', '/registry', '/grants', '/moderation']);
    expect(links('dispatcher')).toEqual(['/screen', '/work', '/supervision', '/evaluation', '/registry', '/grants']);
  });
  it('the evaluation for those the platform lets read it: admins, shift leads, dispatchers and auditors', () => {
    for (const r of ['admin', 'shift_lead', 'dispatcher', 'auditor'] as const) expect(links(r), r).toContain('/evaluation');
    for (const r of ['handler', 'inspector', 'intake', 'community_worker'] as const) expect(links(r), r).not.toContain('/evaluation');
  });
  it('a community worker reads the base data; an inspector only asks for grants; auditors and admins see the audit log', () => {
    expect(links('community_worker')).toEqual(['/screen', '/work', '/registry', '/grants']);
    expect(links('inspector')).toEqual(['/screen', '/work', '/grants']);
    expect(links('auditor')).toContain('/audit');
    expect(links('auditor')).not.toContain('/registry');
    expect(links('admin')).toEqual(expect.arrayContaining(['/registry', '/grants', '/audit']));
    expect(links('intake')).not.toEqual(expect.arrayContaining(['/registry']));
  });
  it('a gateway (a machine account) sees no link', () => {
    expect(links('gateway')).toEqual([]);
  });
  it('every staff role reaches the screen and its workbench; several roles: each link once', () => {
    for (const r of ROLES.filter((x) => x !== 'gateway')) expect(links(r).slice(0, 2), r).toEqual(['/screen', '/work']);
    expect(links('handler', 'dispatcher', 'shift_lead')).toEqual([
      '/screen',
      '/work',
      '/supervision',
      '/evaluation',
      '/registry',
      '/grants',
      '/moderation',
    ]);
  });
  it('moderation for admins, shift leads and intake operators; the bridge for admins only', () => {
    expect(links('intake')).toContain('/moderation');
    expect(links('admin')).toEqual(expect.arrayContaining(['/moderation', '/bridge']));
    for (const r of ['dispatcher', 'handler', 'inspector', 'community_worker', 'auditor'] as const) {
      expect(links(r), r).not.toContain('/moderation');
      expect(links(r), r).not.toContain('/bridge');
    }
    expect(links('shift_lead')).not.toContain('/bridge');
  });
  it('someone not signed in is offered the portal, the open data and sign-in', () => {
    expect(PUBLIC_NAV.map((n) => n.to)).toEqual(['/report', '/follow', '/open', '/signin']);
  });
});
