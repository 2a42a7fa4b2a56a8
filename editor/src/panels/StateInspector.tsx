// The selected state: name, kind, replies per locale, the slot it asks for, quick replies, entry actions, transitions.
import { IRREVERSIBLE_ACTIONS, type QuickReply } from '@statecraft/engine';
import { useEffect, useState } from 'react';
import { useEditor } from '../editor-context.ts';
import { useI18n } from '../i18n.ts';
import { addState, deleteState, renameState, transitionsInto, setLocalizedText, updateState } from '../model/edit.ts';
import { guardLabel, irreversibleOf } from '../model/labels.ts';
import { allStates, getState, isReservedName, lastName, parentPath, slotNames, STATE_NAME, transitionsOf } from '../model/paths.ts';
import { refId, type RawBot, type StateDef } from '../model/types.ts';
import { ConfirmDialog, Field, InlineProblems, LocalizedInputs, PromptDialog } from '../ui.tsx';
import { ActionsEditor } from './ActionsEditor.tsx';
import { QuickRepliesEditor } from './QuickRepliesEditor.tsx';


export function stateNameProblem(def: RawBot, parent: string | null, name: string, t: ReturnType<typeof useI18n>['t'], except?: string) {
  if (!STATE_NAME.test(name) || isReservedName(name)) return t('invalidStateName');
  const siblings = parent === null ? def.states : getState(def, parent)?.states;
  if (name !== except && siblings && Object.prototype.hasOwnProperty.call(siblings, name)) return t('nameTaken');
  return null;
}

