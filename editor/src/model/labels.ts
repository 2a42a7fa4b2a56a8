// Human labels for guards and actions, and the guard choices offered in dropdowns.
import { IRREVERSIBLE_ACTIONS } from '@statecraft/engine';
import type { MessageKey, Translate } from '../i18n.ts';
import type { Action, Guard, RawBot } from './types.ts';

export const ENTITIES = ['date', 'count', 'city'] as const;

/**
 * A guard in words. The canvas shows the short form (a node's line has room for a few words); `detail` adds what the
 * short form leaves out (which ways an order is named), as the inspector's dropdown must tell its options apart.
 */
export function guardLabel(g: Guard | undefined, t: Translate, detail = false): string {
  if (!g) return '';
  switch (g.type) {
    case 'slotFilled':
      return t('g_slotFilled', { slot: g.slot });
    case 'slotMissing':
      return t('g_slotMissing', { slot: g.slot });
    case 'slotsFilled':
      return t('g_slotsFilled', { slots: g.slots.join(', ') });
    case 'hasActiveOrder':
      return t('g_hasActiveOrder');
    case 'orderSelected':
      return t('g_orderSelected');
    case 'entityPresent':
      return t('g_entityPresent', { entity: t(`entity_${g.entity}` as MessageKey) });
    case 'onlyEntity':
      return t('g_onlyEntity', { entity: t(`entity_${g.entity}` as MessageKey) });
    case 'changesSlots':
      return detail && g.slots ? `${t('g_changesSlots')} (${g.slots.join(', ')})` : t('g_changesSlots');
    case 'partOfOrder':
      return t('g_partOfOrder', { slot: g.slot });
    case 'matchesOrder':
      return t('g_matchesOrder', { slot: g.slot });
    case 'wholeOrder':
      return t('g_wholeOrder');
    case 'turnsDownSlot':
      return t('g_turnsDownSlot', { slot: g.slot });
    case 'allOrders':
      return t('g_allOrders');
    case 'saysWrong':
      return g.slot ? t('g_saysWrongSlot', { slot: g.slot }) : t('g_saysWrong');
    case 'keepsOrders':
      return t(g.every ? 'g_keepsEveryOrder' : 'g_keepsOrders');
    case 'newDestination':
      return t('g_newDestination');
    case 'turnsDownOrder':
      return t('g_turnsDownOrder');
    case 'sameAsOrder':
      return t('g_sameAsOrder');
    case 'asksAnotherOrder':
      return t(g.besideDraft ? 'g_asksAnotherTrip' : 'g_asksAnotherOrder');
    case 'asksPrice':
      return t('g_asksPrice');
    case 'namesSecondTrip':
      return t('g_namesSecondTrip');
    case 'swapsTrip':
      return t('g_swapsTrip');
    case 'hasNextTrip':
      return t(g.setAside ? 'g_hasBookingSetAside' : 'g_hasNextTrip');
    case 'refersToOrder':
      return t('g_refersToOrder');
    case 'shiftsDay':
      return t('g_shiftsDay');
    case 'changesOrderCount':
      return t(g.direction === 'fewer' ? 'g_fewerTickets' : 'g_moreTickets');
    case 'outOfScope':
      return t('g_outOfScope');
    case 'namesNoOrder':
      return t('g_namesNoOrder', { by: detail ? orderKinds(g.by, t) : '' });
    case 'namesOtherOrder':
      return t('g_namesOtherOrder', { by: detail ? orderKinds(g.by, t) : '' });
    case 'namesOrder':
      return t('g_namesOrder', { by: detail ? orderKinds(g.by, t) : '' });
    case 'and':
      return `${t('g_and')}(${g.guards.map((x) => guardLabel(x, t, detail)).join(', ')})`;
    case 'or':
      return `${t('g_or')}(${g.guards.map((x) => guardLabel(x, t, detail)).join(', ')})`;
    case 'not':
      return `${t('g_not')}(${guardLabel(g.guard, t, detail)})`;
    default:
      return JSON.stringify(g);
  }
}

/** Which ways an order may be named: " (city / date)". */
function orderKinds(by: readonly ('city' | 'date')[], t: Translate): string {
  return ` (${by.map((e) => t(`entity_${e}` as MessageKey)).join(' / ')})`;
}

