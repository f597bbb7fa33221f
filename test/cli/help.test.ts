/** `cityops --help` and `<command> --help`: exit 0 and name every option. */
import { describe, expect, it } from 'vitest';
import { baseEnv, hasStackTrace, runCli } from './cli-harness.ts';

const env = { env: baseEnv() };

const CASES: ReadonlyArray<{ args: string[]; mentions: string[] }> = [
  { args: ['--help'], mentions: ['Usage: cityops', 'start', 'migrate', 'import', 'user'] },
  { args: ['start', '--help'], mentions: ['Usage: cityops start', '--port', '--data-dir', '--no-demo', '--host', '--clock'] },
  { args: ['migrate', '--help'], mentions: ['Usage: cityops migrate', '--data-dir'] },
  { args: ['import', '--help'], mentions: ['Usage: cityops import', 'jurisdictions', 'cases'] },
  { args: ['import', 'cases', '--help'], mentions: ['Usage: cityops import cases', '--format'] },
  {
    args: ['import', 'jurisdictions', '--help'],
    mentions: [
      'Usage: cityops import jurisdictions',
      '<file>',
      '--level',
      '--code-prop',
      '--name-prop',
      '--parent-prop',
      '--crs',
      'gcj02',
      '--data-dir',
    ],
  },
  { args: ['user', '--help'], mentions: ['Usage: cityops user', 'add'] },
  {
    args: ['user', 'add', '--help'],
    mentions: [
      'Usage: cityops user add',
      '--username',
      '--name',
      '--role',
      'dispatcher',
      '--jurisdiction',
      '--unit',
      '--password',
      'standard input',
      '--data-dir',
    ],
  },
];

describe('cityops --help', () => {
  it.each(CASES)('$args exits 0 and mentions its options', async ({ args, mentions }) => {
    const r = await runCli(args, env);
    expect(r.code, r.stderr).toBe(0);
    for (const m of mentions) expect(r.stdout).toContain(m);
    expect(r.stderr).toBe('');
  });

  it('an unknown command exits non-zero with a message and no stack trace', async () => {
    const r = await runCli(['frobnicate'], env);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/unknown command 'frobnicate'/);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });
});
