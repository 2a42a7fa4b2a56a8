import { describe, expect, it } from 'vitest';
import { miniBot } from '../../test/mini-bot.ts';
import { checkFlow } from './checks.ts';
import { parseBot } from './compile.ts';
import { listReplies, replyKeys } from './personas.ts';
import { pickReply } from './render.ts';
import { BotSchema, type BotInput } from './schema.ts';

/** The mini bot with a named `say` and a terse persona that rewords a state reply, the `say` and a message. */
function withPersona(extra: Partial<BotInput> = {}): BotInput {
  const bot = miniBot();
  const cancel = bot.on!.cancel!;
  cancel[1] = { actions: [{ type: 'say', id: 'nothing_to_cancel', text: { 'en-US': 'Nothing to cancel.' } }] };
  return {
    ...bot,
    personas: {
      terse: {
        label: { 'en-US': 'Terse' },
        replies: {
          'state:ordering.ask': { 'en-US': 'To?' },
          'say:nothing_to_cancel': { 'en-US': 'No orders.' },
          'message:reset': { 'en-US': 'Restart.' },
        },
      },
    },
    ...extra,
  };
}

describe('listReplies', () => {
  it('names every reply a persona can reword, with the text it replaces', () => {
    const replies = listReplies(withPersona());
    expect(replies.filter((r) => r.kind === 'message').map((r) => r.key)).toEqual(['message:fallback', 'message:reset', 'message:noOrders']);
    expect(replies.find((r) => r.key === 'state:ordering.confirm')?.base).toEqual({ 'en-US': '{count} to {destination} on {date}?' });
    const says = replies.filter((r) => r.kind === 'say');
    expect(says.find((r) => r.key === 'say:nothing_to_cancel')).toMatchObject({ at: { owner: null, event: 'cancel', transition: 1, action: 0 } });
    // A `say` without an id is listed (so an editor can name it) but has no key yet.
    expect(says.find((r) => r.kind === 'say' && r.at.owner === 'ordering.confirm')).toMatchObject({ key: null, id: null });
    expect(replyKeys(withPersona()).has('state:ordering.route')).toBe(false); // a routing state says nothing
  });
});

describe('pickReply', () => {
  const def = parseBot(withPersona());
  const base = { 'en-US': 'Where to?' };

  it("uses the persona's override when it has one", () => {
    expect(pickReply(def, 'state:ordering.ask', base, 'en-US', 'terse')).toBe('To?');
  });

  it('falls back to the text as written without a persona, for an unknown persona, key or a missing locale', () => {
    expect(pickReply(def, 'state:ordering.ask', base, 'en-US', null)).toBe('Where to?');
    expect(pickReply(def, 'state:ordering.ask', base, 'en-US', 'pirate')).toBe('Where to?');
    expect(pickReply(def, 'state:ordering.ask_date', { 'en-US': 'When?' }, 'en-US', 'terse')).toBe('When?');
    expect(pickReply(def, null, base, 'en-US', 'terse')).toBe('Where to?');
    const zh = parseBot({ ...withPersona(), locales: ['en-US', 'zh-CN'] });
    expect(pickReply(zh, 'state:ordering.ask', { 'en-US': 'Where to?', 'zh-CN': '去哪？' }, 'zh-CN', 'terse')).toBe('去哪？');
  });
});

describe('persona checks', () => {
  const problems = (bot: BotInput) => checkFlow(parseBot(bot)).filter((p) => p.code.includes('persona') || p.code.includes('reply'));

  it('accepts a persona whose overrides all name replies of the bot', () => {
    expect(problems(withPersona({ defaultPersona: 'terse' }))).toEqual([]);
  });

  it('warns about an override of a reply the bot does not have', () => {
    const bot = withPersona();
    bot.personas!.terse!.replies!['state:ordering.gone'] = { 'en-US': 'x' };
    bot.personas!.terse!.replies!['say:never_said'] = { 'en-US': 'y' };
    expect(problems(bot)).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'unknown_reply', message: expect.stringContaining('"state:ordering.gone"') }),
      expect.objectContaining({ severity: 'warning', code: 'unknown_reply', message: expect.stringContaining('"say:never_said"') }),
    ]);
  });

  it('refuses a default persona that does not exist, and a say id used twice', () => {
    const bot = withPersona({ defaultPersona: 'pirate' });
    bot.on!.fallback = [{ actions: [{ type: 'say', id: 'nothing_to_cancel', text: { 'en-US': 'Sorry?' } }] }];
    expect(problems(bot).map((p) => [p.severity, p.code])).toEqual([
      ['error', 'unknown_persona'],
      ['error', 'duplicate_reply_id'],
    ]);
  });

  it('refuses a malformed reply key in the schema', () => {
    const bot = withPersona();
    bot.personas!.terse!.replies!['ordering.ask'] = { 'en-US': 'x' };
    expect(BotSchema.safeParse(bot).success).toBe(false);
  });
});
