import { describe, expect, it } from 'vitest';
import { ticketTotalSpan } from './ticket-total.ts';

const statesTicketTotal = (text: string) => ticketTotalSpan(text) !== null;

describe('ticketTotalSpan', () => {
  it.each([
    '把成都那个改成两张', '成都的票我只要两张了', '改成四张', '只留一张', '两张就够了', '换成3张', '减到两张吧', '加到四张',
    'bump it up to 4', 'take it down to two', 'actually only 2 of us are going now', 'now there are 4 of us',
    '我们只去一个人了', '我们现在是两个人', '只有三个人去',
    'change my Denver booking to 2 tickets', 'make it 2 tickets', 'reduce it to one', 'I only need two tickets', 'bring it down to 2', 'refund some, keep only one ticket',
    'I need 4 tickets for the Boston trip, not 2', 'can you change the number of tickets on my Boston order to 3?', 'actually make that 4 tickets', '上海的要四张，不是两张',
    '不是两张，是4张', 'make the Beijing booking for 2 people', 'can you make my boston booking 5 people', 'actually I need 3 people on the Beijing order',
    'Boston one should be 4 people', 'I need only 1 ticket for Beijing now',
  ])('%s gives a total', (text) => {
    expect(statesTicketTotal(text)).toBe(true);
  });

  it.each([
    '我要两张去北京的', '订两张明天的票', '退一张', '再加一张', 'book 2 tickets to Boston', 'cancel one ticket', 'change it to Friday',
    'make it the 2nd', 'one more ticket', '两个人去北京', 'two of us are going to Boston',
    'book 4 tickets, not for Boston', '两张不是给我的', 'make a booking for 2', 'book 3 tickets for a trip to Boston',
  ])('%s does not', (text) => {
    expect(statesTicketTotal(text)).toBe(false);
  });
});
