// Bot-wide settings: display name, start state, time zone, confidence threshold, the engine's own messages.
import { PERSONA_MESSAGES } from '@statecraft/engine';
import { useEditor } from '../editor-context.ts';
import { useI18n, type MessageKey } from '../i18n.ts';
import { edit } from '../model/edit.ts';
import { Field, LocalizedInputs } from '../ui.tsx';


export function BotPanel() {
  const { def, apply, locales } = useEditor();
  const { t } = useI18n();
  return (
    <div className="inspector" data-testid="bot-panel">
      <Field label={t('botName')}>
        <input
          data-testid="bot-name"
          value={def.name ?? ''}
          onChange={(e) =>
            apply(
              (d) =>
                edit(d, (x) => {
                  if (e.target.value) x.name = e.target.value;
                  else delete x.name;
                }),
              'bot:name',
            )
          }
        />
      </Field>
      <div className="inline">
        <Field label={t('initialState')}>
          <select data-testid="bot-initial" value={def.initial ?? ''} onChange={(e) => apply((d) => ({ ...d, initial: e.target.value }))}>
            {Object.keys(def.states ?? {}).map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('threshold')}>
          <input
            type="number"
            min={0}
            max={1}
            step={0.05}
            data-testid="bot-threshold"
            value={def.nlu?.threshold ?? 0.5}
            onChange={(e) => apply((d) => edit(d, (x) => void ((x.nlu ??= {}).threshold = Number(e.target.value))), 'bot:threshold')}
          />
        </Field>
        <Field label={t('timeZone')}>
          <input value={def.timeZone ?? ''} onChange={(e) => apply((d) => ({ ...d, timeZone: e.target.value }), 'bot:tz')} />
        </Field>
      </div>
      <Field label={t('locales')}>
        <span>{locales.join(', ')}</span>
      </Field>
      <div className="section-title">{t('messages')}</div>
      {PERSONA_MESSAGES.map((m) => (
        <Field key={m} label={t(`msg_${m}` as MessageKey)}>
          <LocalizedInputs
            locales={locales}
            value={def.messages?.[m]}
            testId={`bot-message-${m}`}
            onChange={(locale, text) =>
              apply(
                (d) =>
                  edit(d, (x) => {
                    x.messages ??= { fallback: {}, reset: {} };
                    const rec = { ...(x.messages[m] ?? {}) } as Record<string, string>;
                    if (text) rec[locale] = text;
                    else delete rec[locale];
                    (x.messages as Record<string, unknown>)[m] = rec;
                  }),
                `bot:msg:${m}:${locale}`,
              )
            }
          />
        </Field>
      ))}
    </div>
  );
}
