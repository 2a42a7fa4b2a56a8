// The simulator's machine events: per turn, what XState's inspection API reported — the events the machine received,
// each microstep's transitions (source → target, guard, actions), the states left and entered, and entry actions.
import type { MachineTrace, TracedTransition } from '@statecraft/engine';
import { useEffect, useRef } from 'react';
import { useI18n } from '../i18n.ts';
import './personas.css';

export interface TracedTurn {
  id: number;
  text: string;
  persona: string | null;
  trace: MachineTrace;
}

function TransitionLine({ tr }: { tr: TracedTransition }) {
  const { t } = useI18n();
  return (
    <div className="events-transition" data-testid="events-transition">
      <span className="events-label">{tr.eventType || t('simEventsEventless')}</span>
      {tr.source ?? `(${t('replyGlobal')})`} → <strong>{tr.targets.length ? tr.targets.join(', ') : tr.source ?? '—'}</strong>
      {tr.guard ? <span className="muted"> [{tr.guard}]</span> : null}
      {tr.actions.length ? <span> / {tr.actions.join(', ')}</span> : null}
    </div>
  );
}

export function EventsPanel({ turns }: { turns: readonly TracedTurn[] }) {
  const { t } = useI18n();
  const ref = useRef<HTMLElement>(null);
  // The newest turn is the one being looked at, as in the conversation log.
  // A block body on purpose: Chromium's scrollTo returns a promise, and an effect that returns one crashes React on
  // its next cleanup (the panel disappeared at the first turn sent while it was open).
  useEffect(() => {
    ref.current?.scrollTo({ top: ref.current.scrollHeight });
  }, [turns.length]);
  return (
    <section className="sim-events" data-testid="sim-events" ref={ref}>
      <h4>{t('simEventsTitle')}</h4>
      {turns.length === 0 ? <p className="muted">{t('simEventsEmpty')}</p> : null}
      <ol>
        {turns.map((turn) => (
          <li key={turn.id} className="events-turn" data-testid="events-turn">
            <div className="events-turn-head">
              <strong>{t('simEventsTurn', { n: turn.id })}</strong>
              <span className="muted">“{turn.text}”</span>
              {turn.persona ? <span className="alt">{t('simPersona')}: {turn.persona}</span> : null}
            </div>
            <div className="events-step">
              <span className="events-label">{t('simEventsReceived')}</span>
              {turn.trace.events.map((e, i) => (
                <code key={i} className="alt" data-testid="events-received">
                  {e}
                </code>
              ))}
            </div>
            {turn.trace.microsteps.map((step, i) => (
              <div key={i} className="events-step" data-testid="events-microstep">
                {step.transitions.map((tr, j) => (
                  <TransitionLine key={j} tr={tr} />
                ))}
                <LabelledList label={t('simEventsExited')} items={step.exited} />
                <LabelledList label={t('simEventsEntered')} items={step.entered} />
                <LabelledList label={t('simEventsEntry')} items={step.entryActions} />
              </div>
            ))}
            {turn.trace.executed.length ? (
              <div className="events-step">
                <span className="events-label">{t('simEventsExecuted')}</span>
                {turn.trace.executed.join(', ')}
              </div>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** One "label: a, b, c" line of a microstep; nothing when the list is empty. */
function LabelledList({ label, items }: { label: string; items: readonly string[] }) {
  if (items.length === 0) return null;
  return (
    <div>
      <span className="events-label">{label}</span>
      {items.join(', ')}
    </div>
  );
}
