// A tiny test hook for end-to-end tests, installed only when the page URL has `?testhooks=1`:
//
//   window.__statecraftSimulator.ready()               models trained, flow valid: the send button works
//   await window.__statecraftSimulator.reset(locale, now)   the restart button, plus the simulator's locale and fixed clock
//   window.__statecraftSimulator.observed()            what every turn so far produced (reply, state, intent, slots, …)
//   await window.__statecraftSimulator.say(text)       the send button's own code path, without typing (batch runs)
//   await window.__statecraftSimulator.runStory(story) a whole story through the saved stories' runner (restart, say
//                                                      each turn, check it), in one call: no round trip per turn
//
// Tests type into sim-input and press sim-send as a user would, and read back what the simulator observed here.
import type { Locale } from '@statecraft/engine';
import type { Story } from '../../../runtime-server/src/stories/story-format.ts';
import type { SimTurn } from './record.ts';
import type { SimStoryResult } from './story-runner.ts';

export interface SimulatorTestHooks {
  ready(): boolean;
  reset(locale: Locale | null, now: string | null): Promise<void>;
  observed(): SimTurn[];
  say(text: string): Promise<SimTurn>;
  runStory(story: Story): Promise<SimStoryResult>;
}

declare global {
  interface Window {
    __statecraftSimulator?: SimulatorTestHooks;
  }
}

export function testHooksEnabled(): boolean {
  try {
    return new URLSearchParams(globalThis.location?.search ?? '').get('testhooks') === '1';
  } catch {
    return false;
  }
}

/** Installs the hooks when enabled; returns the uninstaller. */
export function installSimulatorHooks(hooks: SimulatorTestHooks): () => void {
  if (!testHooksEnabled() || typeof window === 'undefined') return () => {};
  window.__statecraftSimulator = hooks;
  return () => {
    if (window.__statecraftSimulator === hooks) delete window.__statecraftSimulator;
  };
}
