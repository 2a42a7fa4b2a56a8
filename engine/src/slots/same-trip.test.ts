import { describe, expect, it } from 'vitest';
import { asksSameTrip } from './same-trip.ts';

describe('asksSameTrip', () => {
  it.each([
    '再订一张一样的', '同样的再来一张', '跟上次一样', '和刚才那个一样，再订一张', '照旧', '老样子再来两张', '再订一张相同的票',
    'book the same again', 'same again please', "I'd like the same trip again", 'one more ticket like that',
    'another one just like it', 'same as last time', 'two tickets like before', 'book it as before', 'like last time',
    '照旧，不过改成后天',
  ])('%s asks for a trip already booked', (text) => {
    expect(asksSameTrip(text)).toBe(true);
  });

  it.each([
    '我要订一张不一样的', '再订一张去上海的', '帮我订票', "I'd like that", 'I would like it on Friday', 'not the same one, a new trip',
    'book a ticket to Boston', 'one more ticket to Chicago', 'I like it', "I'd like last time's seat",
    // "same" in a change of day points at the order being moved
    'postpone my trip to next week same day', 'move my Boston ticket to next friday, same time', 'can you reschedule the same booking to monday?',
    'same ticket but on sunday please, I mean change it', '同样的票推迟一天',
  ])('%s does not', (text) => {
    expect(asksSameTrip(text)).toBe(false);
  });
});
