/// <reference types="vitest/config" />
// Vite config of the flow editor. Served under /editor/ (the runtime server or any static host); the dev server
// proxies the API (/v1) to a runtime server on 127.0.0.1:8080.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/editor/',
  plugins: [react()],
  server: {
    proxy: { '/v1': { target: 'http://127.0.0.1:8080', changeOrigin: false } },
  },
  preview: {
    proxy: { '/v1': { target: 'http://127.0.0.1:8080', changeOrigin: false } },
  },
  // onnxruntime-web finds its .wasm through import.meta.url / ort.env.wasm.wasmPaths; pre-bundling breaks that.
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  worker: { format: 'es' },
  build: {
    outDir: 'dist',
    target: 'es2022',
    chunkSizeWarningLimit: 2048,
  },
  test: {
    name: 'editor',
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test-setup.ts'],
    // Model-training tests run seconds on a busy 2-core CI box; see the root vitest.config.ts.
    testTimeout: 30_000,
  },
});
