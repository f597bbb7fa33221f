import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // web/src tests are the browser app's pure logic (router, API client, i18n files), run in Node.
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
