// Conversation tests ("stories", docs/stories.md) in three places at once: every tickets story
// (flows/tickets/tests/*.yaml, parsed and linted with the project's own loader) runs
//   1. in-process, in this test process (the runner of `pnpm statecraft test`: engine + onnxruntime-node),
//   2. in the editor's simulator in Chromium (two tabs; the model is trained in the browser once): a quarter of the
//      stories typed into sim-input and sent with Enter as a person would, with locale, fixed clock and restart set
//      through the real controls, reading back what the simulator observed through the `?testhooks=1` hook; the rest
//      run by the editor's own story runner (the saved stories' "run": restart, then the send button's code path for
//      each turn) through that hook, one call per story (see TYPED_EVERY),
//   3. against the runtime server over POST /v1/chat through Playwright's request context (a fresh uid per story),
// all checked by the runner's own matcher, and compared turn by turn (state and intent).
//
// Then the simulator's "save as story" button: record a 3-turn conversation, edit and validate the YAML in the dialog,
// save (the download must be a valid story of the observed states) and run it again from the saved list.
import { readFile } from 'node:fs/promises';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { sharedModelCache } from '../../runtime-server/src/bots/model-cache.ts';
import { loadBotRuntime, type BotRuntime } from '../../runtime-server/src/bots/registry.ts';
import { loadBotStories, runInProcess, type BotStories } from '../../runtime-server/src/stories/command.ts';
import { lintStories, parseStoryFile, type Story } from '../../runtime-server/src/stories/format.ts';
import type { ObservedTurn } from '../../runtime-server/src/stories/match.ts';
import { compareRuns, inProcessDriver, runStories, runStory, type Driver, type RunMode, type StoryResult } from '../../runtime-server/src/stories/run.ts';
import { artifact, freshUid } from '../support/env.ts';

const BOT = 'tickets';
const EDITOR_URL = `/editor/?testhooks=1#${BOT}`;

/** What the simulator's test hook reports per turn (editor/src/sim/record.ts `SimTurn`). */
interface SimTurn extends ObservedTurn {
  user: string;
  locale: string;
  now: string;
  fixedNow: string | null;
  event: string;
}

interface SimulatorHooks {
  ready(): boolean;
  observed(): SimTurn[];
  runStory(story: Story): Promise<{ turns: SimTurn[] }>;
}

