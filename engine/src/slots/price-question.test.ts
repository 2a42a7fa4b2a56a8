import { describe, expect, it } from 'vitest';
import { asksPrice } from './price-question.ts';

describe('asksPrice', () => {
  it.each([
    '去上海多少钱', '票价多少', '明天去北京的票价格是多少', '贵不贵', '到广州几块钱', 'how much is a ticket to Boston', "what's the fare to Chicago",
    'how much does it cost', 'are tickets to Denver expensive', 'price of a ticket to Miami', '儿童票一张多少？', '多少一张', '每位多少', '这个贵吗', '票贵么',
  ])('%s asks for a price', (text) => {
    expect(asksPrice(text)).toBe(true);
  });

  it.each([
    '订一张去上海的票', '多少张', '我要订两张', '一张多少张', 'book a ticket to Boston', 'how many tickets do I have', 'how much longer', 'how much time do I have', 'how much baggage can I bring?', 'how much luggage is allowed',
  ])('%s does not', (text) => {
    expect(asksPrice(text)).toBe(false);
  });
});
