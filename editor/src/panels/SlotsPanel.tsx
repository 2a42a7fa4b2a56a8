// Slots: what the bot collects (type, role, default, the question it asks).
import { useState } from 'react';
import { useEditor } from '../editor-context.ts';
import { useI18n } from '../i18n.ts';
import { addSlot, deleteSlot, edit, setLocalizedText } from '../model/edit.ts';
import { isReservedName, SNAKE_NAME } from '../model/paths.ts';
import { Field, LocalizedInputs, PromptDialog } from '../ui.tsx';
import { parseValue } from './ActionsEditor.tsx';

type SlotType = 'date' | 'count' | 'city' | 'string';

export function SlotsPanel() {
  const { def, apply, selection, select, locales } = useEditor();
  const { t } = useI18n();
  const [adding, setAdding] = useState(false);
  const names = Object.keys(def.slots ?? {});
  const current = selection?.kind === 'slot' && names.includes(selection.name) ? selection.name : null;
  const slot = current ? def.slots?.[current] : undefined;
  const upd = (recipe: (s: NonNullable<typeof slot>) => void, field: string) =>
    current && apply((d) => edit(d, (x) => recipe(x.slots![current] as never)), `slot:${current}:${field}`);
  return (
    <div className="slots-panel" data-testid="slots-panel">
      <div className="list-with-detail">
        <ul className="name-list" data-testid="slot-list">
          {names.map((n) => (
            <li key={n}>
              <button className={n === current ? 'link selected' : 'link'} data-testid={`slot-${n}`} onClick={() => select({ kind: 'slot', name: n })}>
                {n} <span className="muted">{def.slots?.[n]?.type}</span>
              </button>
            </li>
          ))}
          <li>
            <button data-testid="add-slot" onClick={() => setAdding(true)}>
              + {t('addSlot')}
            </button>
          </li>
        </ul>
        {current && slot ? (
          <div className="inspector" data-testid="slot-inspector">
            <h3>
              {t('slots')} <code>{current}</code>
            </h3>
            <div className="inline">
              <Field label={t('slotType')}>
                <select
                  data-testid="slot-type"
                  value={slot.type}
                  onChange={(e) =>
                    upd((s) => {
                      s.type = e.target.value as SlotType;
                      if (s.type !== 'city') delete s.role;
                    }, 'type')
                  }
                >
                  {(['date', 'count', 'city', 'string'] as const).map((ty) => (
                    <option key={ty} value={ty}>
                      {ty}
                    </option>
                  ))}
                </select>
              </Field>
              {slot.type === 'city' ? (
                <Field label={t('slotRole')}>
                  <select
                    value={slot.role ?? ''}
                    onChange={(e) =>
                      upd((s) => {
                        if (e.target.value) s.role = e.target.value as 'destination' | 'origin';
                        else delete s.role;
                      }, 'role')
                    }
                  >
                    <option value="">{t('roleNone')}</option>
                    <option value="destination">destination</option>
                    <option value="origin">origin</option>
                  </select>
                </Field>
              ) : null}
              <Field label={t('slotDefault')}>
                <input
                  data-testid="slot-default"
                  value={slot.default === undefined ? '' : String(slot.default)}
                  onChange={(e) =>
                    upd((s) => {
                      const v = parseValue(e.target.value);
                      if (e.target.value === '' || typeof v === 'boolean' || v === null) delete s.default;
                      else s.default = v;
                    }, 'default')
                  }
                />
              </Field>
            </div>
            <Field label={t('prompt')}>
              <LocalizedInputs
                locales={locales}
                value={slot.prompt}
                testId="slot-prompt"
                onChange={(locale, text) =>
                  upd((s) => setLocalizedText(s, 'prompt', locale, text), `prompt:${locale}`)
                }
              />
            </Field>
            <Field label={t('description')}>
              <input
                value={slot.description ?? ''}
                onChange={(e) =>
                  upd((s) => {
                    if (e.target.value) s.description = e.target.value;
                    else delete s.description;
                  }, 'description')
                }
              />
            </Field>
            <button
              className="danger"
              data-testid="slot-delete"
              onClick={() => {
                apply((d) => deleteSlot(d, current));
                select(null);
              }}
            >
              {t('deleteSlot')}
            </button>
          </div>
        ) : null}
      </div>
      {adding ? (
        <PromptDialog
          title={t('addSlot')}
          label={t('newSlotName')}
          testId="new-slot-dialog"
          check={(v) => (!SNAKE_NAME.test(v) || isReservedName(v) ? t('invalidIntentName') : names.includes(v) ? t('nameTaken') : null)}
          onClose={() => setAdding(false)}
          onOk={(name) => {
            apply((d) => addSlot(d, name));
            select({ kind: 'slot', name });
            setAdding(false);
          }}
        />
      ) : null}
    </div>
  );
}
