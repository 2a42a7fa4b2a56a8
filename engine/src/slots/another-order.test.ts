import { describe, expect, it } from 'vitest';
import { asksAnotherOrder } from './another-order.ts';

describe('asksAnotherOrder', () => {
  it.each([
    '不是，我是想再订一张', '不是，我想再买一张', '不不，再来一张', '我要另外订两张', '再订一张去北京的', '多买一张', '重新订一张后天的',
    'no, I want another ticket', 'no no, book one more', 'no I meant to book 2 more', 'get two more tickets', 'another ticket please',
    'I need an extra ticket', 'book another one for Friday',
  ])('%s asks for another order', (text) => {
    expect(asksAnotherOrder(text)).toBe(true);
  });

  it.each([
    '不用再订了', '别再买了', '再退一张', '退一张', '不是，退一张就行', '再来一遍', '不要了', '没再订', '我要退订',
    "don't book another one", 'cancel one more', 'refund another ticket', 'no, just one', 'no, keep it', 'one more question',
    'I want to cancel', 'no need to book more',
  ])('%s does not', (text) => {
    expect(asksAnotherOrder(text)).toBe(false);
  });
});
