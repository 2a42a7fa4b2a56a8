// Runs a story through the simulator the way a user would: restart, then say each turn in order, checking every
// observed turn with the runner's own matcher (runtime-server/src/stories/match.ts) until the first failing one.
import type { Locale } from '@statecraft/engine';
import { checkTurn, formatFailure, type TurnFailure } from '../../../runtime-server/src/stories/match.ts';
import type { Story } from '../../../runtime-server/src/stories/story-format.ts';
import { resolveTokens } from '../../../runtime-server/src/stories/tokens.ts';
import type { SimTurn } from './record.ts';

/** What the runner needs from the simulator: the same restart and send the buttons use. */
export interface SimulatorDriver {
  /** A new conversation, under `locale` and the fixed clock `now` (null: the real clock). */
  reset(locale: Locale | null, now: string | null): Promise<void>;
  /** Says one utterance; resolves with what the simulator observed (throws when the turn failed to run). */
  say(text: string): Promise<SimTurn>;
}

export interface SimStoryResult {
  name: string;
  passed: boolean;
  turns: SimTurn[];
  failure: TurnFailure | null;
  diff: string | null;
}

export async function runStoryInSimulator(story: Story, sim: SimulatorDriver, timeZone: string): Promise<SimStoryResult> {
  await sim.reset(story.locale, story.now);
  const turns: SimTurn[] = [];
  let failure: TurnFailure | null = null;
  // The clock relative dates in what the user says resolve from: the story's, else the last turn's.
  let clock = story.now ? new Date(story.now) : new Date();
  for (const [i, turn] of story.turns.entries()) {
    const user = resolveTokens(turn.user, { now: clock, timeZone, locale: story.locale });
    try {
      const observed = await sim.say(user);
      turns.push(observed);
      clock = new Date(observed.fixedNow ?? observed.now);
      const ctx = { now: clock, timeZone, locale: story.locale };
      const mismatches = checkTurn(turn, observed, ctx, story.never);
      if (mismatches.length) failure = { turn: i + 1, turns: story.turns.length, user, mismatches, observed };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      failure = { turn: i + 1, turns: story.turns.length, user, mismatches: [{ field: 'response', expected: 'a reply', actual: message }], observed: null };
    }
    if (failure) break;
  }
  return { name: story.name, passed: !failure, turns, failure, diff: failure ? formatFailure(failure) : null };
}
