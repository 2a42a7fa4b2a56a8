// Start-up with a bot repository: import the bots of BOTS_DIR as versions, then load each bot's latest good version.
import { compileBot } from '@statecraft/engine';
import { listBots, readBot } from '@statecraft/flows';
import { definitionHash, isPlainObject } from './content.ts';
import type { ModelCache } from './model-cache.ts';
import { BotRegistry, loadBotRuntime, type BotRuntime, type LoadOptions } from './registry.ts';
import type { BotRepository, BotVersion } from './repository.ts';

export interface StartupLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export const SEED_AUTHOR = 'seed';

export interface ImportResult {
  bot: string;
  /** The version created, or null when the stored versions were already up to date. */
  created: number | null;
}

/**
 * Imports BOTS_DIR into the repository. A bot with no stored versions becomes version 1 (author "seed"). A bot whose
 * files changed since they were last imported (their hash differs from the newest "seed" version, and from the newest
 * version) is imported again as a new version, so editing flows/<bot>/ and restarting still takes effect; versions
 * published through the API stay in force as long as the files do not change. A flow in BOTS_DIR that does not
 * compile stops the start, as it did before bots had versions.
 */
export async function importBotsDir(repository: BotRepository, botsDir: string, logger?: StartupLogger): Promise<ImportResult[]> {
  const results: ImportResult[] = [];
  for (const bot of await listBots(botsDir)) {
    const raw = await readBot(bot, botsDir);
    if (!isPlainObject(raw)) throw new Error(`${botsDir}/${bot}/flow.json is not a JSON object`);
    const hash = definitionHash(raw);
    const versions = await repository.listVersions(bot);
    const latestSeed = versions.find((v) => v.source === 'seed');
    const upToDate = versions.length > 0 && (versions[0]?.contentHash === hash || !latestSeed || latestSeed.contentHash === hash);
    if (upToDate) {
      results.push({ bot, created: null });
      continue;
    }
    compileBot(raw as never); // throws FlowValidationError with the problems
    const first = versions.length === 0;
    const version = await repository.publish(bot, {
      definition: raw,
      author: SEED_AUTHOR,
      message: first ? `Imported from ${bot}/ in BOTS_DIR` : `Re-imported: ${bot}/ in BOTS_DIR changed since the last import`,
      source: 'seed',
    });
    logger?.info({ bot, version: version.version, contentHash: hash }, first ? 'imported bot as version 1' : 'bot files changed: imported as a new version');
    results.push({ bot, created: version.version });
  }
  return results;
}

/**
 * Loads the newest version of every stored bot. If the newest no longer loads (say, the engine's checks became
 * stricter), the newest one that does is served instead and the failure is logged, so the server still starts and the
 * editor can fix or roll back; a bot with no loadable version at all stops the start.
 */
export async function loadPublishedBots(
  repository: BotRepository,
  options: {
    timeZone?: string | undefined;
    modelCache?: ModelCache | undefined;
    logger?: StartupLogger;
    load?: (raw: unknown, o: LoadOptions) => Promise<BotRuntime>;
  } = {},
): Promise<{ registry: BotRegistry; loaded: { bot: string; version: number }[] }> {
  const load = options.load ?? loadBotRuntime;
  const zone: LoadOptions = { timeZone: options.timeZone, modelCache: options.modelCache };
  const runtimes: [string, BotRuntime][] = [];
  const loaded: { bot: string; version: number }[] = [];
  for (const bot of await repository.listBots()) {
    const versions = await repository.listVersions(bot);
    if (versions.length === 0) continue; // only a draft: nothing to serve yet
    let runtime: BotRuntime | undefined;
    for (const meta of versions) {
      const version = (await repository.getVersion(bot, meta.version)) as BotVersion;
      try {
        runtime = await load(version.definition, zone);
        loaded.push({ bot, version: meta.version });
        break;
      } catch (error) {
        options.logger?.error({ bot, version: meta.version, err: error }, 'stored bot version does not load; trying the one before');
      }
    }
    if (!runtime) throw new Error(`no stored version of bot "${bot}" loads`);
    runtimes.push([bot, runtime]);
  }
  if (runtimes.length === 0) throw new Error('no bots to serve: the repository has no published bot');
  return { registry: BotRegistry.fromEntries(runtimes), loaded };
}
