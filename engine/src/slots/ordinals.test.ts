import { describe, expect, it } from 'vitest';
import { orderPlace } from './ordinals.ts';

describe('orderPlace', () => {
  it.each([
    ['cancel the first one', 1],
    ['no, the second one', 2],
    ['change my 2nd order to Friday', 2],
    ['refund the 3rd booking', 3],
    ['I want to cancel the last one', -1],
    ['退第二个', 2],
    ['第一个订单退掉', 1],
    ['把第3单改到周六', 3],
    ['最后那个', -1],
    ['最后一张退了吧', -1],
  ] as const)('%s → %d', (text, place) => {
    expect(orderPlace(text)).toBe(place);
  });

  it.each(['one ticket', 'first class please', 'the first time', '第一次订票', '我第一次用', 'the second of December', 'at last'])(
    '%s points at no place in a list',
    (text) => {
      expect(orderPlace(text)).toBeNull();
    },
  );
});
