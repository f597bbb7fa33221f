/** `GET /api/v1/demo/accounts`: the demo sign-ins for the sign-in page — never passwords, and only with the demo. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';

describe('demo accounts', () => {
  let demo: TestPlatform;
  let bare: TestPlatform;
  beforeAll(async () => {
    demo = await startTestPlatform({ pipeline: false });
    bare = await startTestPlatform({ demo: false, pipeline: false });
  });
  afterAll(async () => {
    await demo?.dispose();
    await bare?.dispose();
  });

  it('lists every demo account with roles, display name and scope, anonymously', async () => {
    const res = await demo.app.inject({ method: 'GET', url: '/api/v1/demo/accounts' });
    expect(res.statusCode).toBe(200);
    const { accounts } = res.json<{
      accounts: Array<{ username: string; roles: string[]; displayName: string; scope: { name: string } | null }>;
    }>();
    expect(accounts.map((a) => a.username)).toEqual(demo.accounts!.users.map((u) => u.username));
    const dispatcher = accounts.find((a) => a.username === 'dispatcher')!;
    expect(dispatcher.roles).toEqual(['dispatcher']);
    expect(dispatcher.displayName).toContain('派遣员');
    expect(dispatcher.scope?.name).toBe('黄浦区');
    expect(res.body).not.toMatch(/password|Cityops-demo-2026|hash/i);
  });

  it('is 404 on a platform without the demo', async () => {
    const res = await bare.app.inject({ method: 'GET', url: '/api/v1/demo/accounts' });
    expect(res.statusCode).toBe(404);
    expect(res.json<{ code: string }>().code).toBe('DEMO_OFF');
  });
});
