import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globals: true,
    setupFiles: ['tests/setup.ts'],
    // Witness tests open loopback sockets and the e2e tests run npm, git and ESLint:
    // all are bounded by their own timers, these are the outer safety nets.
    testTimeout: 60_000,
    hookTimeout: 600_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/**/*.test.ts'], exclude: ['tests/e2e/**'] },
      },
      {
        // The packed plugin where users meet it: its globalSetup packs once and installs the
        // temporary projects, and runs only when an e2e file is selected.
        extends: true,
        test: { name: 'e2e', include: ['tests/e2e/**/*.test.ts'], globalSetup: ['tests/e2e/global-setup.ts'], testTimeout: 180_000 },
      },
    ],
  },
});
