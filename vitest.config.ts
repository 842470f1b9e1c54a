import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globals: true,
    include: ['tests/**/*.test.ts'],
    setupFiles: ['tests/setup.ts'],
    // Witness tests open loopback sockets and the packed-client test runs npm:
    // both are bounded by their own timers, these are the outer safety nets.
    testTimeout: 60_000,
    hookTimeout: 600_000,
    pool: 'forks',
  },
});
