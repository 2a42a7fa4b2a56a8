import { describe, expect, it } from 'vitest';
import { ticketsBot } from '../test/fixtures.ts';
import { deleteState, renameState } from './edit.ts';
import { commit, startHistory, undo } from './history.ts';
import {
  addPersona, clearOverride, deletePersona, personaIds, renamePersona, replySlots, setDefaultPersona, setOverride,
} from './personas.ts';
import { validate } from './validate.ts';

const replies = (def: Awaited<ReturnType<typeof ticketsBot>>, persona = 'concise') => def.personas?.[persona]?.replies ?? {};

describe('persona edits', () => {
  it('adds, renames (following the default along) and deletes a persona', async () => {
    let def = addPersona(await ticketsBot(), 'friendly', { 'en-US': 'Friendly' });
    expect(personaIds(def)).toEqual(['concise', 'friendly']);
    def = setDefaultPersona(def, 'friendly');
    def = renamePersona(def, 'friendly', 'warm');
    expect(personaIds(def)).toEqual(['concise', 'warm']);
    expect(def.defaultPersona).toBe('warm');
    expect(validate('tickets', def).errors).toBe(0);
    def = deletePersona(def, 'warm');
    expect(def.defaultPersona).toBeUndefined();
    expect(renamePersona(def, 'concise', 'concise')).toBe(def);
  });

  it('sets and clears one locale of an override, and the whole override', async () => {
    const bot = await ticketsBot();
    const slot = replySlots(bot).find((r) => r.key === 'state:booking.ask_date')!;
    let def = setOverride(bot, 'concise', slot, 'en-US', 'Date?');
    expect(replies(def)['state:booking.ask_date']).toEqual({ 'zh-CN': '哪天？', 'en-US': 'Date?' });
    def = setOverride(def, 'concise', slot, 'zh-CN', '');
    expect(replies(def)['state:booking.ask_date']).toEqual({ 'en-US': 'Date?' });
    def = clearOverride(def, 'concise', 'state:booking.ask_date');
    expect(replies(def)['state:booking.ask_date']).toBeUndefined();
  });

  it('names an unnamed `say` when a persona first rewords it, in one undoable step', async () => {
    const bot = await ticketsBot();
    // The unnamed one: the booking's plain "no" (the other answers to a no there have ids of their own).
    const slot = replySlots(bot).find((r) => r.kind === 'say' && r.at.owner === 'booking' && r.at.event === 'deny' && r.key === null)!;
    expect(slot).toBeDefined();
    let h = startHistory(bot);
    h = commit(h, setOverride(h.present, 'concise', slot, 'en-US', 'Not booked.'));
    const named = replySlots(h.present).find((r) => r.kind === 'say' && r.at.owner === 'booking' && r.at.event === 'deny' && r.id === 'booking_deny')!;
    expect(named).toMatchObject({ id: 'booking_deny', key: 'say:booking_deny' });
    expect(replies(h.present)['say:booking_deny']).toEqual({ 'en-US': 'Not booked.' });
    expect(validate('tickets', h.present).problems.filter((p) => p.code.includes('reply'))).toEqual([]);
    h = undo(h);
    expect(h.present).toBe(bot);
  });
});

describe('persona overrides follow state edits', () => {
  it('moves the overrides of a renamed state and of the states inside it, keeping their order', async () => {
    const bot = await ticketsBot();
    const next = renameState(bot, 'booking', 'buying');
    const keys = Object.keys(replies(next));
    expect(keys).toContain('state:buying.ask_destination');
    expect(keys).toContain('state:buying.confirm');
    expect(keys.some((k) => k.startsWith('state:booking'))).toBe(false);
    expect(keys.indexOf('state:buying.ask_date')).toBe(Object.keys(replies(bot)).indexOf('state:booking.ask_date'));
    expect(validate('tickets', next).warnings).toBe(0);
  });

  it('drops the overrides of a deleted state and of the named says that went with it', async () => {
    const bot = await ticketsBot();
    const next = deleteState(bot, 'cancelling');
    expect(replies(next)['state:cancelling.confirm']).toBeUndefined();
    expect(replies(next)['say:refunded']).toBeUndefined();
    expect(replies(next)['say:booked']).toBeDefined();
    expect(validate('tickets', next).problems.filter((p) => p.code === 'unknown_reply')).toEqual([]);
  });
});
