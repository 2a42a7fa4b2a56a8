import { exportIntentModelToOnnx, parseBot, trainBotModel, type BotDefinition } from '@statecraft/engine';
import { describe, expect, it } from 'vitest';
import { ticketsBot } from '../test/fixtures.ts';
import type { FullModel, LocaleUpdate } from './protocol.ts';
import { ModelMemory, trainFull } from './train-core.ts';

// The demo bot with few epochs: the same code paths, a fraction of the training time.
const raw = await ticketsBot();
const def = parseBot({ ...raw, nlu: { ...(raw as { nlu: object }).nlu, model: { ...(raw as { nlu: { model: object } }).nlu.model, epochs: 3 } } });
/** Byte equality without the matcher's element-by-element diffing (the models are megabytes). */
const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);
const NEW_EXAMPLE = '麻烦给我整一张去乌鲁木齐的卧铺';

function withExample(d: BotDefinition, intent: string, text: string): BotDefinition {
  const spec = d.intents[intent] ?? { examples: {} };
  return { ...d, intents: { ...d.intents, [intent]: { ...spec, examples: { ...spec.examples, 'zh-CN': [...(spec.examples['zh-CN'] ?? []), text] } } } };
}

/** Trains the full models the update asked for, as the full worker would, and hands them back to the memory. */
function trainAsked(memory: ModelMemory, updates: LocaleUpdate[]): FullModel[] {
  return updates.flatMap((u) => {
    if (u.kind === 'full') return [];
    const { full } = trainFull(u.job);
    memory.remember(full);
    return [full];
  });
}

describe('ModelMemory', () => {
  it('trains the server\'s exact model, fine-tunes after an edit, and finds the exact model again after an undo', async () => {
    const memory = new ModelMemory();
    const first = await memory.update(def);
    expect(first.map((u) => [u.locale, u.kind])).toEqual([['zh-CN', 'none'], ['en-US', 'none']]);
    const full = trainAsked(memory, first);
    // Parity: what the worker trains from its memoised examples is what the server trains from the definition.
    for (const m of full) expect(same(m.bytes, exportIntentModelToOnnx(trainBotModel(def, m.locale).weights))).toBe(true);

    const edited = withExample(def, 'book_ticket', NEW_EXAMPLE);
    const quick = await memory.update(edited);
    expect(quick.map((u) => [u.locale, u.kind])).toEqual([['zh-CN', 'quick'], ['en-US', 'full']]);
    const zh = quick[0]!;
    if (zh.kind !== 'quick') throw new Error('expected a quick zh-CN model');
    expect(zh.added).toBe(1);
    expect(zh.model.examples).toBe(full[0]!.examples.length + 1);

    const undone = await memory.update(def);
    expect(undone.map((u) => u.kind)).toEqual(['full', 'full']);
    expect(undone[0]!.kind === 'full' && same(undone[0]!.model.bytes, full[0]!.bytes)).toBe(true);
  }, 60_000);

  it('fine-tunes a new intent in, from the last model of the locale', async () => {
    const memory = new ModelMemory();
    trainAsked(memory, await memory.update(def));
    const withIntent = withExample({ ...def, intents: { ...def.intents, human_agent: { examples: {} } } } as BotDefinition, 'human_agent', '转人工');
    const updates = await memory.update(withExample(withExample(withIntent, 'human_agent', '我要找人工客服'), 'human_agent', '人工服务'));
    expect(updates[0]!.kind).toBe('quick');
    expect(updates[0]!.kind === 'quick' && updates[0]!.added).toBe(3);
  }, 60_000);
});
