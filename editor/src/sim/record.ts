// Recording a simulated conversation as a story (docs/stories.md): the observed state, intent, expecting, slots and
// actions of every turn become that turn's expectations, with dates written as {{today+N}} tokens, under the
// simulator's locale and clock. The YAML is written, parsed and validated with the runner's own format module.
import { IRREVERSIBLE_ACTIONS, isoDay, type BotDefinition, type Locale } from '@statecraft/engine';
import {
  lintStories, parseStoryFile, readStoryYaml, storyFileToYaml, StoryFileError, StorySchema, type Story,
} from '../../../runtime-server/src/stories/story-format.ts';
import type { ObservedTurn } from '../../../runtime-server/src/stories/match.ts';

/** One simulated turn as the simulator observed it: the `POST /v1/chat` shape plus the locale and clock it ran under. */
export interface SimTurn extends ObservedTurn {
  user: string;
  locale: Locale;
  /** The instant the turn ran at (ISO, UTC). */
  now: string;
  /** The fixed clock when one was set (as typed, with its offset), else null (the real clock). */
  fixedNow: string | null;
  /** The event the machine received (an intent, `fallback`, `disambiguate`). */
  event: string;
}

/** What a story turn may expect, as written in YAML (before validation). */
interface TurnExpectations {
  user: string;
  state?: string;
  intent?: string;
  expecting?: string | null;
  slots?: Record<string, string | number | boolean | null>;
  actions?: { include?: string[]; exclude?: string[] };
}

export interface RecordedStoryFile {
  stories: {
    name: string;
    locale: Locale;
    now: string;
    turns: TurnExpectations[];
  }[];
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const IRREVERSIBLE = new Set<string>(IRREVERSIBLE_ACTIONS);

/** Days from `from` to `to` (both YYYY-MM-DD). */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** `{{today}}`, `{{today+2}}`, `{{today-1}}`: `day` relative to the calendar day of `now` in `timeZone`. */
export function dateToken(day: string, now: Date, timeZone: string): string {
  const n = daysBetween(isoDay(now, timeZone), day);
  return n === 0 ? '{{today}}' : `{{today${n > 0 ? '+' : '-'}${Math.abs(n)}}}`;
}

/** `2026-11-24T10:00:00+08:00`: the instant as wall-clock time in `timeZone`, with that zone's offset. */
export function isoWithOffset(date: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  ) as Record<string, string>;
  const wall = `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
  const seconds = Math.floor(date.getTime() / 1000) * 1000;
  const offset = Math.round((Date.parse(`${wall}Z`) - seconds) / 60_000);
  const abs = Math.abs(offset);
  const hhmm = `${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${wall}${offset < 0 ? '-' : '+'}${hhmm}`;
}

/** A fixed clock as the simulator accepts it: an ISO date-time with an explicit offset (the story format's `now`). */
export function parseFixedClock(text: string): Date | null {
  const t = text.trim();
  if (!t || !StorySchema.shape.now.safeParse(t).success) return null;
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? null : d;
}

/**
 * The expectations of a recorded conversation. Slots: every visible slot, date slots as tokens relative to the turn's
 * clock, and `null` for a slot that was set on the previous turn and is empty now. Actions: `include` of what ran
 * (nothing when none ran; `exclude` is the developer's to add). Intents the bot does not define are left out.
 */
export function recordStory(
  turns: readonly SimTurn[],
  options: { name: string; def: BotDefinition; locale?: Locale | null },
): RecordedStoryFile {
  const { def } = options;
  const first = turns[0];
  if (!first) throw new Error('nothing to record: the conversation is empty');
  const locale = options.locale ?? first.locale;
  const now = first.fixedNow ?? isoWithOffset(new Date(first.now), def.timeZone);
  let previous: Record<string, unknown> = {};
  const out = turns.map((turn): TurnExpectations => {
    const clock = new Date(turn.fixedNow ?? turn.now);
    const slots: Record<string, string | number | boolean | null> = {};
    for (const [name, value] of Object.entries(turn.slots)) {
      if (value === null || value === undefined || value === '') continue;
      if (typeof value === 'string' && def.slots[name]?.type === 'date' && ISO_DAY.test(value)) slots[name] = dateToken(value, clock, def.timeZone);
      else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') slots[name] = value;
    }
    for (const [name, value] of Object.entries(previous)) if (!(name in slots) && value !== null && value !== undefined && value !== '') slots[name] = null;
    previous = turn.slots;
    // In the bot's order of slots (destination, date, count), as a person would write them.
    const order = Object.keys(def.slots);
    const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
    const sorted = Object.fromEntries(Object.entries(slots).sort(([a], [b]) => rank(a) - rank(b)));
    const actions = turn.actions.map((a) => a.name).filter((a) => IRREVERSIBLE.has(a));
    return {
      user: turn.user,
      state: turn.state,
      ...(def.intents[turn.intent.name] ? { intent: turn.intent.name } : {}),
      expecting: turn.expecting,
      ...(Object.keys(sorted).length ? { slots: sorted } : {}),
      ...(actions.length ? { actions: { include: [...new Set(actions)] } } : {}),
    };
  });
  return { stories: [{ name: options.name, locale, now, turns: out }] };
}

export const storyHeader = (bot: string): string[] => [
  'yaml-language-server: $schema=../../story.schema.json',
  `Recorded in the Statecraft editor's simulator. Put this file in flows/${bot}/tests/ and run: pnpm statecraft test ${bot}`,
];

export function storyYaml(file: RecordedStoryFile, bot: string): string {
  return storyFileToYaml(file as never, storyHeader(bot));
}

/** `tickets-订票-明天.yaml`: the bot, then the story name with anything unsafe in a file name turned into dashes. */
export function storyFileName(bot: string, name: string): string {
  const slug = name
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}_.-]+/gu, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 80);
  return `${bot}-${slug || 'story'}.yaml`;
}