export interface GuardOption {
  value: string;
  label: string;
  guard: Guard | undefined;
}

/** The guards a dropdown offers: none, the simple ones over this bot's slots, and the current one if compound. */
export function guardOptions(def: RawBot, t: Translate, current?: Guard): GuardOption[] {
  const slots = Object.keys(def.slots ?? {});
  const guards: Guard[] = [
    ...slots.map((slot): Guard => ({ type: 'slotMissing', slot })),
    ...slots.map((slot): Guard => ({ type: 'slotFilled', slot })),
    { type: 'hasActiveOrder' },
    { type: 'not', guard: { type: 'hasActiveOrder' } },
    { type: 'orderSelected' },
    ...ENTITIES.map((entity): Guard => ({ type: 'entityPresent', entity })),
    ...ENTITIES.map((entity): Guard => ({ type: 'onlyEntity', entity })),
    { type: 'changesSlots' },
    ...slots.map((slot): Guard => ({ type: 'turnsDownSlot', slot })),
    ...slots.map((slot): Guard => ({ type: 'matchesOrder', slot })),
    { type: 'namesNoOrder', by: ['city', 'date'] },
    { type: 'namesNoOrder', by: ['city'] },
    { type: 'namesOtherOrder', by: ['city', 'date'] },
    { type: 'namesOtherOrder', by: ['city'] },
    { type: 'namesOrder', by: ['city', 'date'] },
    { type: 'allOrders' },
    { type: 'saysWrong' },
    ...slots.map((slot): Guard => ({ type: 'saysWrong', slot })),
    { type: 'keepsOrders' },
    { type: 'keepsOrders', every: true },
    { type: 'wholeOrder' },
    { type: 'newDestination' },
    { type: 'turnsDownOrder' },
    { type: 'sameAsOrder' },
    { type: 'asksAnotherOrder' },
    { type: 'asksAnotherOrder', besideDraft: true },
    { type: 'changesOrderCount', direction: 'fewer' },
    { type: 'changesOrderCount', direction: 'more' },
    { type: 'asksPrice' },
    { type: 'namesSecondTrip' },
    { type: 'swapsTrip' },
    { type: 'hasNextTrip' },
    { type: 'hasNextTrip', setAside: true },
    { type: 'refersToOrder' },
    { type: 'shiftsDay' },
    { type: 'outOfScope' },
  ];
  const options: GuardOption[] = [
    { value: '', label: t('noGuard'), guard: undefined },
    ...guards.map((g) => ({ value: JSON.stringify(g), label: guardLabel(g, t, true), guard: g })),
  ];
  if (current && !options.some((o) => o.value === JSON.stringify(current)))
    options.push({ value: JSON.stringify(current), label: guardLabel(current, t, true), guard: current });
  return options;
}

export const isIrreversible = (a: Action): boolean => (IRREVERSIBLE_ACTIONS as readonly string[]).includes(a.type);

export const irreversibleOf = (actions: readonly Action[] | undefined): string[] =>
  (actions ?? []).filter(isIrreversible).map((a) => a.type);

/** The bot's own text in the editor's locale if it has one, else in its first locale (never translated). */
export function pickText(text: Partial<Record<string, string>> | undefined, locales: readonly string[], prefer: string): string {
  if (!text) return '';
  return text[prefer] ?? locales.map((l) => text[l]).find(Boolean) ?? Object.values(text).find(Boolean) ?? '';
}

export function actionLabel(a: Action, t: Translate, locales: readonly string[], prefer: string): string {
  const name = t(`act_${a.type}` as MessageKey);
  switch (a.type) {
    case 'say':
      return `${name}: “${pickText(a.text, locales, prefer)}”`;
    case 'setSlot':
      return `${name}: ${a.slot} = ${JSON.stringify(a.value)}`;
    case 'setSlots':
    case 'clearSlots':
      return a.slots?.length ? `${name}: ${a.slots.join(', ')}` : name;
    case 'refund':
      return a.partSlot ? `${name}: ${t('act_refundPart', { slot: a.partSlot })}` : name;
    default:
      return name;
  }
}
