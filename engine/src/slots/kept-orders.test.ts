import { describe, expect, it } from 'vitest';
import { keptSpans } from './kept-orders.ts';

const kept = (text: string) => keptSpans(text).map((s) => text.slice(s.start, s.end).trim());

describe('keptSpans', () => {
  it.each([
    ['cancel everything except the Beijing trip', ['the Beijing trip']],
    ['cancel all but Beijing', ['Beijing']],
    ['yes except Chengdu', ['Chengdu']],
    ['ok but keep Shanghai', ['Shanghai']],
    ['cancel them all, not the first one', ['the first one']],
    ['除了北京的，其他都退了', ['北京的']],
    ['好的，成都的留着', ['成都的']],
    ['保留北京那个，其他的退了', ['北京那个']],
    ['上海那个别退', ['上海那个']],
    ['cancel all except Boston and Beijing', ['Boston and Beijing']],
  ])('%s leaves out %j', (text, spans) => {
    expect(kept(text)).toEqual(spans);
  });

  it.each(['cancel all my orders', '全部退掉', 'cancel everything, not just Beijing', 'yes cancel them all', 'but I want a refund'])('%s leaves nothing out', (text) => {
    expect(kept(text)).toEqual([]);
  });
});
