// Edits a list of actions (a transition's or a state's entry actions). Irreversible ones are shown in red.
import { useI18n, type MessageKey } from '../i18n.ts';
import { isIrreversible } from '../model/labels.ts';
import type { Action } from '../model/types.ts';
import { LocalizedInputs } from '../ui.tsx';

const TYPES: Action['type'][] = ['setSlots', 'setSlot', 'clearSlots', 'selectOrder', 'copyOrder', 'changeOrderCount', 'holdNextTrip', 'holdDraft', 'keepOrders', 'offerNextTrip', 'say', 'charge', 'refund', 'reschedule'];

function blank(type: Action['type'], locales: readonly string[]): Action {
  switch (type) {
    case 'say':
      return { type, text: Object.fromEntries(locales.map((l) => [l, '…'])) };
    case 'setSlot':
      return { type, slot: '', value: '' };
    default:
      return { type } as Action;
  }
}

export function parseValue(text: string): string | number | boolean | null {
  if (text === 'null') return null;
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  return text;
}

export function ActionsEditor({
  actions,
  onChange,
  slots,
  locales,
  testId,
}: {
  actions: readonly Action[];
  /** `key` names the field edited, so typing merges into one undo step. */
  onChange: (next: Action[], key: string) => void;
  slots: readonly string[];
  locales: readonly string[];
  testId: string;
}) {
  const { t } = useI18n();
  const set = (i: number, a: Action, key: string) => onChange(actions.map((x, j) => (j === i ? a : x)), `${i}:${key}`);
  return (
    <div className="actions-editor" data-testid={testId}>
      {actions.map((a, i) => (
        <div key={i} className={`action-row${isIrreversible(a) ? ' action-irreversible' : ''}`} data-testid={`${testId}-${i}`}>
          <div className="action-head">
            <select
              value={a.type}
              data-testid={`${testId}-${i}-type`}
              onChange={(e) => set(i, blank(e.target.value as Action['type'], locales), 'type')}
            >
              {TYPES.map((type) => (
                <option key={type} value={type}>
                  {t(`act_${type}` as MessageKey)}
                </option>
              ))}
            </select>
            {isIrreversible(a) ? <span className="irreversible-tag">⚠ {t('irreversible')}</span> : null}
            <button className="icon" title={t('moveUp')} disabled={i === 0} onClick={() => {
              const next = [...actions];
              [next[i - 1], next[i]] = [next[i]!, next[i - 1]!];
              onChange(next, 'order');
            }}>↑</button>
            <button className="icon" title={t('delete')} data-testid={`${testId}-${i}-delete`} onClick={() => onChange(actions.filter((_, j) => j !== i), 'delete')}>
              ✕
            </button>
          </div>
          {a.type === 'say' ? (
            <LocalizedInputs
              locales={locales}
              value={a.text}
              testId={`${testId}-${i}-text`}
              onChange={(locale, text) => set(i, { ...a, text: { ...a.text, [locale]: text } }, `text:${locale}`)}
            />
          ) : null}
          {a.type === 'setSlots' || a.type === 'clearSlots' ? (
            <div className="checks">
              <span className="muted">{a.slots?.length ? '' : t('allSlots')}</span>
              {slots.map((s) => (
                <label key={s} className="check">
                  <input
                    type="checkbox"
                    checked={a.slots?.includes(s) ?? false}
                    onChange={(e) => {
                      const list = e.target.checked ? [...(a.slots ?? []), s] : (a.slots ?? []).filter((x) => x !== s);
                      const { slots: _drop, ...rest } = a;
                      set(i, (list.length ? { ...rest, slots: list } : rest) as Action, 'slots');
                    }}
                  />
                  {s}
                </label>
              ))}
            </div>
          ) : null}
          {a.type === 'setSlot' ? (
            <div className="inline">
              <select value={a.slot} onChange={(e) => set(i, { ...a, slot: e.target.value }, 'slot')}>
                <option value="">—</option>
                {slots.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
              <input
                placeholder={t('value')}
                value={a.value === null ? 'null' : String(a.value)}
                onChange={(e) => set(i, { ...a, value: parseValue(e.target.value) }, 'value')}
              />
            </div>
          ) : null}
        </div>
      ))}
      <select
        className="add-action"
        data-testid={`${testId}-add`}
        value=""
        onChange={(e) => e.target.value && onChange([...actions, blank(e.target.value as Action['type'], locales)], 'add')}
      >
        <option value="">+ {t('addAction')}</option>
        {TYPES.map((type) => (
          <option key={type} value={type}>
            {t(`act_${type}` as MessageKey)}
          </option>
        ))}
      </select>
    </div>
  );
}
