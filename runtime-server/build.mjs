// Bundles the server into dist/server.js: workspace TypeScript and pure-JS deps are inlined; packages with native
// code or their own file layout stay external and load from node_modules.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/server.ts'],
  outfile: 'dist/server.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  external: ['fastify', 'ioredis', 'onnxruntime-node'],
  // ESM output still meets CommonJS dependencies that call require().
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});
