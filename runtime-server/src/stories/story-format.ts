// Conversation tests ("stories"): the YAML format in flows/<bot>/tests/*.yaml, validated with zod.
// Browser-safe (no Node imports): the editor's simulator parses, validates, writes and runs stories with it too.
// Reading story files from disk is in format.ts, which re-exports all of this.
import { Document, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import * as z from 'zod';
import { IRREVERSIBLE_ACTIONS, LOCALES, listStates, type BotDefinition, type Locale } from '@statecraft/engine';
import { TOKEN_PATTERN, parseToken } from './tokens.ts';

/** Strings may hold relative-date tokens; a malformed one is a validation error, not a silent literal. */
const Text = z.string().superRefine((s, ctx) => {
  for (const m of s.matchAll(TOKEN_PATTERN)) {
    if (!parseToken(m[1] ?? '')) ctx.addIssue({ code: 'custom', message: `unknown token "${m[0]}" (use {{today}}, {{today+N}}, {{today-N}}, optionally with ":text", ":weekday", ":monthday" or ":day")` });
  }
});

const IsoWithOffset = z.iso.datetime({ offset: true, error: 'an ISO date-time with an offset, e.g. "2026-11-24T10:00:00+08:00"' }).describe('An instant with an explicit offset, e.g. "2026-11-24T10:00:00+08:00".');

const ReplyMatcher = z.union([
  Text.min(1).describe('The reply contains this text.'),
  z.strictObject({ regex: Text.min(1).describe('A JavaScript regular expression the reply must match.'), flags: z.string().regex(/^[imsu]*$/).optional() })
    .superRefine((r, ctx) => {
      try {
        new RegExp(r.regex.replace(TOKEN_PATTERN, '0'), r.flags);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: `invalid regex: ${(error as Error).message}`, path: ['regex'] });
      }
    }),
]);

const StatePathText = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$/, 'a dotted state path like "booking.confirm"');
const ActionName = z.enum(IRREVERSIBLE_ACTIONS);

export const TurnSchema = z
  .strictObject({
    user: Text.min(1).max(2000).describe('What the user says; relative-date tokens ({{today+10:text}}) are resolved first.'),
    reply: z.union([ReplyMatcher, z.array(ReplyMatcher).min(1)]).optional()
      .describe('Substring (or {regex}) the reply must contain; a list means all of them.'),
    state: z.union([StatePathText, z.array(StatePathText).min(1)]).optional()
      .describe('The dotted state path after the turn; a list means any of them.'),
    intent: z
      .union([z.string().min(1), z.strictObject({ name: z.string().min(1), minConfidence: z.number().min(0).max(1).optional() })])
      .optional()
      .describe('The top intent of the turn, optionally with a minimum confidence.'),
    slots: z.record(z.string(), z.union([Text, z.number(), z.boolean(), z.null()])).optional()
      .describe('Slots that must have these values (a subset match; null = the slot is empty).'),
    expecting: z.union([z.string().min(1), z.null()]).optional().describe('What the bot waits for after the turn (slot, "confirm", "disambiguate" or null).'),
    actions: z
      .union([
        z.array(ActionName).describe('Exactly these actions, in this order ([] = none).'),
        z.strictObject({ include: z.array(ActionName).optional(), exclude: z.array(ActionName).optional() }),
      ])
      .optional()
      .describe('Side effects of this turn.'),
  })
  .describe('One user utterance and what must hold after it.');
export type StoryTurn = z.infer<typeof TurnSchema>;

export const StorySchema = z.strictObject({
  name: z.string().min(1).max(200),
  locale: z.enum(LOCALES).optional().describe('Required unless the file sets a default locale.'),
  now: IsoWithOffset.optional().describe('Fixed clock for in-process runs; without it the real clock is used.'),
  tags: z.array(z.string().min(1).max(60)).optional(),
  never: z.array(ActionName).optional().describe('Actions that must not happen on any turn of this story.'),
  turns: z.array(TurnSchema).min(1).max(100),
});

