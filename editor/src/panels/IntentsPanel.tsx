// Intents and their training examples per locale: add one, remove one, or paste many (one per line).
import { useState } from 'react';
import { useEditor } from '../editor-context.ts';
import { useI18n } from '../i18n.ts';
import { addExamples, addIntent, deleteIntent, edit, removeExample, transitionsOnEvent } from '../model/edit.ts';
import { isReservedName, SNAKE_NAME } from '../model/paths.ts';
import { ConfirmDialog, Field, linesOf, PromptDialog } from '../ui.tsx';

function ExampleList({ intent, locale }: { intent: string; locale: string }) {
  const { def, apply } = useEditor();
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [bulk, setBulk] = useState('');
  const [note, setNote] = useState('');
  const examples = (def.intents?.[intent]?.examples as Record<string, string[]> | undefined)?.[locale] ?? [];
  const add = (texts: string[]) => {
    let added = 0;
    apply((d) => {
      const r = addExamples(d, intent, locale, texts);
      added = r.added;
      return r.def;
    });
    setNote(t('addedN', { n: added }));
    return added;
  };
  return (
    <div className="examples" data-testid={`examples-${locale}`}>
      <div className="section-title">
        {t('examples')} <span className="locale-tag">{locale}</span> <span className="muted">{t('exampleCount', { n: examples.length })}</span>
      </div>
      <div className="inline">
        <input
          data-testid={`example-input-${locale}`}
          placeholder={t('examplePlaceholder')}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            // Enter while an IME is composing (拼音) only confirms the characters.
            if (e.key === 'Enter' && !e.nativeEvent.isComposing && text.trim()) {
              add([text]);
              setText('');
            }
          }}
        />
        <button
          data-testid={`example-add-${locale}`}
          disabled={!text.trim()}
          onClick={() => {
            add([text]);
            setText('');
          }}
        >
          {t('add')}
        </button>
      </div>
      <ul className="example-list">
        {examples.map((ex, i) => (
          <li key={`${i}:${ex}`} data-testid={`example-${locale}-${i}`}>
            <span>{ex}</span>
            <button
              className="icon"
              title={t('delete')}
              data-testid={`example-remove-${locale}-${i}`}
              onClick={() => apply((d) => removeExample(d, intent, locale, i))}
            >
              ✕
            </button>
          </li>
        ))}
      </ul>
      <Field label={t('bulkPaste')}>
        <textarea data-testid={`example-bulk-${locale}`} rows={3} value={bulk} onChange={(e) => setBulk(e.target.value)} />
      </Field>
      <div className="inline">
        <button
          data-testid={`example-bulk-add-${locale}`}
          disabled={!linesOf(bulk).length}
          onClick={() => {
            add(linesOf(bulk));
            setBulk('');
          }}
        >
          {t('bulkAdd')}
        </button>
        {note ? <span className="muted">{note}</span> : null}
      </div>
    </div>
  );
}

export function IntentsPanel() {
  const { def, apply, selection, select, locales } = useEditor();
  const { t } = useI18n();
  const [dialog, setDialog] = useState<'add' | 'delete' | null>(null);
  const names = Object.keys(def.intents ?? {});
  const current = selection?.kind === 'intent' && names.includes(selection.name) ? selection.name : null;
  const spec = current ? def.intents?.[current] : undefined;
  const outOfScope = def.nlu?.outOfScope ?? [];
  return (
    <div className="intents-panel" data-testid="intents-panel">
      <div className="list-with-detail">
        <ul className="name-list" data-testid="intent-list">
          {names.map((n) => {
            const counts = locales.map((l) => (def.intents?.[n]?.examples as Record<string, string[]> | undefined)?.[l]?.length ?? 0);
            return (
              <li key={n}>
                <button className={n === current ? 'link selected' : 'link'} data-testid={`intent-${n}`} onClick={() => select({ kind: 'intent', name: n })}>
                  {n} <span className={`muted${counts.some((c) => c === 0) ? ' error-text' : ''}`}>{counts.join('/')}</span>
                </button>
              </li>
            );
          })}
          <li>
            <button data-testid="add-intent" onClick={() => setDialog('add')}>
              + {t('addIntent')}
            </button>
          </li>
        </ul>
        {current && spec ? (
          <div className="inspector" data-testid="intent-inspector">
            <h3>
              {t('intents')} <code>{current}</code>
            </h3>
            <p className="muted">{t('usedBy', { n: transitionsOnEvent(def, current).length })}</p>
            <Field label={t('description')}>
              <input
                value={spec.description ?? ''}
                onChange={(e) =>
                  apply(
                    (d) =>
                      edit(d, (x) => {
                        const i = x.intents![current]!;
                        if (e.target.value) i.description = e.target.value;
                        else delete i.description;
                      }),
                    `intent:${current}:description`,
                  )
                }
              />
            </Field>
            <label className="check">
              <input
                type="checkbox"
                checked={outOfScope.includes(current)}
                onChange={(e) =>
                  apply((d) =>
                    edit(d, (x) => {
                      x.nlu ??= {};
                      const list = (x.nlu.outOfScope ?? []).filter((n) => n !== current);
                      x.nlu.outOfScope = e.target.checked ? [...list, current] : list;
                    }),
                  )
                }
              />
              out of scope (nlu.outOfScope)
            </label>
            {spec.contextExamples?.length ? <p className="muted">{t('contextExamples', { n: spec.contextExamples.length })}</p> : null}
            {locales.map((l) => (
              <ExampleList key={`${current}:${l}`} intent={current} locale={l} />
            ))}
            <button className="danger" data-testid="intent-delete" onClick={() => setDialog('delete')}>
              {t('deleteIntent')}
            </button>
          </div>
        ) : null}
      </div>
      {dialog === 'add' ? (
        <PromptDialog
          title={t('addIntent')}
          label={t('newIntentName')}
          testId="new-intent-dialog"
          check={(v) => (!SNAKE_NAME.test(v) || isReservedName(v) ? t('invalidIntentName') : names.includes(v) ? t('nameTaken') : null)}
          onClose={() => setDialog(null)}
          onOk={(name) => {
            apply((d) => addIntent(d, name));
            select({ kind: 'intent', name });
            setDialog(null);
          }}
        />
      ) : null}
      {dialog === 'delete' && current ? (
        <ConfirmDialog
          testId="delete-intent-dialog"
          message={t('confirmDeleteIntent', { name: current, n: transitionsOnEvent(def, current).length })}
          onClose={() => setDialog(null)}
          onOk={() => {
            apply((d) => deleteIntent(d, current));
            select(null);
          }}
        />
      ) : null}
    </div>
  );
}