declare global {
  interface Window {
    __statecraftSimulator?: SimulatorHooks;
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Opens the editor on the simulator tab and waits until the in-browser model is trained. */
async function openSimulator(page: Page): Promise<number> {
  const started = Date.now();
  await page.goto(EDITOR_URL);
  await page.getByTestId('tab-simulator').click();
  await expect(page.getByTestId('sim-status')).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
  await expect(page.getByTestId('sim-send')).toBeAttached();
  await page.waitForFunction(() => window.__statecraftSimulator?.ready() === true);
  return Date.now() - started;
}

/**
 * Types one utterance and presses Enter, as a person would; resolves with what the simulator observed for it (the
 * wait for the turn and the read-back are one round trip into the page). `before` is the number of turns observed so
 * far in this conversation. Enter rather than a click on send: a click first waits for the button to be stable over
 * animation frames, which was most of the ~200 ms per typed turn here, and sends the same way.
 */
async function typeAndSend(page: Page, text: string, before: number): Promise<SimTurn> {
  const input = page.getByTestId('sim-input');
  await input.fill(text);
  await input.press('Enter');
  return page.evaluate(
    (n) =>
      new Promise<SimTurn>((resolve, reject) => {
        const deadline = Date.now() + 15_000;
        const poll = () => {
          const turns = window.__statecraftSimulator!.observed();
          const input = document.querySelector<HTMLInputElement>('[data-testid="sim-input"]');
          // The turn is in, and the send handler has finished (it clears the input).
          if (turns.length > n && input?.value === '') resolve(turns[turns.length - 1]!);
          else if (Date.now() > deadline) reject(new Error(`no simulator turn after 15 s (${turns.length} turns)`));
          else setTimeout(poll, 2);
        };
        poll();
      }),
    before,
  );
}

/**
 * Restarts the simulator through its controls: the story's locale and fixed clock (or none; each only touched when it
 * differs from what the controls show), then "restart".
 */
async function restartAs(page: Page, story: Story): Promise<void> {
  const locale = page.getByTestId('sim-locale');
  if ((await locale.inputValue()) !== story.locale) await locale.selectOption(story.locale);
  const clock = page.getByTestId('sim-now');
  if ((await clock.inputValue()) !== (story.now ?? '')) await clock.fill(story.now ?? '');
  await page.getByTestId('sim-reset').click();
  await expect(page.getByTestId('sim-turn')).toHaveCount(0);
}

/**
 * One story in TYPED_EVERY is typed (the controls, the input, Enter, the rendering of every turn). The others run in
 * the page by the editor's story runner, in one call each, and their observed turns are then replayed to this
 * runner's matcher turn by turn. Typing all 296 stories took 246 s of the run here, about 214 ms a turn, although the
 * simulator plays a turn in 1–2 ms: the rest was Playwright's round trips into a page that renders every turn (one
 * `say` through the hook per turn still took 119 ms). What typing adds (the input, Enter, the controls, rendering) is
 * the same for every story.
 */
const TYPED_EVERY = 4;

/**
 * The story run in the page by the editor's runner; this runner's `say` then hands back its turns in order. It must
 * ask for the same utterances (the same tokens resolved from the same clock) as the page did.
 */
function runInPage(page: Page, story: Story) {
  let run: Promise<SimTurn[]> | null = null;
  let next = 0;
  let last = story.now ? new Date(story.now) : new Date();
  return {
    clock: () => last,
    async say(text: string) {
      run ??= page.evaluate((s) => window.__statecraftSimulator!.runStory(s).then((r) => r.turns), story);
      const observed = (await run)[next++];
      if (!observed) throw new Error(`the editor's runner stopped before turn ${next} ("${text}")`);
      if (observed.user !== text) throw new Error(`the editor's runner said "${observed.user}" at turn ${next}, this runner "${text}"`);
      last = new Date(observed.fixedNow ?? observed.now);
      return { observed };
    },
  };
}

/** The editor's simulator as a story runner driver (one conversation at a time: one page). */
function browserDriver(page: Page, timeZone: string, typed: (story: Story) => boolean): Driver {
  return {
    // Only a label in reports (compareRuns prints it); RunMode knows 'in-process' and 'http'.
    mode: 'browser' as unknown as RunMode,
    label: 'editor simulator (Chromium)',
    bot: BOT,
    timeZone,
    begin(story) {
      if (!typed(story)) return runInPage(page, story);
      let started: Promise<void> | null = null;
      let last = story.now ? new Date(story.now) : new Date();
      let turns = 0; // a restart empties the simulator's observed turns
      return {
        clock: () => last,
        async say(text) {
          started ??= restartAs(page, story);
          await started;
          const observed = await typeAndSend(page, text, turns++);
          last = new Date(observed.fixedNow ?? observed.now);
          return { observed };
        },
      };
    },
  };
}

/** POST /v1/chat through Playwright's request context: a fresh uid per story, the story's locale on every turn. */
function requestDriver(request: APIRequestContext, timeZone: string): Driver {
  return {
    mode: 'http',
    label: 'POST /v1/chat (Playwright request)',
    bot: BOT,
    timeZone,
    begin(story) {
      const uid = freshUid('story');
      let last = new Date();
      return {
        clock: () => last,
        async say(text) {
          const res = await request.post('/v1/chat', { data: { uid, text, bot: BOT, locale: story.locale } });
          last = new Date();
          const body = await res.text();
          if (res.status() !== 200) throw new Error(`POST /v1/chat answered ${res.status()}: ${body.slice(0, 300)}`);
          return { observed: JSON.parse(body) as ObservedTurn };
        },
      };
    },
  };
}

const failures = (results: readonly StoryResult[]) =>
  results.filter((r) => !r.passed).map((r) => `${r.story.file}  ${r.story.name}\n${(r.diff ?? '').replace(/^/gm, '    ')}`);

let loaded: BotStories;
let runtime: BotRuntime | null = null;

test.beforeAll(async () => {
  loaded = await loadBotStories(BOT);
});

test('every tickets story passes in-process, in the editor simulator and over HTTP, with the same states and intents', async ({ page, request }) => {
  const stories = loaded.stories;
  // About 0.7 s per story in the browser here (289 stories in two tabs: 3.2 min, 4.1 min in one); the budget grows with
  // the stories, with room for a slower CI machine, so that adding a story never turns this correctness check into a
  // race against a fixed clock.
  test.setTimeout(120_000 + stories.length * 2_000);
  expect(stories.length).toBeGreaterThan(100);
  const t0 = Date.now();

  // The browser trains its model while this process loads its own (the server's, from the model cache once trained)
  // and runs the stories in-process.
  const opening = openSimulator(page);
  opening.catch(() => {}); // awaited below; this only keeps an early failure of the in-process run from leaving it unhandled
  const inProcessStarted = Date.now();
  runtime = await loadBotRuntime(loaded.raw, { modelCache: sharedModelCache() });
  const local = (await runInProcess(loaded, runtime)).results;
  const inProcessMs = Date.now() - inProcessStarted;
  const trainMs = await opening;
  // A second tab of the editor types every other story. One tab runs one turn at a time (typing, the in-browser turn,
  // rendering) on its own renderer process; with two the browser's part of the run, the longest of this suite, took
  // a fifth less here (245 -> 193 s: the two cores are shared with the server and this runner). It opens with the model
  // the first tab trained (IndexedDB), not training again.
  const second = await page.context().newPage();
  const secondOpenMs = await openSimulator(second);

  const browserStarted = Date.now();
  let httpMs = 0;
  const inTab = (tab: number) => stories.filter((_, i) => i % 2 === tab);
  // Stories 0 and 1 of every 2 * TYPED_EVERY: each tab types one story in TYPED_EVERY of its own.
  const typedStories = new Set(stories.filter((_, i) => i % (2 * TYPED_EVERY) < 2));
  const typed = (story: Story) => typedStories.has(story);
  const [first, other, http] = await Promise.all([
    runStories(browserDriver(page, loaded.def.timeZone, typed), inTab(0)),
    runStories(browserDriver(second, loaded.def.timeZone, typed), inTab(1)),
    runStories(requestDriver(request, loaded.def.timeZone), stories, { concurrency: 4 }).then((r) => ((httpMs = Date.now() - browserStarted), r)),
  ]);
  const browserMs = Date.now() - browserStarted;
  // Back in the stories' order, for the turn-by-turn comparison with the in-process run.
  const browser = stories.map((_, i) => (i % 2 === 0 ? first[i / 2] : other[(i - 1) / 2])).filter((r) => r !== undefined);
  await page.screenshot({ path: artifact('stories-simulator.png') });
  await second.close();

  const disagreements = [...compareRuns(local, browser), ...compareRuns(local, http)];
  // The browser trains its own model (same trainer, same examples): how far do its confidences drift from Node's?
  const drift = (other: readonly StoryResult[]) =>
    Math.max(0, ...other.flatMap((r, i) => r.turns.map((t, j) => {
      const a = t.observed?.intent;
      const b = local[i]?.turns[j]?.observed?.intent;
      return a && b && a.name === b.name ? Math.abs(a.confidence - b.confidence) : 0;
    })));
  const passed = (rs: readonly StoryResult[]) => rs.filter((r) => r.passed).length;
  const turns = browser.reduce((n, r) => n + r.turns.length, 0);
  const typedTurns = browser.reduce((n, r) => n + (typed(r.story) ? r.turns.length : 0), 0);
  console.log(
    `timings: total ${seconds(Date.now() - t0)}; in-process ${seconds(inProcessMs)} (loading the bot included); ` +
      `editor load + in-browser training ${seconds(trainMs)}, second tab ${seconds(secondOpenMs)}; browser ${seconds(browserMs)} ` +
      `(${turns} turns in two tabs, ${typedTurns} of them typed, ${(browserMs / Math.max(1, turns)).toFixed(0)} ms/turn); http ${seconds(httpMs)} (4 at a time, alongside the browser)`,
  );
  console.log(`max intent confidence difference from in-process: browser ${drift(browser).toExponential(1)}, http ${drift(http).toExponential(1)}`);
  console.log(`stories: ${passed(local)} in-process, ${passed(browser)} browser, ${passed(http)} http; disagreements: ${disagreements.length}`);

  expect(failures(local), 'in-process failures').toEqual([]);
  expect(failures(browser), 'editor simulator failures').toEqual([]);
  expect(failures(http), 'HTTP failures').toEqual([]);
  expect(disagreements, 'turns whose state or intent differ from the in-process run').toEqual([]);
  expect([local.length, browser.length, http.length]).toEqual([stories.length, stories.length, stories.length]);
});

test('records a simulated conversation as a story, validates and saves it, and runs it again', async ({ page, request }) => {
  test.setTimeout(180_000);
  await openSimulator(page);
  const said = ['帮我订张票', '去北京', '明天'];
  const observed: SimTurn[] = [];
  for (const text of said) observed.push(await typeAndSend(page, text, observed.length));
  expect(observed.map((o) => o.state)).toEqual(['booking.ask_destination', 'booking.ask_date', 'booking.confirm']);

  await page.getByTestId('sim-record').click();
  const dialog = page.getByTestId('story-dialog');
  const yaml = dialog.getByTestId('story-yaml');
  const errors = dialog.getByTestId('story-errors');
  await expect(errors).toHaveAttribute('data-valid', 'true');
  const recorded = await yaml.inputValue();
  expect(recorded).toContain('$schema=../../story.schema.json');
  const first = parseStoryFile(recorded, 'recorded.yaml')[0]!;
  expect(first.locale).toBe('zh-CN');
  expect(first.now).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
  expect(first.turns.map((t) => t.state)).toEqual(observed.map((o) => o.state));
  expect(first.turns.map((t) => t.intent)).toEqual(observed.map((o) => o.intent.name));
  expect(first.turns.map((t) => t.expecting)).toEqual(['destination', 'date', 'confirm']);
  expect(first.turns[2]!.slots).toEqual({ destination: '北京', date: '{{today+1}}', count: 1 });
  expect(first.turns.some((t) => t.actions !== undefined)).toBe(false);

  // A broken edit is reported live with the format's own messages, and blocks saving.
  await yaml.fill(recorded.replace('state: booking.confirm', 'state: booking.confrim').replace('expecting: date', 'expectin: date'));
  await expect(errors).toHaveAttribute('data-valid', 'false');
  await expect(errors).toContainText('Unrecognized key: "expectin"');
  await expect(dialog.getByTestId('story-save')).toBeDisabled();
  await yaml.fill(recorded.replace('state: booking.confirm', 'state: booking.confrim'));
  await expect(errors).toContainText('unknown state "booking.confrim"');

  // Rename the story in the YAML; mark the last turn "no charge" with the checkbox.
  const name = 'e2e 录制：订票去北京，明天';
  await yaml.fill(recorded.replace(/^(\s+- name: ).*$/m, `$1${name}`));
  await expect(errors).toHaveAttribute('data-valid', 'true');
  await dialog.getByTestId('story-exclude-charge-3').check();
  await expect(yaml).toHaveValue(/actions: \{ exclude: \[ charge \] \}/);
  await expect(errors).toHaveAttribute('data-valid', 'true');
  await expect(errors).toContainText('tickets-e2e-录制-订票去北京-明天.yaml');
  await dialog.screenshot({ path: artifact('story-dialog.png') });

  const downloading = page.waitForEvent('download');
  await dialog.getByTestId('story-save').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('tickets-e2e-录制-订票去北京-明天.yaml');
  const text = await readFile((await download.path())!, 'utf8');
  const [story, ...more] = parseStoryFile(text, `flows/${BOT}/tests/${download.suggestedFilename()}`);
  expect(more).toEqual([]);
  expect(lintStories([story!], loaded.def)).toEqual([]);
  expect(story!.name).toBe(name);
  expect(story!.turns.map((t) => t.user)).toEqual(said);
  expect(story!.turns.map((t) => t.state)).toEqual(observed.map((o) => o.state));
  expect(story!.turns[2]!.actions).toEqual({ exclude: ['charge'] });
  await expect(dialog).toHaveCount(0);

  // Kept in the browser, and runs again through the simulator from the saved list.
  const stored = await page.evaluate((bot) => JSON.parse(localStorage.getItem(`statecraft.editor.stories.${bot}`) ?? '[]') as { name: string; yaml: string }[], BOT);
  expect(stored.map((s) => s.name)).toEqual([name]);
  const item = page.getByTestId('story-item').filter({ hasText: name });
  await item.getByTestId('story-run').click();
  await expect(item.getByTestId('story-result')).toHaveAttribute('data-passed', 'true', { timeout: 30_000 });
  await expect(page.getByTestId('sim-turn')).toHaveCount(3);
  await page.getByTestId('simulator').screenshot({ path: artifact('story-rerun.png') });

  // And with the project's runner: in-process (its fixed clock) and over HTTP (the real clock).
  runtime ??= await loadBotRuntime(loaded.raw, { modelCache: sharedModelCache() });
  const inProcess = await runStory(inProcessDriver(runtime), story!);
  expect(inProcess.diff).toBeNull();
  const overHttp = await runStory(requestDriver(request, loaded.def.timeZone), story!);
  expect(overHttp.diff).toBeNull();
});
