import { describe, expect, it } from 'vitest';
import { assembleBot } from './assemble.ts';

describe('assembleBot', () => {
  it('merges examples and context examples of each locale file into the flow, tagging context examples with the locale', () => {
    const flow = { intents: { inform: { examples: { 'zh-CN': ['明天'] } } } };
    const bot = assembleBot(flow, [
      { locale: 'zh-CN', intents: { inform: ['后天'] }, contextExamples: { inform: [{ text: '改到明天', state: 'booking.confirm' }] } },
      { locale: 'en-US', intents: { inform: ['tomorrow'] }, contextExamples: { change_ticket: [{ text: 'change it to tomorrow', state: 'idle' }] } },
    ]) as { intents: Record<string, { examples?: Record<string, string[]>; contextExamples?: unknown[] }> };
    expect(bot.intents.inform?.examples).toEqual({ 'zh-CN': ['明天', '后天'], 'en-US': ['tomorrow'] });
    expect(bot.intents.inform?.contextExamples).toEqual([{ locale: 'zh-CN', text: '改到明天', state: 'booking.confirm' }]);
    expect(bot.intents.change_ticket?.contextExamples).toEqual([{ locale: 'en-US', text: 'change it to tomorrow', state: 'idle' }]);
    expect(flow.intents.inform.examples['zh-CN']).toEqual(['明天']); // the input is not modified
  });

  it('rejects a context example with an unknown field', () => {
    expect(() => assembleBot({}, [{ locale: 'zh-CN', intents: {}, contextExamples: { inform: [{ text: 'x', sate: 'idle' }] } }])).toThrow();
  });
});
