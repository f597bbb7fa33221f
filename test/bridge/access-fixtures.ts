/**
 * Access fixtures for the bridge routes, in the shape of test/access/route-access.test.ts. The
 * admin routes act on city-wide things (scope: the city), so an admin of another district is
 * refused with 403.
 *
 * The inbound route takes the system from the caller's own gateway account ('self'); the access
 * test's gateway account is bound to no system, so its "right caller" answer is 403
 * BRIDGE_NOT_BOUND (`okStatus`); test/bridge/bridge-api.test.ts proves the bound side.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../src/platform/db/schema.ts';
import type { BridgeService } from '../../src/bridge/service.ts';
import { enqueueCallback } from '../../src/bridge/callback-store.ts';
import { newId } from '../../src/platform/ids.ts';

/** What a fixture may use. */
export interface BridgeCtx {
  id(code: string): string;
}

/** A fixture (compatible with route-access.test.ts). */
export interface BridgeFixture {
  request(ctx: BridgeCtx): { url: string; payload?: unknown };
  okStatus?: number;
  unscoped?: 'self';
}

const seeded = { system: '', deadLetter: '' };
let centre: { lon: number; lat: number } = { lon: 0, lat: 0 };
let n = 0;

/** Registers a system and leaves one dead letter of it for the retry route. */
export async function seedBridgeAccess(
  p: { bridge: BridgeService; database: { db: Kysely<DB> }; clock: { now(): number } },
  geo: { getByCode(code: string): { center: [number, number] } | undefined },
): Promise<void> {
  const [lon, lat] = geo.getByCode('310101002')!.center;
  centre = { lon, lat };
  const { system } = await p.bridge.createSystem(
    { name: '访问测试 12345', channel: 'hotline', callbackUrl: 'http://127.0.0.1:9/access-test' },
    { userId: 'access-test', username: 'access-test' },
  );
  seeded.system = system.id;
  seeded.deadLetter = newId();
  const { db } = p.database;
  await enqueueCallback(
    db,
    {
      id: seeded.deadLetter,
      systemId: system.id,
      caseId: 'access-test',
      caseCode: '310101-20261127-9999',
      externalId: 'ACC-1',
      eventId: newId(),
      event: 'accepted',
      payload: '{}',
    },
    p.clock.now(),
  );
  await db
    .updateTable('bridge_callbacks')
    .set({ state: 'dead', attempts: 10, next_attempt_at: null })
    .where('id', '=', seeded.deadLetter)
    .execute();
}

/** The fixtures by `METHOD url`. */
export const BRIDGE_ACCESS_FIXTURES: Record<string, BridgeFixture> = {
  'POST /api/v1/bridge/requests': {
    request: () => ({
      url: '/api/v1/bridge/requests',
      payload: { externalId: `ACC-${++n}`, channel: 'hotline', category: '违章搭建', location: centre, text: '访问测试' },
    }),
    unscoped: 'self',
    okStatus: 403,
  },
  'GET /api/v1/bridge/systems': { request: () => ({ url: '/api/v1/bridge/systems' }) },
  'POST /api/v1/bridge/systems': {
    request: () => ({
      url: '/api/v1/bridge/systems',
      payload: { name: `访问测试系统 ${++n}`, channel: 'portal', callbackUrl: 'http://127.0.0.1:9/x' },
    }),
  },
  'PATCH /api/v1/bridge/systems/:id': {
    request: () => ({ url: `/api/v1/bridge/systems/${seeded.system}`, payload: { callbackUrl: 'http://127.0.0.1:9/y' } }),
  },
  'GET /api/v1/bridge/mapping': { request: () => ({ url: '/api/v1/bridge/mapping' }) },
  'PUT /api/v1/bridge/mapping': {
    request: () => ({ url: '/api/v1/bridge/mapping', payload: { items: [{ text: '访问测试', category: 'E0101' }] } }),
  },
  'GET /api/v1/bridge/callbacks': { request: () => ({ url: '/api/v1/bridge/callbacks?state=dead' }) },
  'POST /api/v1/bridge/callbacks/:id/retry': { request: () => ({ url: `/api/v1/bridge/callbacks/${seeded.deadLetter}/retry` }) },
};