export const StoryFileSchema = z.strictObject({
  $schema: z.string().optional(),
  locale: z.enum(LOCALES).optional().describe('Default locale of the stories in this file.'),
  now: IsoWithOffset.optional().describe('Default fixed clock of the stories in this file.'),
  tags: z.array(z.string().min(1).max(60)).optional().describe('Tags added to every story in this file.'),
  stories: z.array(StorySchema).min(1),
});
export type StoryFile = z.infer<typeof StoryFileSchema>;

/** A story ready to run: file defaults applied. */
export interface Story {
  name: string;
  /** Repository-relative file path, for messages. */
  file: string;
  /** Index of the story within its file. */
  index: number;
  locale: Locale;
  now: string | null;
  tags: string[];
  never: string[];
  turns: StoryTurn[];
}

/** JSON Schema of a story file (flows/story.schema.json), for editors. */
export function storyJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(StoryFileSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}

/** A story file that cannot be used, with every problem found, each naming the file and the story. */
export class StoryFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: invalid story file\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'StoryFileError';
  }
}

function storyLabel(raw: unknown, index: number): string {
  const stories = (raw as { stories?: unknown } | null)?.stories;
  const name = Array.isArray(stories) ? (stories[index] as { name?: unknown } | undefined)?.name : undefined;
  return typeof name === 'string' ? `story "${name}" (stories[${index}])` : `stories[${index}]`;
}

function describeIssuePath(raw: unknown, path: readonly PropertyKey[]): string {
  if (path[0] === 'stories' && typeof path[1] === 'number') {
    const rest = path.slice(2).map(String);
    return `${storyLabel(raw, path[1])}${rest.length ? ` at ${formatPath(rest)}` : ''}`;
  }
  return path.length ? `at ${formatPath(path.map(String))}` : 'file';
}

function formatPath(parts: string[]): string {
  return parts.map((p, i) => (/^\d+$/.test(p) ? (parts[i - 1] === 'turns' ? `[${Number(p) + 1}]` : `[${p}]`) : i ? `.${p}` : p)).join('');
}

interface FlatIssue {
  path: PropertyKey[];
  message: string;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

/**
 * "Invalid input" from a union says nothing; report the branch that matched the value's shape instead (the object
 * form of `actions` when an object was written, …), so the message names the real problem.
 */
function flattenIssues(issues: readonly z.core.$ZodIssue[], raw: unknown, base: PropertyKey[] = []): FlatIssue[] {
  return issues.flatMap((issue): FlatIssue[] => {
    const path = [...base, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length) {
      const shaped = issue.errors.filter((branch) => !branch.every((i) => i.code === 'invalid_type' && i.path.length === 0));
      if (shaped.length === 1) return flattenIssues(shaped[0]!, raw, path);
      const value = valueAt(raw, path);
      const got = Array.isArray(value) ? 'a list' : value === null ? 'null' : typeof value;
      return [{ path, message: `${issue.message} (got ${got})` }];
    }
    return [{ path, message: issue.message }];
  });
}

/** The plain value of a story file's YAML, not yet validated (throws StoryFileError on a YAML syntax error). */
export function readStoryYaml(text: string, file: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) throw new StoryFileError(file, doc.errors.map((e) => `YAML: ${(e.message.split('\n')[0] ?? '').replace(/:$/, '')}`));
  return doc.toJS() as unknown;
}

/**
 * Writes a story file as YAML in the style of the committed ones: block structure, with a turn's `state` list,
 * `intent`, `slots` and `actions` and a story's `tags` and `never` inline. `comments` become the file's leading
 * comment lines (e.g. the `yaml-language-server` schema line). The editor writes recorded stories with it.
 */
