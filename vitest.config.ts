import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// One test run for the whole workspace; each package keeps its tests beside its code.
export default defineConfig({
  test: {
    // Separate processes: the date tests switch process.env.TZ, which worker threads ignore.
    pool: 'forks',
    // Vitest's default is one worker less than the cores, which on the 2-core CI box is one file at a time: a third of
    // that run's 331 s passed between files (forking, importing). Two workers: 254 s for the same tests (2026-12-07).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // A test fails on what it asserts, not on a busy 2-core CI box: training tests that take 1–2 s alone took 5.8 s
    // in a full run (2026-12-06) and hit the 5 s default. Each project sets it, because projects do not inherit it.
    projects: [
      { test: { name: 'engine', root: './engine', pool: 'forks', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 30_000 } },
      { test: { name: 'flows', root: './flows', include: ['**/*.test.ts'], exclude: ['**/node_modules/**'], testTimeout: 30_000 } },
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
