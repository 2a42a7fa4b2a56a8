// The floor the scale benchmark (`pnpm bench`) compares the product against: the same Fastify (5.12.8) and ioredis
// (6.0.0) on the same Redis, one route POST /v1/chat that does what any session-keeping chat endpoint must do at least
// (one pipelined HGETALL + HSET + EXPIRE on a hash keyed by uid) and answers a small JSON. No engine, no plugins, no
// schemas: plain JavaScript run by plain `node`, like the product's bundle.
//
// env: PORT (required), HOST (127.0.0.1), REDIS_URL (redis://127.0.0.1:6379), REDIS_PREFIX (scbase:), TTL_SECONDS (3600)
import Fastify from 'fastify';
import { Redis } from 'ioredis';

const port = Number(process.env.PORT);
const host = process.env.HOST ?? '127.0.0.1';
const prefix = process.env.REDIS_PREFIX ?? 'scbase:';
const ttl = String(process.env.TTL_SECONDS ?? 3600);
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { enableOfflineQueue: true, maxRetriesPerRequest: 1 });

const app = Fastify({ logger: false });

app.post('/v1/chat', async (request) => {
  const { uid, text } = request.body;
  const key = `${prefix}${uid}`;
  const results = await redis
    .pipeline()
    .hgetall(key)
    .hset(key, 'last', text, 'at', Date.now())
    .expire(key, ttl)
    .exec();
  const [readError, hash] = results[0];
  if (readError) throw readError;
  return { uid, reply: 'ok', known: hash.at !== undefined };
});

app.get('/readyz', async () => {
  await redis.ping();
  return { status: 'ready' };
});

const shutdown = async () => {
  await app.close();
  redis.disconnect();
  process.exit(0);
};
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());

await app.listen({ port, host });
