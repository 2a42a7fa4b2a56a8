// `cd e2e && pnpm exec playwright test -c bench.config.ts`: the browser benchmarks in bench/ (they print figures and
// assert only that the measurement happened), with the same server, browser and settings as the tests.
import { defineConfig } from '@playwright/test';
import base from './playwright.config.ts';

export default defineConfig({
  ...base,
  testDir: './bench',
  testMatch: '*.bench.ts',
  timeout: 600_000,
  reporter: [['list']],
});
