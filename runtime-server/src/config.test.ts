import { describe, expect, it } from 'vitest';
import { availableParallelism } from 'node:os';
import { loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('defaults to port 8080, the memory store and the bots in flows/', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 8080, host: '0.0.0.0', redisUrl: undefined, redisPrefix: 'sc:', sessionTtlSeconds: 86400 });
    expect(config.botsDir).toMatch(/flows$/);
  });

  it('runs one worker per core with Redis, one plain process with the memory store; several workers only with Redis', () => {
    expect(loadConfig({}).workers).toBe(0);
    const cores = availableParallelism();
    expect(loadConfig({ REDIS_URL: 'redis://h:1' }).workers).toBe(cores > 1 ? Math.min(cores, 64) : 0);
    expect(loadConfig({ WORKERS: '1' }).workers).toBe(1);
    expect(loadConfig({ WORKERS: '0' }).workers).toBe(0);
    expect(loadConfig({ WORKERS: '2', REDIS_URL: 'redis://h:1' }).workers).toBe(2);
    expect(() => loadConfig({ WORKERS: '2' })).toThrow(/WORKERS > 1 needs REDIS_URL/);
    expect(() => loadConfig({ WORKERS: '-1' })).toThrow(/WORKERS/);
  });

  it('listens with a backlog of 4096 unless LISTEN_BACKLOG says otherwise', () => {
    expect(loadConfig({}).listenBacklog).toBe(4096);
    expect(loadConfig({ LISTEN_BACKLOG: '511' }).listenBacklog).toBe(511);
    expect(() => loadConfig({ LISTEN_BACKLOG: '0' })).toThrow(/LISTEN_BACKLOG/);
  });

  it('stores Redis fields over 1024 bytes deflated unless SESSION_COMPRESS_ABOVE says otherwise', () => {
    expect(loadConfig({}).sessionCompressAbove).toBe(1024);
    expect(loadConfig({ SESSION_COMPRESS_ABOVE: '4096' }).sessionCompressAbove).toBe(4096);
    expect(loadConfig({ SESSION_COMPRESS_ABOVE: 'off' }).sessionCompressAbove).toBe(Infinity);
    expect(() => loadConfig({ SESSION_COMPRESS_ABOVE: '0' })).toThrow(/SESSION_COMPRESS_ABOVE/);
    expect(() => loadConfig({ SESSION_COMPRESS_ABOVE: '1kb' })).toThrow(/SESSION_COMPRESS_ABOVE/);
  });

  it('keeps trained models in .statecraft/models unless MODEL_CACHE_DIR names another place or is off', () => {
    expect(loadConfig({}).modelCacheDir).toMatch(/[/\\]\.statecraft[/\\]models$/);
    expect(loadConfig({ MODEL_CACHE_DIR: '/var/cache/statecraft' }).modelCacheDir).toBe('/var/cache/statecraft');
    expect(loadConfig({ MODEL_CACHE_DIR: 'off' }).modelCacheDir).toBeNull();
  });

  it('treats an empty REDIS_URL as unset', () => {
    expect(loadConfig({ REDIS_URL: '  ' }).redisUrl).toBeUndefined();
    expect(loadConfig({ REDIS_URL: 'redis://h:1' }).redisUrl).toBe('redis://h:1');
  });

  it('honours TZ when it names an IANA zone, and ignores POSIX forms it cannot use for dates', () => {
    expect(loadConfig({ TZ: 'America/New_York' }).timeZone).toBe('America/New_York');
    expect(loadConfig({ TZ: ':/etc/localtime' }).timeZone).toBeUndefined();
  });

  it('refuses invalid settings with a message naming them', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ REDIS_PREFIX: 'a b*' })).toThrow(/REDIS_PREFIX/);
  });
});
