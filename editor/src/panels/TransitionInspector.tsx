// The selected transition: its event (intent), guard, target, actions and priority among its siblings.
import { useEditor } from '../editor-context.ts';
import { useI18n } from '../i18n.ts';
import { deleteTransitions, moveTransition, retargetEvent, statePaths, updateTransition } from '../model/edit.ts';
import { guardOptions, irreversibleOf } from '../model/labels.ts';
import { eventNames, getState, getTransition, slotNames } from '../model/paths.ts';
import type { Guard, TransitionRef } from '../model/types.ts';
import { Field, InlineProblems } from '../ui.tsx';
import { ActionsEditor } from './ActionsEditor.tsx';

export const ALWAYS_OPTION = '~always';

export function TransitionInspector({ transitionRef: ref }: { transitionRef: TransitionRef }) {
  const { def, apply, select, locales, validation } = useEditor();
  const { t } = useI18n();
  const transition = getTransition(def, ref);
  if (!transition) return <p className="muted">{t('selectSomething')}</p>;
  const key = `tr:${ref.owner ?? '*'}:${ref.kind}:${ref.event}:${ref.index}`;
  const irr = irreversibleOf(transition.actions);
  const ownerState = ref.owner ? getState(def, ref.owner) : undefined;
  const listLength =
    ref.kind === 'always' ? (ownerState?.always?.length ?? 0) : ((ref.owner === null ? def.on : ownerState?.on)?.[ref.event]?.length ?? 0);
  const problems = (validation?.problems ?? []).filter(
    (p) => p.path === ref.owner && (p.message.includes(`"${ref.event}"`) || (ref.kind === 'always' && p.message.includes('"always"'))),
  );

  return (
    <div className={`inspector${irr.length ? ' inspector-irreversible' : ''}`} data-testid="transition-inspector">
      <h3>
        {t('transition')}: <code>{ref.owner ?? t('globalNode')}</code> → <code>{transition.target ?? t('internal')}</code>
      </h3>
      {irr.length ? <div className="irreversible-banner">⚠ {t('irreversible')}: {irr.join(', ')}</div> : null}
      <InlineProblems problems={problems} />
      <Field label={t('event')}>
        <select
          data-testid="transition-event"
          value={ref.kind === 'always' ? ALWAYS_OPTION : ref.event}
          onChange={(e) => {
            const always = e.target.value === ALWAYS_OPTION;
            let moved: TransitionRef = ref;
            apply((d) => {
              const r = retargetEvent(d, ref, always ? 'always' : 'on', always ? '' : e.target.value);
              moved = r.ref;
              return r.def;
            });
            queueMicrotask(() => select({ kind: 'transition', ref: moved }));
          }}
        >
          {eventNames(def).map((ev) => (
            <option key={ev} value={ev}>
              {ev}
            </option>
          ))}
          {ref.owner !== null ? <option value={ALWAYS_OPTION}>({t('always')})</option> : null}
          {ref.kind === 'on' && !eventNames(def).includes(ref.event) ? <option value={ref.event}>{ref.event} ?</option> : null}
        </select>
      </Field>
      <Field label={t('guard')}>
        <select
          data-testid="transition-guard"
          value={transition.guard ? JSON.stringify(transition.guard) : ''}
          onChange={(e) =>
            apply(
              (d) =>
                updateTransition(d, ref, (tr) => {
                  if (e.target.value) tr.guard = JSON.parse(e.target.value) as Guard;
                  else delete tr.guard;
                }),
              `${key}:guard`,
            )
          }
        >
          {guardOptions(def, t, transition.guard).map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('target')}>
        <select
          data-testid="transition-target"
          value={transition.target ?? ''}
          onChange={(e) =>
            apply(
              (d) =>
                updateTransition(d, ref, (tr) => {
                  if (e.target.value) tr.target = e.target.value;
                  else delete tr.target;
                }),
              `${key}:target`,
            )
          }
        >
          <option value="">{t('noTarget')}</option>
          {statePaths(def).map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
          {transition.target && !statePaths(def).includes(transition.target) ? <option value={transition.target}>{transition.target} ?</option> : null}
        </select>
      </Field>
      <Field label={t('transitionDescription')}>
        <input
          value={transition.description ?? ''}
          onChange={(e) =>
            apply(
              (d) =>
                updateTransition(d, ref, (tr) => {
                  if (e.target.value) tr.description = e.target.value;
                  else delete tr.description;
                }),
              `${key}:description`,
            )
          }
        />
      </Field>
      <Field label={t('actions')}>
        <ActionsEditor
          actions={transition.actions ?? []}
          slots={slotNames(def)}
          locales={locales}
          testId="transition-actions"
          onChange={(next, k) =>
            apply(
              (d) =>
                updateTransition(d, ref, (tr) => {
                  if (next.length) tr.actions = next;
                  else delete tr.actions;
                }),
              `${key}:actions:${k}`,
            )
          }
        />
      </Field>
      <div className="button-row">
        <span className="muted">{t('priority', { n: ref.index + 1 })}</span>
        <button
          disabled={ref.index === 0}
          onClick={() => {
            let moved = ref;
            apply((d) => {
              const r = moveTransition(d, ref, -1);
              moved = r.ref;
              return r.def;
            });
            queueMicrotask(() => select({ kind: 'transition', ref: moved }));
          }}
        >
          ↑ {t('moveUp')}
        </button>
        <button
          disabled={ref.index >= listLength - 1}
          onClick={() => {
            let moved = ref;
            apply((d) => {
              const r = moveTransition(d, ref, 1);
              moved = r.ref;
              return r.def;
            });
            queueMicrotask(() => select({ kind: 'transition', ref: moved }));
          }}
        >
          ↓ {t('moveDown')}
        </button>
        <button
          className="danger"
          data-testid="transition-delete"
          onClick={() => {
            apply((d) => deleteTransitions(d, [ref]));
            select(ref.owner ? { kind: 'state', path: ref.owner } : null);
          }}
        >
          {t('deleteTransition')}
        </button>
      </div>
    </div>
  );
}
