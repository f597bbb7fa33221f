/**
 * Access fixtures for the registry and grant routes, in the shape of
 * test/access/route-access.test.ts (which merges them and calls `seedRegistryAccess` in its
 * beforeAll). Resources live in 黄浦区 (310101): a person in 云南中路居委会 and three grants of
 * a community worker of 南京东路街道 (one to approve, one to deny, one approved to revoke),
 * requested by that worker so the test's city shift lead may decide them.
 *
 * Routes without a scope resolver: a single record or grant outside the caller's scope is a 404;
 * an import row outside it is refused row by row; a grant request over another jurisdiction is a
 * 403 from the service.
 */
import { expect } from 'vitest';
import type { Platform } from '../../src/compose.ts';
import { CLI_ACTOR } from '../../src/registry/actor.ts';

/** What a fixture may use (a subset of route-access.test.ts's context). */
export interface RegistryCtx {
  p: Platform;
  id(code: string): string;
}

/** A fixture (compatible with route-access.test.ts). */
export interface RegistryFixture {
  request(ctx: RegistryCtx): { url: string; payload?: unknown };
  unscoped?: 'self' | ((res: { statusCode: number; json(): unknown }) => void);
  unscopedStatus?: number;
}

/** A valid synthetic ID number (GB 11643 check character) for the fixture person. */
export const ACCESS_ID_NUMBER = '11010519491231002X';
const COMMUNITY = '310101002001';
const DAY = 86_400_000;

const state = { person: '', approve: '', deny: '', revoke: '' };
let n = 0;

/** Stores the person and the grants the fixtures act on. */
export async function seedRegistryAccess(p: Platform): Promise<void> {
  const report = await p.registry.import('person', [{ community: COMMUNITY, name: '访问测试', idNumber: ACCESS_ID_NUMBER }], CLI_ACTOR);
  state.person = report.records[0]!.id;
  const street = p.geo.getByCode('310101002')!;
  const password = 'Registry-access-2026!';
  const worker = await p.directory.createUser({
    username: 'acc_registry_worker',
    displayName: 'registry worker',
    password,
    roles: ['community_worker'],
    jurisdictionId: street.id,
  });
  const lead = await p.directory.createUser({
    username: 'acc_registry_lead',
    displayName: 'registry lead',
    password,
    roles: ['shift_lead'],
    jurisdictionId: p.geo.getByCode('310101')!.id,
  });
  const asWorker = { userId: worker.id, username: worker.username, roles: worker.roles, scopePath: street.path };
  const asLead = { userId: lead.id, username: lead.username, roles: lead.roles, scopePath: p.geo.getByCode('310101')!.path };
  const request = async () =>
    (
      await p.registry.grants.request(
        {
          granteeUserId: worker.id,
          purpose: 'welfare_visit',
          scope: { kind: 'jurisdiction', subjectKind: 'person', jurisdictionId: street.id },
          reason: '访问测试走访',
          validUntil: p.clock.now() + 5 * DAY,
        },
        asWorker,
      )
    ).id;
  state.approve = await request();
  state.deny = await request();
  state.revoke = await request();
  await p.registry.grants.approve(state.revoke, asLead);
}

const refusedRowByRow = (res: { json(): unknown }) => expect(res.json()).toMatchObject({ accepted: 0, updated: 0, rejectedRows: 1 });

/** The fixtures by `METHOD url`. */
export const REGISTRY_ACCESS_FIXTURES: Record<string, RegistryFixture> = {
  'GET /api/v1/registry/:kind': { request: (c) => ({ url: `/api/v1/registry/person?jurisdiction=${c.id('310101')}` }) },
  'GET /api/v1/registry/:kind/export': {
    request: (c) => ({ url: `/api/v1/registry/person/export?format=csv&jurisdiction=${c.id('310101')}` }),
  },
  'GET /api/v1/registry/:kind/:id': {
    request: () => ({ url: `/api/v1/registry/person/${state.person}` }),
    unscoped: () => undefined,
    unscopedStatus: 404,
  },
  'POST /api/v1/registry/:kind/import': {
    request: () => ({
      url: '/api/v1/registry/person/import',
      payload: [{ community: COMMUNITY, name: `访问${++n}`, idNumber: ACCESS_ID_NUMBER }],
    }),
    unscoped: refusedRowByRow,
  },
  'POST /api/v1/grants': {
    request: (c) => ({
      url: '/api/v1/grants',
      payload: {
        purpose: 'welfare_visit',
        scope: { kind: 'jurisdiction', subjectKind: 'person', jurisdictionId: c.id('310101') },
        reason: '访问测试走访',
        validUntil: c.p.clock.now() + DAY,
      },
    }),
    unscoped: () => undefined,
    unscopedStatus: 403,
  },
  'GET /api/v1/grants': { request: () => ({ url: '/api/v1/grants?view=to_approve' }), unscoped: 'self' },
  'GET /api/v1/grants/:id': { request: () => ({ url: `/api/v1/grants/${state.approve}` }), unscoped: () => undefined, unscopedStatus: 404 },
  'POST /api/v1/grants/:id/approve': { request: () => ({ url: `/api/v1/grants/${state.approve}/approve`, payload: {} }) },
  'POST /api/v1/grants/:id/deny': { request: () => ({ url: `/api/v1/grants/${state.deny}/deny`, payload: { note: '访问测试' } }) },
  'POST /api/v1/grants/:id/revoke': { request: () => ({ url: `/api/v1/grants/${state.revoke}/revoke`, payload: {} }) },
};