export interface StoryCheck {
  stories: Story[];
  /** Every problem: YAML, schema (zod) and the checks against the bot (unknown states, intents, slots, locales). */
  problems: string[];
}

/** Validates a story file's text exactly as `pnpm statecraft test` does (format, then lint against the bot). */
export function checkStoryYaml(text: string, file: string, def: BotDefinition | null): StoryCheck {
  try {
    const stories = parseStoryFile(text, file);
    const problems = def ? lintStories(stories, def).map((p) => p.replace(`${file}: `, '')) : [];
    return { stories, problems };
  } catch (error) {
    if (error instanceof StoryFileError) return { stories: [], problems: error.problems };
    return { stories: [], problems: [error instanceof Error ? error.message : String(error)] };
  }
}

/** The first story's name in a story file's text, if it can be read. */
export function storyNameOf(text: string): string | null {
  try {
    const raw = readStoryYaml(text, 'story') as { stories?: { name?: unknown }[] } | null;
    const name = raw?.stories?.[0]?.name;
    return typeof name === 'string' && name.trim() ? name.trim() : null;
  } catch {
    return null;
  }
}

/** Whether turn `turnIndex` (0-based) of the first story lists `action` under `actions.exclude`; null if unreadable. */
export function isExcluded(text: string, turnIndex: number, action: string): boolean | null {
  try {
    const raw = readStoryYaml(text, 'story') as RecordedStoryFile | null;
    const turn = raw?.stories?.[0]?.turns?.[turnIndex];
    if (!turn) return null;
    if (turn.actions !== undefined && (Array.isArray(turn.actions) || typeof turn.actions !== 'object' || turn.actions === null)) return null;
    return !!turn.actions?.exclude?.includes(action);
  } catch {
    return null;
  }
}

/**
 * Adds or removes `action` in `actions.exclude` of turn `turnIndex` of the first story and writes the file again (the
 * header comment is rewritten, other comments are dropped). Null when the text cannot be read or that turn uses the
 * exact-list form of `actions`.
 */
export function setExcluded(text: string, bot: string, turnIndex: number, action: string, excluded: boolean): string | null {
  let raw: RecordedStoryFile | null;
  try {
    raw = readStoryYaml(text, 'story') as RecordedStoryFile | null;
  } catch {
    return null;
  }
  const turn = raw?.stories?.[0]?.turns?.[turnIndex];
  if (!raw || !turn || (turn.actions !== undefined && (Array.isArray(turn.actions) || typeof turn.actions !== 'object' || turn.actions === null))) return null;
  const actions = { ...(turn.actions ?? {}) };
  const list = (actions.exclude ?? []).filter((a) => a !== action);
  if (excluded) list.push(action);
  if (list.length) actions.exclude = list;
  else delete actions.exclude;
  if (Object.keys(actions).length) turn.actions = actions;
  else delete turn.actions;
  return storyFileToYaml(raw as never, storyHeader(bot));
}
