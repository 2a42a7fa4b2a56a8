// Where bot versions and drafts live. Versions are immutable and append-only; a draft is one mutable document per bot.
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readdir, readFile, rename, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { definitionHash, isBotName, parseStoredJson } from './content.ts';
import { diffDefinitions, type FlowDiff } from './diff.ts';

export type VersionSource = 'seed' | 'editor' | 'rollback';

/** A published version without its definition (what version lists show). */
export interface BotVersionMeta {
  bot: string;
  version: number;
  publishedAt: string;
  author: string;
  message: string | null;
  /** SHA-256 of the definition's canonical JSON: equal hashes, equal content. */
  contentHash: string;
  /** How it came to be: imported from BOTS_DIR, published from a draft, or a rollback to an earlier version. */
  source: VersionSource;
  /** For rollbacks: the version whose content this one copies. */
  rollbackOf: number | null;
  /** Against the previous version (against nothing for version 1). */
  diff: FlowDiff;
}

export interface BotVersion extends BotVersionMeta {
  definition: Record<string, unknown>;
}

export interface Draft {
  definition: Record<string, unknown>;
  savedAt: string;
}

export interface PublishInput {
  definition: Record<string, unknown>;
  author: string;
  message: string | null;
  source: VersionSource;
  rollbackOf?: number | null;
}

export interface BotRepository {
  /** Bots with at least one version or a draft. */
  listBots(): Promise<string[]>;
  /** The newest version, or null when the bot was never published. */
  getPublished(bot: string): Promise<BotVersion | null>;
  getVersion(bot: string, version: number): Promise<BotVersion | null>;
  /** Newest first. */
  listVersions(bot: string): Promise<BotVersionMeta[]>;
  getDraft(bot: string): Promise<Draft | null>;
  saveDraft(bot: string, definition: Record<string, unknown>): Promise<Draft>;
  /** Deletes the draft; with `ifSavedAt`, only if it is still the draft saved at that instant (not overwritten since). */
  deleteDraft(bot: string, ifSavedAt?: string): Promise<void>;
  /** Appends the next version (number, hash and diff against the current newest are computed here). */
  publish(bot: string, input: PublishInput): Promise<BotVersion>;
}

const VERSION_FILE = /^(\d{6,})\.json$/;
const versionFile = (n: number) => `${String(n).padStart(6, '0')}.json`;

/**
 * Files under a data directory:
 *   <dataDir>/bots/<bot>/versions/000001.json   one immutable file per version (metadata + definition)
 *   <dataDir>/bots/<bot>/draft.json             the draft, replaced on every save
 * Every write goes to a temporary file first (fsynced): a draft is then renamed over the old one, and a version is
 * hard-linked to its final name, which fails if that name exists, so two publishers can never overwrite a version.
 */
export class FileBotRepository implements BotRepository {
  /** Version files never change, so their parsed metadata is kept (the definitions are re-read on demand). */
  private readonly metaCache = new Map<string, BotVersionMeta>();

  constructor(readonly dataDir: string) {}

  private botDir(bot: string): string {
    if (!isBotName(bot)) throw new Error(`invalid bot name "${bot}"`);
    return join(this.dataDir, 'bots', bot);
  }

  private versionsDir(bot: string): string {
    return join(this.botDir(bot), 'versions');
  }

  async listBots(): Promise<string[]> {
    const entries = await readdir(join(this.dataDir, 'bots'), { withFileTypes: true }).catch(ignoreMissing([]));
    const names: string[] = [];
    for (const e of entries) {
      if (!e.isDirectory() || !isBotName(e.name)) continue;
      if ((await this.versionNumbers(e.name)).length || (await this.getDraft(e.name))) names.push(e.name);
    }
    return names.sort();
  }

  private async versionNumbers(bot: string): Promise<number[]> {
    const files = await readdir(this.versionsDir(bot)).catch(ignoreMissing([] as string[]));
    return files.flatMap((f) => {
      const m = VERSION_FILE.exec(f);
      return m ? [Number(m[1])] : [];
    }).sort((a, b) => a - b);
  }

  async getVersion(bot: string, version: number): Promise<BotVersion | null> {
    if (!Number.isSafeInteger(version) || version < 1) return null;
    const text = await readFile(join(this.versionsDir(bot), versionFile(version)), 'utf8').catch(ignoreMissing(null));
    return text === null ? null : (parseStoredJson(text) as BotVersion);
  }

  async getPublished(bot: string): Promise<BotVersion | null> {
    const numbers = await this.versionNumbers(bot);
    const latest = numbers.at(-1);
    return latest === undefined ? null : this.getVersion(bot, latest);
  }

  async listVersions(bot: string): Promise<BotVersionMeta[]> {
    const out: BotVersionMeta[] = [];
    for (const n of (await this.versionNumbers(bot)).reverse()) {
      const key = `${bot}/${n}`;
      let meta = this.metaCache.get(key);
      if (!meta) {
        const full = await this.getVersion(bot, n);
        if (!full) continue;
        const { definition: _definition, ...rest } = full;
        meta = rest;
        this.metaCache.set(key, meta);
      }
      out.push(meta);
    }
    return out;
  }

  async getDraft(bot: string): Promise<Draft | null> {
    const text = await readFile(join(this.botDir(bot), 'draft.json'), 'utf8').catch(ignoreMissing(null));
    return text === null ? null : (parseStoredJson(text) as Draft);
  }

  async saveDraft(bot: string, definition: Record<string, unknown>): Promise<Draft> {
    const dir = this.botDir(bot);
    await mkdir(dir, { recursive: true });
    const draft: Draft = { definition, savedAt: new Date().toISOString() };
    const tmp = await writeTemp(dir, JSON.stringify(draft, null, 2));
    await rename(tmp, join(dir, 'draft.json'));
    return draft;
  }

  async deleteDraft(bot: string, ifSavedAt?: string): Promise<void> {
    if (ifSavedAt !== undefined) {
      const current = await this.getDraft(bot);
      if (!current || current.savedAt !== ifSavedAt) return;
    }
    await unlink(join(this.botDir(bot), 'draft.json')).catch(ignoreMissing(undefined));
  }

  async publish(bot: string, input: PublishInput): Promise<BotVersion> {
    const dir = this.versionsDir(bot);
    await mkdir(dir, { recursive: true });
    // Another process may publish the same number first: then link() fails with EEXIST and we diff again on top.
    for (let attempt = 0; attempt < 20; attempt++) {
      const previous = await this.getPublished(bot);
      const version: BotVersion = {
        bot,
        version: (previous?.version ?? 0) + 1,
        publishedAt: new Date().toISOString(),
        author: input.author,
        message: input.message,
        contentHash: definitionHash(input.definition),
        source: input.source,
        rollbackOf: input.rollbackOf ?? null,
        diff: diffDefinitions(previous?.definition ?? null, input.definition),
        definition: input.definition,
      };
      const tmp = await writeTemp(dir, JSON.stringify(version, null, 2));
      try {
        await link(tmp, join(dir, versionFile(version.version)));
        return version;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      } finally {
        await unlink(tmp).catch(() => undefined);
      }
    }
    throw new Error(`could not append a version of "${bot}": too many concurrent publishers`);
  }
}

async function writeTemp(dir: string, text: string): Promise<string> {
  const tmp = join(dir, `.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
  const handle = await open(tmp, 'wx', 0o644);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(tmp, { force: true });
    throw error;
  }
  await handle.close();
  return tmp;
}

function ignoreMissing<T>(fallback: T) {
  return (error: unknown): T => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return fallback;
    throw error;
  };
}
