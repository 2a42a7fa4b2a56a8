import { describe, expect, it } from 'vitest';
import { asksIfRefundable, asksRules } from './rules-question.ts';

describe('asksRules', () => {
  it.each([
    '退票有手续费吗？', '退票要手续费吗', '如果退票能退全款吗', '改签要扣钱吗', '退改规则是什么', '以后还能改签吗', '能退多少钱？',
    'can I get a refund if I cancel?', 'is there a fee to cancel later?', 'is one ticket refundable?', "what's your cancellation policy", 'what are the refund rules?',
    'can I change it later for free?', 'any penalty if we need to reschedule?', "actually are there refunds if I can't go?",
  ])('%s asks about the rules', (text) => {
    expect(asksRules(text)).toBe(true);
  });

  it.each([
    // Requests, not questions about the rules: 能退吗 about one's own ticket asks for the refund.
    '我这张票能退吗', '帮我退票', '退一张', '我要改签', 'cancel my ticket', 'can I get a full refund on my Boston ticket?', 'I want to change the date',
    // A statement is no question.
    'no fees please', 'book it, fee or no fee',
  ])('%s does not', (text) => {
    expect(asksRules(text)).toBe(false);
  });
});

describe('asksIfRefundable (about a booking not made yet)', () => {
  it.each(['能退吗？', '这票可以退吗', '退得了吗', 'can I get a refund?', 'can we get our money back?'])('%s asks', (text) => {
    expect(asksIfRefundable(text)).toBe(true);
  });
  it.each(['帮我退票', '退一张', 'cancel it', 'I want a refund'])('%s does not', (text) => {
    expect(asksIfRefundable(text)).toBe(false);
  });
});
