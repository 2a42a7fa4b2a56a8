// A minimal order bot for unit tests: every rule of the flow format in a few states.
import type { BotInput } from '../src/flow/schema.ts';

const say = (en: string) => ({ type: 'say' as const, text: { 'en-US': en } });

export function miniBot(): BotInput {
  return {
    id: 'mini',
    locales: ['en-US'],
    timeZone: 'UTC',
    initial: 'idle',
    nlu: { threshold: 0.5, outOfScope: ['oos'] },
    intents: {
      order: { examples: { 'en-US': ['order a pizza', 'I want a pizza'] } },
      cancel: { examples: { 'en-US': ['cancel my pizza', 'refund the pizza'] } },
      inform: { examples: { 'en-US': ['Boston', 'tomorrow'] } },
      affirm: { examples: { 'en-US': ['yes', 'sure'] } },
      deny: { examples: { 'en-US': ['no', 'nope'] } },
      oos: { examples: { 'en-US': ['weather', 'joke'] } },
    },
    slots: {
      destination: { type: 'city', role: 'destination' },
      date: { type: 'date' },
      count: { type: 'count', default: 1 },
    },
    disambiguation: {
      state: 'clarify',
      pairs: [['order', 'cancel']],
      margin: 0.3,
      cues: { 'en-US': ['cancel', "don't"] },
    },
    messages: { fallback: { 'en-US': 'Sorry?' }, reset: { 'en-US': 'Starting over.' }, noOrders: { 'en-US': 'No orders.' } },
    on: {
      fallback: [{ actions: [say('Sorry?')] }],
      disambiguate: [{ target: 'clarify' }],
      cancel: [{ guard: { type: 'hasActiveOrder' }, target: 'cancelling', actions: [{ type: 'selectOrder' }] }, { actions: [say('Nothing to cancel.')] }],
    },
    states: {
      idle: { reply: { 'en-US': 'Hi.' }, replyMode: 'whenSilent', on: { order: [{ target: 'ordering', actions: [{ type: 'setSlots' }] }] } },
      ordering: {
        initial: 'route',
        on: { inform: [{ target: 'ordering.route', actions: [{ type: 'setSlots' }] }] },
        states: {
          route: {
            always: [
              { guard: { type: 'slotMissing', slot: 'destination' }, target: 'ordering.ask' },
              { guard: { type: 'slotMissing', slot: 'date' }, target: 'ordering.ask_date' },
              { target: 'ordering.confirm' },
            ],
          },
          ask: { expecting: 'destination', reply: { 'en-US': 'Where to?' } },
          ask_date: { expecting: 'date', reply: { 'en-US': 'When?' } },
          confirm: {
            kind: 'confirm',
            confirms: 'charge',
            expecting: 'confirm',
            reply: { 'en-US': '{count} to {destination} on {date}?' },
            on: {
              affirm: [{ target: 'idle', actions: [{ type: 'charge' }, say('Order {order.id}.'), { type: 'clearSlots' }] }],
              deny: [{ target: 'idle', actions: [{ type: 'clearSlots' }] }],
            },
          },
        },
      },
      cancelling: {
        kind: 'confirm',
        confirms: 'refund',
        expecting: 'confirm',
        reply: { 'en-US': 'Cancel {order.id}?' },
        on: { affirm: [{ target: 'idle', actions: [{ type: 'refund' }] }], deny: [{ target: 'idle' }] },
      },
      clarify: {
        kind: 'disambiguate',
        expecting: 'disambiguate',
        reply: { 'en-US': 'Order or cancel?' },
        on: { order: [{ target: 'ordering' }] },
      },
    },
  };
}
