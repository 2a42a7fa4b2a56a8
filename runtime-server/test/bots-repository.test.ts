// The flows API's building blocks without HTTP or training: file repository, diff, content hash, token check, problems.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBot } from '@statecraft/flows';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalJson, definitionHash } from '../src/bots/content.ts';
import { diffDefinitions, isEmptyDiff } from '../src/bots/diff.ts';
import { FileBotRepository } from '../src/bots/repository.ts';
import { importBotsDir } from '../src/bots/startup.ts';
import { workerEntry } from '../src/bots/worker-training.ts';
import { bearerToken, tokenMatches } from '../src/flows-api/auth.ts';
import { checkDefinition } from '../src/flows-api/problems.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'statecraft-repo-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const tiny = (reply = 'Hi!') => ({
  id: 'tiny',
  locales: ['en-US'],
  initial: 'idle',
  intents: { greet: { examples: { 'en-US': ['hello', 'hi'] } } },
  slots: {},
  messages: { fallback: { 'en-US': 'Sorry?' }, reset: { 'en-US': 'Again.' } },
  states: { idle: { reply: { 'en-US': reply }, on: { greet: [{ target: 'idle' }] } } },
});

describe('FileBotRepository', () => {
  it('appends numbered, immutable versions with hash and diff, newest first', async () => {
    const repo = new FileBotRepository(dir);
    expect(await repo.getPublished('tiny')).toBeNull();
    const v1 = await repo.publish('tiny', { definition: tiny(), author: 'a', message: null, source: 'editor' });
    const v2 = await repo.publish('tiny', { definition: tiny('Hello!'), author: 'b', message: 'm', source: 'editor' });
    expect([v1.version, v2.version]).toEqual([1, 2]);
    expect(v1.diff.states.added).toEqual(['idle']);
    expect(v2.diff.states).toEqual({ added: [], removed: [], changed: ['idle'] });
    expect((await repo.listVersions('tiny')).map((v) => v.version)).toEqual([2, 1]);
    expect((await repo.listVersions('tiny'))[0]).not.toHaveProperty('definition');
    expect((await repo.getPublished('tiny'))?.definition).toEqual(tiny('Hello!'));
    expect(v1.contentHash).toBe(definitionHash(tiny()));
    expect(await repo.listBots()).toEqual(['tiny']);
    // No temporary files are left behind.
    expect(await readdir(join(dir, 'bots/tiny/versions'))).toEqual(['000001.json', '000002.json']);
  });

  it('never gives two concurrent publishes the same number', async () => {
    const repo = new FileBotRepository(dir);
    const other = new FileBotRepository(dir); // a second process sharing the directory
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => (i % 2 ? repo : other).publish('tiny', { definition: tiny(`r${i}`), author: 'x', message: null, source: 'editor' })),
    );
    expect(results.map((r) => r.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('saves, replaces and conditionally deletes the draft', async () => {
    const repo = new FileBotRepository(dir);
    const d1 = await repo.saveDraft('tiny', tiny());
    expect(await repo.listBots()).toEqual(['tiny']);
    await new Promise((r) => setTimeout(r, 2));
    await repo.saveDraft('tiny', tiny('v2'));
    await repo.deleteDraft('tiny', d1.savedAt); // stale: a newer draft was saved since
    expect((await repo.getDraft('tiny'))?.definition).toEqual(tiny('v2'));
    await repo.deleteDraft('tiny');
    expect(await repo.getDraft('tiny')).toBeNull();
  });

  it('refuses bot names that could leave the data directory', async () => {
    const repo = new FileBotRepository(dir);
    await expect(repo.getDraft('../etc')).rejects.toThrow(/invalid bot name/);
    await expect(repo.saveDraft('a/b', {})).rejects.toThrow(/invalid bot name/);
  });

  it('drops "__proto__" keys from stored files instead of keeping them for someone to merge', async () => {
    const repo = new FileBotRepository(dir);
    await repo.saveDraft('tiny', tiny());
    await writeFile(join(dir, 'bots/tiny/draft.json'), '{"savedAt":"x","definition":{"__proto__":{"polluted":1},"id":"tiny"}}');
    const draft = await repo.getDraft('tiny');
    expect(Object.hasOwn(draft!.definition, '__proto__')).toBe(false);
    expect(Object.getPrototypeOf(draft!.definition)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('importBotsDir', () => {
  it('imports BOTS_DIR as version 1 by "seed" once, and again only when the files change', async () => {
    const repo = new FileBotRepository(dir);
    const flows = join(dir, 'flows');
    const write = async (reply: string) => {
      await rm(flows, { recursive: true, force: true });
      await import('node:fs/promises').then((fs) => fs.mkdir(join(flows, 'tiny'), { recursive: true }));
      await writeFile(join(flows, 'tiny/flow.json'), JSON.stringify(tiny(reply)));
    };
    await write('one');
    expect(await importBotsDir(repo, flows)).toEqual([{ bot: 'tiny', created: 1 }]);
    expect((await repo.getPublished('tiny'))?.author).toBe('seed');
    expect(await importBotsDir(repo, flows)).toEqual([{ bot: 'tiny', created: null }]);
    // Published through the API: stays in force while the files are unchanged.
    await repo.publish('tiny', { definition: tiny('api'), author: 'ed', message: null, source: 'editor' });
    expect(await importBotsDir(repo, flows)).toEqual([{ bot: 'tiny', created: null }]);
    await write('two');
    expect(await importBotsDir(repo, flows)).toEqual([{ bot: 'tiny', created: 3 }]);
    expect((await repo.getPublished('tiny'))?.definition).toEqual(tiny('two'));
  });

  it('refuses to import a flow with errors', async () => {
    const repo = new FileBotRepository(dir);
    const flows = join(dir, 'flows');
    await import('node:fs/promises').then((fs) => fs.mkdir(join(flows, 'tiny'), { recursive: true }));
    await writeFile(join(flows, 'tiny/flow.json'), JSON.stringify({ ...tiny(), initial: 'nowhere' }));
    await expect(importBotsDir(repo, flows)).rejects.toThrow(/initial state "nowhere"/);
  });
});

describe('diffDefinitions', () => {
  it('lists states, intents and slots added/removed/changed, and example counts per intent and locale', async () => {
    const before = (await readBot('tickets')) as Record<string, any>;
    const after = structuredClone(before);
    delete after.states.rescheduling.states.ask_date;
    after.states.booking.states.confirm.reply['en-US'] = 'Sure?';
    after.states.extra = { reply: { 'en-US': 'x' } };
    after.intents.greet.examples['en-US'].push('howdy', 'yo');
    after.intents.greet.examples['zh-CN'].shift();
    after.intents.thanks = { examples: { 'en-US': ['thanks'] } };
    delete after.slots.count;
    after.messages.fallback['en-US'] = 'Hm?';
    const diff = diffDefinitions(before, after);
    expect(diff.states).toEqual({ added: ['extra'], removed: ['rescheduling.ask_date'], changed: ['booking.confirm'] });
    expect(diff.intents).toEqual({ added: ['thanks'], removed: [], changed: ['greet'] });
    expect(diff.slots).toEqual({ added: [], removed: ['count'], changed: [] });
    expect(diff.examples).toEqual({
      greet: { 'en-US': { added: 2, removed: 0 }, 'zh-CN': { added: 0, removed: 1 } },
      thanks: { 'en-US': { added: 1, removed: 0 } },
    });
    expect(diff.settings).toEqual(['messages']);
    expect(isEmptyDiff(diffDefinitions(before, structuredClone(before)))).toBe(true);
  });

  it('hashes content, not key order', () => {
    expect(definitionHash({ a: 1, b: { c: 2, d: 3 } })).toBe(definitionHash({ b: { d: 3, c: 2 }, a: 1 }));
    expect(canonicalJson({ b: 1, a: [{ y: 1, x: 2 }] })).toBe('{"a":[{"x":2,"y":1}],"b":1}');
  });
});

describe('editor token', () => {
  it('accepts only "Bearer <the token>"', () => {
    expect(tokenMatches('s3cret-token', bearerToken('Bearer s3cret-token'))).toBe(true);
    expect(tokenMatches('s3cret-token', bearerToken('bearer s3cret-token'))).toBe(true);
    expect(tokenMatches('s3cret-token', bearerToken('Bearer s3cret-tokeN'))).toBe(false);
    expect(tokenMatches('s3cret-token', bearerToken('Bearer s3cret'))).toBe(false);
    expect(tokenMatches('s3cret-token', bearerToken('Basic s3cret-token'))).toBe(false);
    expect(tokenMatches('s3cret-token', bearerToken(undefined))).toBe(false);
    expect(tokenMatches('', bearerToken('Bearer '))).toBe(false);
  });
});

describe('checkDefinition', () => {
  it('is clean for the tickets bot', async () => {
    expect(checkDefinition('tickets', await readBot('tickets'))).toMatchObject({ problems: [], publishable: true });
  });

  it('flags names that are JavaScript object keys, an id that is not the bot name, code where data belongs', async () => {
    const bot = (await readBot('tickets')) as Record<string, any>;
    bot.id = 'other';
    bot.states.constructor = { reply: { 'en-US': 'x' } };
    bot.intents.toString = { examples: { 'en-US': ['x'] } };
    bot.states.idle.on.book_ticket[0].guard = { type: 'eval(process.exit(1))' };
    bot.states.idle.on.book_ticket[0].actions.push({ type: "require('child_process').execSync('touch /tmp/pwned')" });
    const { problems, publishable } = checkDefinition('tickets', bot);
    expect(publishable).toBe(false);
    const codes = problems.map((p) => p.code);
    expect(codes).toContain('reserved_name');
    expect(codes).toContain('bot_id_mismatch');
    expect(codes).toContain('invalid_schema');
    expect(problems.filter((p) => p.code === 'reserved_name').map((p) => p.message).join(' ')).toMatch(/constructor.*toString|toString.*constructor/);
  });

  it('refuses references to JavaScript internals, such as an initial state named "toString"', async () => {
    const bot = (await readBot('tickets')) as Record<string, any>;
    bot.initial = 'toString';
    bot.states.booking.initial = 'constructor';
    bot.states.idle.on.book_ticket[0].target = 'booking.hasOwnProperty';
    const { problems, publishable } = checkDefinition('tickets', bot);
    expect(publishable).toBe(false);
    // The engine's schema refuses such names itself, each at its own path.
    const reserved = problems.filter((p) => p.code === 'invalid_schema' && /reserved JavaScript name/.test(p.message)).map((p) => p.message);
    for (const path of ['initial:', 'states.booking.initial:', 'states.idle.on.book_ticket.0.target:'])
      expect(reserved.some((m) => m.startsWith(path)), path).toBe(true);
  });

  it('warns of a placeholder that names nothing; {values} belongs to the messages that say values back', async () => {
    const bot = (await readBot('tickets')) as Record<string, any>;
    bot.messages.invalidDate = { 'zh-CN': '没有“{values}”这一天。', 'en-US': 'No "{values}".' };
    bot.personas = { ...bot.personas, plain: { replies: { 'message:severalValues': { 'en-US': 'One of {values}, please.' } } } };
    expect(checkDefinition('tickets', bot).problems).toEqual([]);
    bot.states.idle.reply['en-US'] = 'Hi {values} and {weather}';
    const warned = checkDefinition('tickets', bot).problems;
    expect(warned.map((p) => [p.code, p.severity])).toEqual([['unknown_placeholder', 'warning'], ['unknown_placeholder', 'warning']]);
    expect(warned.map((p) => p.message).join(' ')).toMatch(/\{values\}.*states\.idle\.reply\.en-US.*\{weather\}/);
  });

  it('refuses a bot the classifier cannot be trained for (fewer than two intents)', () => {
    const { problems, publishable } = checkDefinition('tiny', tiny());
    expect(publishable).toBe(false);
    expect(problems.map((p) => p.code)).toContain('too_few_intents');
  });

  it('reports deep nesting and non-objects instead of throwing', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 5000; i++) deep = { n: deep };
    expect(checkDefinition('tiny', deep).problems.map((p) => p.code)).toEqual(['too_deep']);
    expect(checkDefinition('tiny', [1, 2]).problems.map((p) => p.code)).toEqual(['invalid_schema']);
  });
});

describe('worker entry', () => {
  it('is the .ts file from source and the .js file next to the bundle', () => {
    expect(workerEntry('file:///repo/runtime-server/src/bots/worker-training.ts').url.href).toBe('file:///repo/runtime-server/src/bots/train-worker.ts');
    const bundled = workerEntry('file:///repo/runtime-server/dist/server.js');
    expect(bundled).toEqual({ url: new URL('file:///repo/runtime-server/dist/train-worker.js'), fromSource: false });
  });

  it('ships in the bundle build as a second entry point', async () => {
    const build = await readFile(new URL('../build.mjs', import.meta.url), 'utf8');
    expect(build).toMatch(/'train-worker': 'src\/bots\/train-worker\.ts'/);
  });
});