export function storyFileToYaml(file: z.input<typeof StoryFileSchema>, comments: readonly string[] = []): string {
  const doc = new Document(file);
  const inline = (node: unknown) => {
    if (isMap(node) || isSeq(node)) node.flow = true;
  };
  const quote = (node: unknown) => {
    if (isScalar(node) && typeof node.value === 'string') node.type = 'QUOTE_DOUBLE';
  };
  inline(doc.get('tags', true));
  quote(doc.get('now', true));
  const stories = doc.get('stories', true);
  for (const story of isSeq(stories) ? stories.items : []) {
    if (!isMap(story)) continue;
    quote(story.get('now', true));
    inline(story.get('tags', true));
    inline(story.get('never', true));
    const turns = story.get('turns', true);
    for (const turn of isSeq(turns) ? turns.items : []) {
      if (!isMap(turn)) continue;
      for (const key of ['state', 'intent', 'slots', 'actions']) inline(turn.get(key, true));
    }
  }
  if (comments.length) doc.commentBefore = comments.map((c) => ` ${c}`).join('\n');
  return doc.toString({ lineWidth: 0 });
}

/**
 * Parses and validates one story file's text. `file` is only used in messages. Turn numbers in messages are
 * 1-based ("turns[1]" is the first turn), like the runner's report.
 */
export function parseStoryFile(text: string, file: string): Story[] {
  const raw = readStoryYaml(text, file);
  const parsed = StoryFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new StoryFileError(
      file,
      flattenIssues(parsed.error.issues, raw).map((i) => `${describeIssuePath(raw, i.path)}: ${i.message}`),
    );
  }
  const data = parsed.data;
  const problems: string[] = [];
  const stories = data.stories.map((s, index): Story => {
    const locale = s.locale ?? data.locale;
    if (!locale) problems.push(`${storyLabel(raw, index)}: no locale (set "locale" on the story or the file)`);
    return {
      name: s.name,
      file,
      index,
      locale: locale ?? 'zh-CN',
      now: s.now ?? data.now ?? null,
      tags: [...new Set([...(data.tags ?? []), ...(s.tags ?? [])])],
      never: s.never ?? [],
      turns: s.turns,
    };
  });
  const seen = new Set<string>();
  for (const s of stories) {
    if (seen.has(s.name)) problems.push(`${storyLabel(raw, s.index)}: duplicate story name`);
    seen.add(s.name);
  }
  if (problems.length) throw new StoryFileError(file, problems);
  return stories;
}

/**
 * Checks stories against the bot they test: states, intents, slots and locales must exist. A typo in a state name
 * would otherwise only show up as a confusing failure.
 */
export function lintStories(stories: readonly Story[], def: BotDefinition): string[] {
  const states = new Set(listStates(def).map((s) => s.path));
  const intents = new Set(Object.keys(def.intents));
  const slots = new Set(Object.keys(def.slots));
  const expecting = new Set([...slots, 'confirm', 'disambiguate', ...listStates(def).flatMap((s) => (s.def.expecting ? [s.def.expecting] : []))]);
  const problems: string[] = [];
  const names = new Map<string, string>();
  for (const story of stories) {
    const where = `${story.file}: story "${story.name}"`;
    const other = names.get(story.name);
    if (other && other !== story.file) problems.push(`${where}: the name is also used in ${other}`);
    names.set(story.name, story.file);
    if (!def.locales.includes(story.locale)) problems.push(`${where}: locale ${story.locale} is not one of the bot's (${def.locales.join(', ')})`);
    story.turns.forEach((t, i) => {
      const at = `${where} turn ${i + 1}`;
      for (const s of t.state === undefined ? [] : Array.isArray(t.state) ? t.state : [t.state])
        if (!states.has(s)) problems.push(`${at}: unknown state "${s}"`);
      const intent = typeof t.intent === 'string' ? t.intent : t.intent?.name;
      if (intent !== undefined && !intents.has(intent)) problems.push(`${at}: unknown intent "${intent}"`);
      for (const slot of Object.keys(t.slots ?? {})) if (!slots.has(slot)) problems.push(`${at}: unknown slot "${slot}"`);
      if (t.expecting && !expecting.has(t.expecting)) problems.push(`${at}: "expecting: ${t.expecting}" is nothing this bot waits for`);
    });
  }
  return problems;
}
