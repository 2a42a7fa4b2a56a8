import { defineConfig } from 'vitest/config';

// One test run for the whole workspace; each package keeps its tests beside its code.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'engine', root: './engine', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] } },
      { test: { name: 'flows', root: './flows', include: ['**/*.test.ts'], exclude: ['**/node_modules/**'] } },
      {
        test: {
          name: 'runtime-server',
          root: './runtime-server',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
