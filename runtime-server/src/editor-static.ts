// Serves the built visual editor (editor/dist, a Vite single-page app with base /editor/) at /editor/.
// Hashed assets (/editor/assets/*) are cached for a year; index.html is revalidated on every load, so a rebuilt editor
// is picked up at once. Any other /editor/* path that is not a file is the app's own (SPA fallback → index.html).
// Without a build the routes answer a JSON 503 that says how to build it; the API is unaffected either way.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export const EDITOR_PREFIX = '/editor';
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';
export const EDITOR_NOT_BUILT_MESSAGE =
  'The editor is not built: run `pnpm --filter @statecraft/editor build` (npm start does it) and restart, or point EDITOR_DIR at a build.';

const notBuilt = (dir: string) => ({ error: { code: 'editor_not_built', message: `${EDITOR_NOT_BUILT_MESSAGE} (looked in ${dir})` } });

/** Registers GET /editor (redirect) and /editor/* (the app, or a 503 when `dir` has no index.html). */
export async function registerEditor(app: FastifyInstance, editorDir: string): Promise<void> {
  const dir = resolve(editorDir);
  const built = existsSync(join(dir, 'index.html'));

  app.get(EDITOR_PREFIX, async (request, reply) => {
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    return reply.redirect(`${EDITOR_PREFIX}/${query}`, 302);
  });

  if (!built) {
    app.log.warn({ editorDir: dir }, 'the editor is not built; /editor/ answers 503 until it is (pnpm --filter @statecraft/editor build)');
    const unavailable = async (_request: FastifyRequest, reply: FastifyReply) => reply.status(503).header('cache-control', 'no-store').send(notBuilt(dir));
    app.get(`${EDITOR_PREFIX}/`, unavailable);
    app.get(`${EDITOR_PREFIX}/*`, unavailable);
    return;
  }

  await app.register(
    async (scope) => {
      await scope.register(fastifyStatic, {
        root: dir,
        prefix: '/',
        wildcard: true,
        index: ['index.html'],
        redirect: false,
        serveDotFiles: false,
        cacheControl: false,
        etag: true,
        lastModified: true,
        setHeaders: (res, path) => {
          // Vite names everything under assets/ by content hash; index.html (and anything else) must be revalidated.
          res.setHeader('cache-control', path.startsWith(join(dir, 'assets')) ? IMMUTABLE : REVALIDATE);
          // Node's MIME table knows .wasm; say it explicitly all the same, streaming compilation depends on it.
          if (path.endsWith('.wasm')) res.setHeader('content-type', 'application/wasm');
        },
      });
      // A path under /editor/ that is not a file: a page of the app (client-side routing), unless it looks like a
      // missing asset, which gets a plain 404 rather than HTML where a script or a .wasm was expected.
      scope.setNotFoundHandler(async (request, reply) => {
        const path = request.url.split('?')[0] ?? '';
        const isPage = (request.method === 'GET' || request.method === 'HEAD') && !path.startsWith(`${EDITOR_PREFIX}/assets/`) && !/\.[a-z0-9]+$/i.test(path);
        if (!isPage) return reply.status(404).send({ error: { code: 'not_found', message: 'No such file in the editor build.' } });
        return reply.header('cache-control', REVALIDATE).sendFile('index.html', dir, { cacheControl: false });
      });
    },
    { prefix: EDITOR_PREFIX },
  );
}
