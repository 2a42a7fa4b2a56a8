import { describe, expect, it } from 'vitest';
import { miniBot } from '../../test/mini-bot.ts';
import { compileBot, FlowValidationError } from './compile.ts';
import type { BotInput } from './schema.ts';

function problemsOf(bot: BotInput) {
  try {
    compileBot(bot);
    return [];
  } catch (error) {
    if (!(error instanceof FlowValidationError)) throw error;
    return error.problems.filter((p) => p.severity === 'error');
  }
}

describe('compileBot', () => {
  it('compiles a valid flow into a machine whose states carry their dotted paths', () => {
    const bot = compileBot(miniBot());
    expect(bot.machine.id).toBe('mini');
    expect([...bot.statesByPath.keys()]).toEqual(
      expect.arrayContaining(['idle', 'ordering', 'ordering.route', 'ordering.ask', 'ordering.confirm', 'cancelling', 'clarify']),
    );
    expect(bot.version).toMatch(/^[0-9a-f]{16}$/);
    expect(bot.warnings.filter((w) => w.severity === 'error')).toEqual([]);
  });

  it('gives the same version to the same flow and a new one to any change', () => {
    const a = compileBot(miniBot()).version;
    const changed = miniBot();
    changed.messages.fallback = { 'en-US': 'Pardon?' };
    expect(compileBot(miniBot()).version).toBe(a);
    expect(compileBot(changed).version).not.toBe(a);
  });

  it('refuses names that would resolve to Object.prototype members, wherever a name is a key or a reference', () => {
    const cases: [string, (b: Record<string, any>) => void][] = [
      ['initial state', (b) => (b.initial = 'toString')],
      ['state name', (b) => (b.states.valueOf = b.states.idle)],
      ['intent name', (b) => (b.intents.constructor = b.intents[Object.keys(b.intents)[0] as string])],
      ['slot name', (b) => (b.slots.hasOwnProperty = Object.values(b.slots)[0])],
    ];
    for (const [what, mutate] of cases) {
      const bot = structuredClone(miniBot()) as unknown as Record<string, any>;
      mutate(bot);
      const problems = problemsOf(bot as never);
      expect(problems.map((p) => p.message).join('\n'), what).toMatch(/reserved JavaScript name|Invalid key in record/);
    }
  });

  it('rejects schema violations with readable paths', () => {
    const bot = miniBot() as unknown as Record<string, unknown>;
    bot.initial = 42;
    const problems = problemsOf(bot as never);
    expect(problems[0]).toMatchObject({ code: 'invalid_schema', message: expect.stringMatching(/^initial:/) });
  });

  it('rejects an unknown time zone at load time rather than at the first turn', () => {
    expect(problemsOf({ ...miniBot(), timeZone: 'Mars/Olympus_Mons' }).map((p) => p.message)).toEqual([
      'timeZone: an IANA time zone such as "Asia/Shanghai"',
    ]);
  });

  it('rejects targets, slots and intents that do not exist', () => {
    const bot = miniBot();
    bot.states.idle!.on!.order = [{ target: 'nowhere', actions: [{ type: 'clearSlots', slots: ['colour'] }] }];
    bot.states.idle!.on!.dance = [{ target: 'idle' }];
    const codes = problemsOf(bot).map((p) => p.code);
    expect(codes).toEqual(expect.arrayContaining(['unknown_target', 'unknown_slot', 'unknown_intent']));
  });

  it('rejects a guard over a slot that does not exist', () => {
    const bot = miniBot();
    bot.states.idle!.on!.order = [{ guard: { type: 'changesSlots', slots: ['colour'] }, target: 'idle' }];
    expect(problemsOf(bot).find((p) => p.code === 'unknown_slot')?.message).toContain('"colour"');
  });
});

describe('the confirmation guard (static check over the machine graph)', () => {
  it('rejects a charge reachable without a confirmation state', () => {
    const bot = miniBot();
    bot.states.idle!.on!.order = [{ target: 'idle', actions: [{ type: 'charge' }] }];
    const problems = problemsOf(bot);
    expect(problems.map((p) => p.code)).toContain('unconfirmed_irreversible_action');
    expect(problems.find((p) => p.code === 'unconfirmed_irreversible_action')?.path).toBe('idle');
  });

  it('rejects an irreversible action on a non-affirm event of a confirm state', () => {
    const bot = miniBot();
    const confirm = bot.states.ordering!.states!.confirm!;
    confirm.on!.deny = [{ target: 'idle', actions: [{ type: 'charge' }] }];
    expect(problemsOf(bot).map((p) => p.code)).toContain('unconfirmed_irreversible_action');
  });

  it('rejects a "yes" to a cancellation that would charge', () => {
    const bot = miniBot();
    bot.states.cancelling!.on!.affirm = [{ target: 'idle', actions: [{ type: 'charge' }] }];
    expect(problemsOf(bot).map((p) => p.code)).toContain('unconfirmed_irreversible_action');
  });

  it('rejects irreversible actions in global transitions, eventless transitions and entry actions', () => {
    const global = miniBot();
    global.on!.affirm = [{ actions: [{ type: 'refund' }] }];
    const always = miniBot();
    always.states.ordering!.states!.route!.always!.unshift({ guard: { type: 'hasActiveOrder' }, actions: [{ type: 'charge' }] });
    const entry = miniBot();
    entry.states.idle!.entry = [{ type: 'reschedule' }];
    for (const bot of [global, always, entry]) expect(problemsOf(bot).map((p) => p.code)).toContain('unconfirmed_irreversible_action');
  });

  it('requires confirm states to declare what they confirm and to expect "confirm"', () => {
    const bot = miniBot();
    delete bot.states.cancelling!.confirms;
    bot.states.cancelling!.expecting = 'destination';
    expect(problemsOf(bot).filter((p) => p.code === 'confirm_state_misconfigured')).toHaveLength(2);
  });

  it('requires the disambiguation state to exist, have kind "disambiguate" and be reachable by the event', () => {
    const bot = miniBot();
    bot.states.clarify!.kind = 'normal';
    delete bot.on!.disambiguate;
    expect(problemsOf(bot).filter((p) => p.code === 'disambiguation_misconfigured')).toHaveLength(2);
  });

  it('warns about unreachable states without refusing the flow', () => {
    const bot = miniBot();
    bot.states.orphan = { reply: { 'en-US': 'lonely' }, on: { deny: [{ target: 'idle' }] } };
    const compiled = compileBot(bot);
    expect(compiled.warnings).toContainEqual(expect.objectContaining({ code: 'unreachable_state', path: 'orphan', severity: 'warning' }));
  });

  it('refuses intents without examples in a declared locale', () => {
    const bot = miniBot();
    bot.intents.deny = { examples: {} };
    expect(problemsOf(bot).map((p) => p.code)).toContain('intent_without_examples');
  });

  it('treats flow JSON as inert data: code-looking strings and __proto__ keys run nothing', () => {
    const bot = JSON.parse(JSON.stringify(miniBot()).replace('"Hi."', '"${process.exit(1)} {constructor}"'));
    bot.__proto__ = { polluted: true };
    bot.states.idle.on['__proto__'] = [{ target: 'idle' }];
    const problems = problemsOf(bot);
    expect(problems.length).toBeGreaterThan(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
