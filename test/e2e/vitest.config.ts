import { defineConfig } from 'vitest/config';

/** End-to-end tests in Debian Chromium (npm run e2e); kept out of `npm test`. */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