export function StateInspector({ path }: { path: string }) {
  const { def, apply, select, locales, newTransition, movePositions, validation } = useEditor();
  const { t, lang } = useI18n();
  const state = getState(def, path);
  const parent = parentPath(path);
  const [name, setName] = useState(lastName(path));
  const [dialog, setDialog] = useState<'child' | 'delete' | null>(null);
  useEffect(() => setName(lastName(path)), [path]);
  if (!state) return <p className="muted">{path}?</p>;

  const upd = (recipe: (s: StateDef) => void, field: string) =>
    apply((d) => updateState(d, path, recipe as never), `state:${path}:${field}`);
  const nameError = name !== lastName(path) ? stateNameProblem(def, parent, name, t, lastName(path)) : null;
  const rename = () => {
    if (nameError || name === lastName(path)) return;
    const to = parent ? `${parent}.${name}` : name;
    apply((d) => renameState(d, path, name));
    movePositions(path, to);
    select({ kind: 'state', path: to });
  };
  const isTopInitial = parent === null && def.initial === path;
  const own = transitionsOf(def, path);
  const problems = (validation?.problems ?? []).filter((p) => p.path === path);
  const slots = slotNames(def);
  const children = Object.keys(state.states ?? {});

  return (
    <div className="inspector" data-testid="state-inspector">
      <h3>
        {t('state')} <code>{path}</code>
      </h3>
      <InlineProblems problems={problems} />
      <Field label={t('name')}>
        <div className="inline">
          <input
            data-testid="state-name-input"
            value={name}
            onChange={(e) => setName(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && rename()}
          />
          <button data-testid="state-rename" disabled={!!nameError || name === lastName(path)} onClick={rename}>
            {t('rename')}
          </button>
        </div>
      </Field>
      {nameError ? <div className="error-text">{nameError}</div> : null}
      <div className="inline">
        <Field label={t('kind')}>
          <select
            data-testid="state-kind"
            value={state.kind ?? 'normal'}
            onChange={(e) =>
              upd((s) => {
                const kind = e.target.value as NonNullable<StateDef['kind']>;
                if (kind === 'normal') delete s.kind;
                else s.kind = kind;
                if (kind === 'confirm') {
                  s.expecting = 'confirm';
                  s.confirms ??= 'charge';
                } else {
                  delete s.confirms;
                  if (s.expecting === 'confirm') delete s.expecting;
                }
                if (kind === 'disambiguate') s.expecting = 'disambiguate';
                else if (s.expecting === 'disambiguate') delete s.expecting;
              }, 'kind')
            }
          >
            <option value="normal">{t('kindNormal')}</option>
            <option value="confirm">{t('kindConfirm')}</option>
            <option value="disambiguate">{t('kindDisambiguate')}</option>
          </select>
        </Field>
        {state.kind === 'confirm' ? (
          <Field label={t('confirms')}>
            <select
              data-testid="state-confirms"
              className="irreversible-select"
              value={state.confirms ?? ''}
              onChange={(e) =>
                upd((s) => {
                  if (e.target.value) s.confirms = e.target.value as StateDef['confirms'];
                  else delete s.confirms;
                }, 'confirms')
              }
            >
              <option value="">{t('nothing')}</option>
              {IRREVERSIBLE_ACTIONS.map((a) => (
                <option key={a} value={a}>
                  ⚠ {a}
                </option>
              ))}
            </select>
          </Field>
        ) : null}
        <Field label={t('expecting')}>
          <select
            data-testid="state-expecting"
            value={state.expecting ?? ''}
            onChange={(e) =>
              upd((s) => {
                if (e.target.value) s.expecting = e.target.value;
                else delete s.expecting;
              }, 'expecting')
            }
          >
            <option value="">{t('nothing')}</option>
            {slots.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
            <option value="confirm">confirm</option>
            <option value="disambiguate">disambiguate</option>
            {state.expecting && !slots.includes(state.expecting) && !['confirm', 'disambiguate'].includes(state.expecting) ? (
              <option value={state.expecting}>{state.expecting} ?</option>
            ) : null}
          </select>
        </Field>
      </div>
      <Field label={t('description')}>
        <input
          data-testid="state-description"
          value={state.description ?? ''}
          onChange={(e) =>
            upd((s) => {
              if (e.target.value) s.description = e.target.value;
              else delete s.description;
            }, 'description')
          }
        />
      </Field>
      <Field label={t('reply')}>
        <LocalizedInputs
          locales={locales}
          value={state.reply}
          multiline
          testId="state-reply"
          onChange={(locale, text) =>
            upd((s) => setLocalizedText(s, 'reply', locale, text), `reply:${locale}`)
          }
        />
      </Field>
      <Field label={t('replyMode')}>
        <select
          value={state.replyMode ?? 'always'}
          onChange={(e) =>
            upd((s) => {
              if (e.target.value === 'whenSilent') s.replyMode = 'whenSilent';
              else delete s.replyMode;
            }, 'replyMode')
          }
        >
          <option value="always">{t('replyAlways')}</option>
          <option value="whenSilent">{t('replyWhenSilent')}</option>
        </select>
      </Field>
      <Field label={t('quickReplies')}>
        <div className="localized">
          <p className="muted hint">{t('quickRepliesHint')}</p>
          {locales.map((locale) => (
            <div key={locale} className="localized-row">
              <span className="locale-tag">{locale}</span>
              <QuickRepliesEditor
                testId={`state-quick-${locale}`}
                replies={state.quickReplies?.[locale as 'zh-CN']}
                intents={Object.keys(def.intents)}
                onChange={(list) =>
                  upd((s) => {
                    const q = { ...(s.quickReplies ?? {}) } as Record<string, QuickReply[]>;
                    if (list.length) q[locale] = list;
                    else delete q[locale];
                    if (Object.keys(q).length) s.quickReplies = q;
                    else delete s.quickReplies;
                  }, `quick:${locale}`)
                }
              />
            </div>
          ))}
        </div>
      </Field>
      {children.length ? (
        <Field label={t('initialChild')}>
          <select value={state.initial ?? ''} onChange={(e) => upd((s) => void (s.initial = e.target.value), 'initial')}>
            {children.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </Field>
      ) : null}
      <Field label={t('entryActions')}>
        <ActionsEditor
          actions={state.entry ?? []}
          slots={slots}
          locales={locales}
          testId="state-entry"
          onChange={(next, key) =>
            upd((s) => {
              if (next.length) s.entry = next;
              else delete s.entry;
            }, `entry:${key}`)
          }
        />
      </Field>
      <div className="section-title">{t('transitions')}</div>
      <ul className="transition-list" data-testid="state-transitions">
        {own.map(({ ref, transition }) => {
          const irr = irreversibleOf(transition.actions);
          return (
            <li key={refId(ref)}>
              <button className={`link${irr.length ? ' irreversible-text' : ''}`} onClick={() => select({ kind: 'transition', ref })}>
                {ref.kind === 'always' ? t('always') : ref.event}
                {transition.guard ? ` [${guardLabel(transition.guard, t, true)}]` : ''} → {transition.target ?? t('internal')}
                {irr.length ? ` ⚠ ${irr.join(', ')}` : ''}
              </button>
            </li>
          );
        })}
      </ul>
      <div className="button-row">
        <button data-testid="state-add-transition" onClick={() => newTransition(path)}>
          + {t('addTransition')}
        </button>
        <button data-testid="state-add-child" onClick={() => setDialog('child')}>
          + {t('addChild')}
        </button>
        {parent === null && !isTopInitial ? (
          <button onClick={() => apply((d) => ({ ...d, initial: path }))}>{t('setAsInitial')}</button>
        ) : null}
        <button className="danger" data-testid="state-delete" onClick={() => setDialog('delete')}>
          {t('deleteState')}
        </button>
      </div>
      {isTopInitial ? <p className="muted">{t('isInitial')}</p> : null}
      {dialog === 'child' ? (
        <PromptDialog
          title={t('addChild')}
          label={t('newStateName')}
          testId="new-child-dialog"
          check={(v) => stateNameProblem(def, path, v, t)}
          onClose={() => setDialog(null)}
          onOk={(child) => {
            apply((d) => addState(d, path, child, { reply: Object.fromEntries(locales.map((l) => [l, lang === 'en-US' ? '…' : '…'])) }));
            select({ kind: 'state', path: `${path}.${child}` });
            setDialog(null);
          }}
        />
      ) : null}
      {dialog === 'delete' ? (
        <ConfirmDialog
          testId="delete-state-dialog"
          message={t('confirmDeleteState', { path, n: transitionsInto(def, path).length })}
          onClose={() => setDialog(null)}
          onOk={() => {
            apply((d) => deleteState(d, path));
            for (const s of allStates(def)) if (s.path === path || s.path.startsWith(`${path}.`)) movePositions(s.path, null);
            select(null);
          }}
        />
      ) : null}
    </div>
  );
}
