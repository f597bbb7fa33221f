import { defineConfig } from 'vitest/config';

const BROWSER_TESTS = 'test/web/**/*.browser.test.ts';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          // web/src tests are the browser app's pure logic (router, API client, i18n files), run in Node.
          include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
          exclude: [BROWSER_TESTS, '**/node_modules/**'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          // Chromium with SwiftShader needs the machine to itself: on 2 shared cores, run beside
          // the rest of the suite its page loads took long enough to trip waits. So they run
          // last, one file at a time.
          name: 'browser',
          include: [BROWSER_TESTS],
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
