import { describe, expect, it } from 'vitest';
import { ticketsBot } from '../test/fixtures.ts';
import { edit } from './edit.ts';
import { validate } from './validate.ts';

describe('validate (the engine checks, in the browser)', () => {
  it('passes the demo bot and compiles it', async () => {
    const v = validate('tickets', await ticketsBot());
    expect(v.problems).toEqual([]);
    expect(v.compiled?.statesByPath.has('booking.confirm')).toBe(true);
  });

  it('places an irreversible action without confirmation on its state', async () => {
    const bot = edit(await ticketsBot(), (d) => {
      delete d.states.booking!.states!.confirm!.kind;
    });
    const v = validate('tickets', bot);
    // One per charging transition of the state: the booking's yes, and its yes when a second trip waits.
    expect(v.errors).toBe(2);
    expect(v.problems.map((p) => [p.code, p.path])).toEqual([
      ['unconfirmed_irreversible_action', 'booking.confirm'],
      ['unconfirmed_irreversible_action', 'booking.confirm'],
    ]);
    expect(v.compiled).toBeNull();
  });

  it('maps schema errors to the state they are in, and checks the bot id', async () => {
    const bot = edit(await ticketsBot(), (d) => {
      d.id = 'other';
      d.states.booking!.states!.ask_date!.reply = { 'zh-CN': '' };
    });
    const v = validate('tickets', bot);
    expect(v.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'bot_id_mismatch', path: null }),
        expect.objectContaining({ code: 'invalid_schema', path: 'booking.ask_date' }),
      ]),
    );
  });
});
