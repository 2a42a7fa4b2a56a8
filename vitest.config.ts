import { defineConfig } from 'vitest/config';

// One test run for the whole workspace; each package keeps its tests beside its code.
export default defineConfig({
  test: {
    // Separate processes: the date tests switch process.env.TZ, which worker threads ignore.
    pool: 'forks',
    projects: [
      { test: { name: 'engine', root: './engine', pool: 'forks', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] } },
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
      // The editor's component tests (jsdom), configured in editor/vite.config.ts.
      './editor',
    ],
  },
});
