import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('defaults to port 8080, the memory store and the bots in flows/', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 8080, host: '0.0.0.0', redisUrl: undefined, redisPrefix: 'sc:', sessionTtlSeconds: 86400 });
    expect(config.botsDir).toMatch(/flows$/);
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
