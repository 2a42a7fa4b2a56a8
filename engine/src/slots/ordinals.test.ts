import { describe, expect, it } from 'vitest';
import { orderPlace, pointsAtOtherOrder } from './ordinals.ts';

describe('orderPlace', () => {
  it.each([
    ['cancel the first one', 1],
    ['no, the second one', 2],
    ['no wait, the second', 2],
    ['cancel the earliest one', 1],
    ['cancel my next trip', 1],
    ['cancel the soonest one', 1],
    ['the latest one', -1],
    ['cancel the earlier one', 1],
    ['the sooner one', 1],
    ['no, the later one', -1],
    ['cancel the earlier', 1],
    ['最早的那个退了', 1],
    ['最近的那趟退了', 1],
    ['退掉晚的那个', -1],
    ['退掉日期晚的那个', -1],
    ['把晚一点的那个改到27号', -1],
    ['早的那张退了', 1],
    ['hang on, the last.', -1],
    ['change my 2nd order to Friday', 2],
    ['refund the 3rd booking', 3],
    ['I want to cancel the last one', -1],
    ['退第二个', 2],
    ['第一个订单退掉', 1],
    ['把第3单改到周六', 3],
    ['最后那个', -1],
    ['最后一张退了吧', -1],
    ['move the middle one to dec 19', 0],
    ['中间那个改到12月19号', 0],
  ] as const)('%s → %d', (text, place) => {
    expect(orderPlace(text)).toBe(place);
  });

  it.each(['one ticket', 'first class please', 'the first time', '第一次订票', '我第一次用', 'the second of December', 'at last', 'move it to the first', 'the first time I went', 'book it for the second', 'the next one', 'my next question', '最近有什么活动', "I'll decide later", 'see you later'])(
    '%s points at no place in a list',
    (text) => {
      expect(orderPlace(text)).toBeNull();
    },
  );
});

describe('pointsAtOtherOrder', () => {
  it.each(['no not that one, the other one', 'the other ticket', 'not this one', '不是这张，另一张', '另外那张', '另一个'])('%s points at the other order', (text) => {
    expect(pointsAtOtherOrder(text)).toBe(true);
  });
  it.each(['another ticket to Boston', 'the first one', '再订一张', '另外帮我查一下', 'other than that, nothing'])('%s does not', (text) => {
    expect(pointsAtOtherOrder(text)).toBe(false);
  });
});
