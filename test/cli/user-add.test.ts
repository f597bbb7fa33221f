/**
 * `cityops user add`: creates a user who can then sign in through the API; `--password -` reads
 * standard input; mistakes exit 1 with a message naming the option and create no one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasStackTrace, makeWorkspace, runCli, stopAll, withPlatform, withServices, type Workspace, importCity } from './cli-harness.ts';

const PASSWORD = 'Tall-Tree-2026';

describe('cityops user add', () => {
  let ws: Workspace;
  const userAdd = (args: string[], input?: string) =>
    runCli(['user', 'add', '--name', 'Test User', '--data-dir', ws.dataDir, ...args], ws, input === undefined ? {} : { input });
  const usernames = () =>
    withServices(ws, async (s) => (await s.directory.listUsers(s.geo.getByCode('990000')?.path ?? '/none/')).map((u) => u.username).sort());
  const signIn = (username: string, password: string) =>
    withPlatform(ws, async (p) => {
      const res = await p.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username, password } });
      return { status: res.statusCode, body: res.json<{ user?: { username: string; roles: string[]; jurisdictionId: string } }>() };
    });

  beforeAll(async () => {
    ws = makeWorkspace();
    const city = await importCity(ws);
    expect(city.code, city.stderr).toBe(0);
  }, 120_000);
  afterAll(async () => {
    stopAll();
    await ws.cleanup();
  });

  it('creates a user who can sign in through the API', { timeout: 120_000 }, async () => {
    const r = await userAdd(['--username', 'alice', '--role', 'dispatcher', '--jurisdiction', '990000', '--password', PASSWORD]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('created user alice (dispatcher) scoped to 测试市 990000');
    const ok = await signIn('alice', PASSWORD);
    expect(ok.status).toBe(200);
    expect(ok.body.user).toMatchObject({ username: 'alice', roles: ['dispatcher'] });
    expect((await signIn('alice', 'Wrong-Tree-2026')).status).toBe(401);
  });

  it('--password - reads the password from standard input; several roles', { timeout: 120_000 }, async () => {
    const r = await userAdd(
      ['--username', 'bob', '--role', 'dispatcher', 'intake', '--jurisdiction', '990000', '--password', '-'],
      `${PASSWORD}\n`,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('created user bob (dispatcher, intake)');
    const ok = await signIn('bob', PASSWORD);
    expect(ok.status).toBe(200);
    expect(ok.body.user?.roles).toEqual(['dispatcher', 'intake']);
  });

  const MISTAKES: ReadonlyArray<{ name: string; args: string[]; input?: string; message: RegExp }> = [
    {
      name: 'an unknown role',
      args: ['--username', 'carol', '--role', 'mayor', '--jurisdiction', '990000', '--password', PASSWORD],
      message: /^cityops: --role: unknown role "mayor"$/,
    },
    {
      name: 'an unknown jurisdiction',
      args: ['--username', 'carol', '--role', 'dispatcher', '--jurisdiction', '123456', '--password', PASSWORD],
      message: /^cityops: --jurisdiction: no jurisdiction with id or code "123456"$/,
    },
    {
      name: 'a weak password',
      args: ['--username', 'carol', '--role', 'dispatcher', '--jurisdiction', '990000', '--password', 'short'],
      message: /^cityops: --password: .*at least 10 characters/,
    },
    {
      name: 'a password containing the username',
      args: ['--username', 'carol', '--role', 'dispatcher', '--jurisdiction', '990000', '--password', 'Carol-2026-xyz'],
      message: /^cityops: --password: .*must not contain the username/,
    },
    {
      name: 'an empty standard input for --password -',
      args: ['--username', 'carol', '--role', 'dispatcher', '--jurisdiction', '990000', '--password', '-'],
      input: '',
      message: /^cityops: --password: /,
    },
    {
      name: 'an unknown unit',
      args: ['--username', 'carol', '--role', 'dispatcher', '--jurisdiction', '990000', '--unit', 'NOPE', '--password', PASSWORD],
      message: /^cityops: --unit: no unit with code or id "NOPE"$/,
    },
    {
      name: 'a bad username',
      args: ['--username', 'C', '--role', 'dispatcher', '--jurisdiction', '990000', '--password', PASSWORD],
      message: /^cityops: --username: /,
    },
    {
      name: 'a taken username',
      args: ['--username', 'alice', '--role', 'dispatcher', '--jurisdiction', '990000', '--password', PASSWORD],
      message: /^cityops: --username: username alice is taken$/,
    },
  ];

  it.each(MISTAKES)('refuses $name, naming the option, and creates no one', { timeout: 120_000 }, async ({ args, input, message }) => {
    const before = await usernames();
    const r = await userAdd(args, input);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stderr.trim()).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(r.stdout).toBe('');
    expect(await usernames()).toEqual(before);
  });

  // The service's field names are mapped to the command's option names.
  it('a handler without --unit is told to give --unit', { timeout: 120_000 }, async () => {
    const r = await userAdd(['--username', 'dora', '--role', 'handler', '--jurisdiction', '990000', '--password', PASSWORD]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^cityops: --unit: .*department/m);
  });
});
