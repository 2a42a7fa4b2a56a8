// Conversation tests ("stories"): reading the story files of flows/<bot>/tests/ from disk. The format itself (zod
// schema, parsing, validation, linting against the bot) is browser-safe and lives in story-format.ts, re-exported here.
import { readdir, readFile } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { parseStoryFile, StoryFileError, type Story } from './story-format.ts';

export * from './story-format.ts';

/** Reads every `*.yaml` / `*.yml` file of `dir` (sorted); a missing directory means no stories. */
export async function loadStoryDir(dir: string, root: string = process.cwd()): Promise<Story[]> {
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => /\.ya?ml$/.test(f)).sort();
  const out: Story[] = [];
  const errors: StoryFileError[] = [];
  for (const f of files) {
    const path = join(dir, f);
    try {
      const rel = relative(root, path);
      out.push(...parseStoryFile(await readFile(path, 'utf8'), rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path));
    } catch (error) {
      if (!(error instanceof StoryFileError)) throw error;
      errors.push(error);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new StoryFileError(`${errors.length} story files`, errors.flatMap((e) => e.problems.map((p) => `${e.file}: ${p}`)));
  return out;
}
