// Entry point: configuration → session store → bots → HTTP server, and a clean shutdown on SIGINT/SIGTERM.
// With WORKERS ≥ 1 this process becomes the cluster primary and each worker runs `serve` (cluster.ts).
import cluster from 'node:cluster';
import { buildApp } from './app.ts';
import { DirectoryModelCache } from './bots/model-cache.ts';
import { FileBotRepository } from './bots/repository.ts';
import { importBotsDir, loadPublishedBots } from './bots/startup.ts';
import { pino } from 'pino';
import { runPrimary, workerPeers } from './cluster.ts';
import { loadConfig, type ServerConfig } from './config.ts';
import { generateEditorToken } from './flows-api/auth.ts';
import { piiSafeLoggerOptions } from './privacy/log.ts';
import { createSessionStore, redactUrl } from './store/index.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.workers === 0 || cluster.isWorker) return serve(config);
  // The primary imports BOTS_DIR once, before the workers start, so they do not race to create the same version.
  await importBotsDir(new FileBotRepository(config.dataDir), config.botsDir);
  const logger = pino(piiSafeLoggerOptions(config.logLevel));
  // One token for all workers (the editor's writes may reach any of them), generated and announced here, once.
  const env: Record<string, string> = {};
  if (!config.editorToken) {
    env.EDITOR_TOKEN = generateEditorToken();
    logger.warn(generatedTokenMessage(env.EDITOR_TOKEN));
  }
  runPrimary({ workers: config.workers, env, logger });
}

async function serve(config: ServerConfig): Promise<void> {
  const store = await createSessionStore({
    redisUrl: config.redisUrl, prefix: config.redisPrefix, ttlSeconds: config.sessionTtlSeconds, compressAbove: config.sessionCompressAbove,
  });
  const started = performance.now();
  // Bots are versioned data: BOTS_DIR is imported into the repository (version 1 on first start), and the newest
  // published version of each bot is served; the flows API publishes new versions and hot-reloads them.
  const repository = new FileBotRepository(config.dataDir);
  const imported = await importBotsDir(repository, config.botsDir);
  const modelCache = config.modelCacheDir ? new DirectoryModelCache(config.modelCacheDir) : undefined;
  const { registry: bots, loaded } = await loadPublishedBots(repository, { timeZone: config.timeZone, modelCache });
  const editorToken = config.editorToken ?? generateEditorToken();
  const peers = cluster.isWorker ? workerPeers({ onTimeout: (bot, version) => app.log.warn({ bot, version }, 'other workers have not adopted the published version yet; answering anyway') }) : undefined;
  const flows = { repository, editorToken, timeZone: config.timeZone, modelCache, ...(peers ? { peers } : {}) };
  const app = await buildApp({ store, bots, logger: piiSafeLoggerOptions(config.logLevel), limits: config.limits, corsOrigins: config.corsOrigins, flows, editorDir: config.editorDir });
  app.addHook('onClose', async () => store.close());

  app.log.info(
    store.kind === 'redis'
      ? { store: 'redis', url: redactUrl(config.redisUrl ?? '') }
      : { store: 'memory' },
    store.kind === 'redis'
      ? 'sessions are kept in Redis'
      : 'sessions are kept in memory (set REDIS_URL to keep them in Redis and share them between servers)',
  );
  app.log.info({ bots: bots.names(), loadMs: Math.round(performance.now() - started) }, 'bots loaded and models trained');
  app.log.info({ dataDir: config.dataDir, loaded, imported: imported.filter((i) => i.created !== null) }, 'bot versions in service');
  app.log.info({ editorDir: config.editorDir }, `the flow editor is served at http://127.0.0.1:${config.port}/editor/`);
  if (!config.editorToken) app.log.warn(generatedTokenMessage(editorToken));

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing turns in flight, refusing new ones');
    await app.drain();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  // A worker whose primary is gone (killed) gets no new connections: finish what is in flight and leave.
  if (cluster.isWorker) process.on('disconnect', () => void shutdown('primary gone'));

  await app.listen({ port: config.port, host: config.host, backlog: config.listenBacklog });
}

function generatedTokenMessage(token: string): string {
  return `EDITOR_TOKEN is not set; the flows API's write routes accept this token, generated for this run: ${token}`;
}

main().catch((error: unknown) => {
  console.error(`statecraft: failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
