// Bundles the server into dist/server.js: workspace TypeScript and pure-JS deps are inlined; packages with native
// code or their own file layout stay external and load from node_modules.
// dist/train-worker.js is the worker thread that trains a published bot's models (src/bots/train-worker.ts); the
// server finds it next to itself (src/bots/worker-training.ts), so both files must stay in the same directory.
import { build } from 'esbuild';

await build({
  entryPoints: { server: 'src/server.ts', 'train-worker': 'src/bots/train-worker.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  // @fastify/static (serves the editor's build at /editor/) reads its MIME table and globs files at run time.
  // pino: one copy, shared with Fastify (the cluster primary logs with it too).
  external: ['fastify', 'ioredis', 'onnxruntime-node', '@fastify/static', 'pino'],
  // ESM output still meets CommonJS dependencies that call require().
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});
