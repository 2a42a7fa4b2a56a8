// Drawing a connection (or "add transition") asks for the intent and the guard of the new transition.
import { useState } from 'react';
import { useEditor } from '../editor-context.ts';
import { useI18n } from '../i18n.ts';
import { addTransition, statePaths } from '../model/edit.ts';
import { guardOptions } from '../model/labels.ts';
import { eventNames } from '../model/paths.ts';
import type { Guard } from '../model/types.ts';
import { Field, Modal } from '../ui.tsx';
import { ALWAYS_OPTION } from './TransitionInspector.tsx';

export function NewTransitionDialog({ owner, target: initialTarget, onClose }: { owner: string | null; target?: string; onClose: () => void }) {
  const { def, apply, select } = useEditor();
  const { t } = useI18n();
  const events = eventNames(def);
  const [event, setEvent] = useState(events[0] ?? '');
  const [guard, setGuard] = useState('');
  const [target, setTarget] = useState(initialTarget ?? '');
  const ok = () => {
    const always = event === ALWAYS_OPTION;
    if (!event) return;
    let ref = null as ReturnType<typeof addTransition>['ref'] | null;
    apply((d) => {
      const r = addTransition(d, owner, always ? 'always' : 'on', always ? '' : event, {
        ...(target ? { target } : {}),
        ...(guard ? { guard: JSON.parse(guard) as Guard } : {}),
      });
      ref = r.ref;
      return r.def;
    });
    if (ref) select({ kind: 'transition', ref });
    onClose();
  };
  return (
    <Modal title={t('newTransition')} onClose={onClose} testId="new-transition-dialog">
      <p>
        {t('from')} <code>{owner ?? t('globalNode')}</code>
      </p>
      <Field label={t('event')}>
        <select data-testid="new-transition-intent" value={event} onChange={(e) => setEvent(e.target.value)}>
          {events.map((ev) => (
            <option key={ev} value={ev}>
              {ev}
            </option>
          ))}
          {owner !== null ? <option value={ALWAYS_OPTION}>({t('always')})</option> : null}
        </select>
      </Field>
      <Field label={t('guard')}>
        <select data-testid="new-transition-guard" value={guard} onChange={(e) => setGuard(e.target.value)}>
          {guardOptions(def, t).map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('to')}>
        <select data-testid="new-transition-target" value={target} onChange={(e) => setTarget(e.target.value)}>
          <option value="">{t('noTarget')}</option>
          {statePaths(def).map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </Field>
      <div className="modal-buttons">
        <button onClick={onClose}>{t('cancel')}</button>
        <button className="primary" data-testid="new-transition-ok" disabled={!event} onClick={ok}>
          {t('ok')}
        </button>
      </div>
    </Modal>
  );
}
