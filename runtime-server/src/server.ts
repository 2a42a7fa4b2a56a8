// Entry point: configuration → session store → bots → HTTP server, and a clean shutdown on SIGINT/SIGTERM.
import { buildApp } from './app.ts';
import { BotRegistry } from './bots/registry.ts';
import { loadConfig } from './config.ts';
import { createSessionStore, redactUrl } from './store/index.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const store = await createSessionStore({ redisUrl: config.redisUrl, prefix: config.redisPrefix, ttlSeconds: config.sessionTtlSeconds });
  const started = performance.now();
  const bots = await BotRegistry.load(config.botsDir, { timeZone: config.timeZone });
  const app = await buildApp({ store, bots, logger: { level: config.logLevel } });
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

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    await app.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
}

main().catch((error: unknown) => {
  console.error(`statecraft: failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
