// The simulator: trains the bot's intent models in the browser (Web Worker), exports them to ONNX, runs them with
// onnxruntime-web, and plays turns through the engine's own `runTurn`, exactly as the server would.
import {
  extractEntities, newSession, runTurn, type BotDefinition, type CompiledBot, type Locale, type Session, type TurnOutcome,
} from '@statecraft/engine';
import { memo, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { EditorContext } from '../editor-context.ts';
import { useI18n } from '../i18n.ts';
import { isIrreversible } from '../model/labels.ts';
import { parseFixedClock, recordStory, storyYaml, type SimTurn } from '../sim/record.ts';
import { runStoryInSimulator, type SimulatorDriver } from '../sim/story-runner.ts';
import { loadStories, type StoredStory } from '../sim/story-store.ts';
import { installSimulatorHooks } from '../sim/test-hooks.ts';
import { useTrainedModels } from '../sim/use-trained-models.ts';
import { SavedStories } from './SavedStories.tsx';
import { StoryDialog } from './StoryDialog.tsx';
import { traceRecorder, type MachineTrace } from '@statecraft/engine';
import { openStatelyInspector, type StatelyConnection } from '../sim/stately-inspector.ts';
import { EventsPanel } from './EventsPanel.tsx';

/** The simulator's persona choice: the bot's default (as the server speaks), none (texts as written), or one by id. */
const BOT_DEFAULT = '*';
const personaInput = (choice: string): { persona?: string | null } =>
  choice === BOT_DEFAULT ? {} : { persona: choice || null };

interface Turn {
  id: number;
  text: string;
  before: string;
  outcome: TurnOutcome;
  /** The clock the turn ran under, and the fixed clock's text when one was set. */
  now: Date;
  fixedNow: string | null;
  /** What XState's inspection API saw during the turn's machine step, and the persona the turn spoke with. */
  trace: MachineTrace;
  persona: string | null;
}

/** What a turn produced, in the shape the story runner checks (`POST /v1/chat`'s, plus locale and clock). */
const observedTurn = (turn: Turn): SimTurn => {
  const { response, understanding } = turn.outcome;
  return {
    user: turn.text,
    reply: response.reply,
    state: response.state,
    intent: { ...response.intent },
    slots: { ...response.slots },
    expecting: response.expecting,
    actions: response.actions.map((a) => ({ ...a })),
    locale: understanding.locale,
    now: turn.now.toISOString(),
    fixedNow: turn.fixedNow,
    event: understanding.event,
  };
};

export { trainingKey } from '../sim/use-trained-models.ts';

let orderSeq = 0;
const newOrderId = () => `SIM${Date.now().toString(36).toUpperCase()}-${(++orderSeq).toString().padStart(3, '0')}`;

export function Simulator({
  parsed,
  compiled,
  onActiveState,
}: {
  parsed: BotDefinition | null;
  compiled: CompiledBot | null;
  onActiveState: (path: string | null) => void;
}) {
  const { t, lang } = useI18n();
  const [error, setError] = useState('');
  const [turns, setTurns] = useState<Turn[]>([]);
  const [session, setSession] = useState<Session>(() => newSession());
  const [text, setText] = useState('');
  const [locale, setLocale] = useState<'' | Locale>('');
  const [busy, setBusy] = useState(false);
  const [retrain, setRetrain] = useState(0);
  const { models, status, error: trainError, active } = useTrainedModels(parsed, retrain, t('simCached'));
  /** Fixed clock (ISO 8601 with an offset, a story's `now`); empty: the real clock. */
  const [fixedNow, setFixedNow] = useState('');
  // Read when a turn starts (not when the conversation does), so a switch applies from the next turn on.
  const [persona, setPersona] = useState(BOT_DEFAULT);
  const personaRef = useRef(BOT_DEFAULT);
  const [showEvents, setShowEvents] = useState(false);
  // Stately Inspector, when the user opened it: every later turn's machine step is streamed to it as well.
  const stately = useRef<StatelyConnection | null>(null);
  const [statelyOpen, setStatelyOpen] = useState(false);
  useEffect(() => () => stately.current?.stop(), []);
  const [recording, setRecording] = useState<{ yaml: string; turns: SimTurn[] } | null>(null);
  const editor = useContext(EditorContext);
  const bot = editor?.botName ?? parsed?.id ?? 'bot';
  const [stored, setStored] = useState<StoredStory[]>(() => loadStories(bot));
  const [notice, setNotice] = useState('');
  // The conversation as of the last turn, updated synchronously so turns sent back to back (a story run) chain.
  const live = useRef({ session, turns, locale, fixedNow });
  const logRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    logRef.current?.scrollTo({ top: logRef.current.scrollHeight });
  }, [turns]);

  useEffect(() => setStored(loadStories(bot)), [bot]);

  /** One turn, exactly what the send button does; throws when the turn cannot run. */
  const play = useCallback(
    async (input: string): Promise<Turn> => {
      if (!compiled || !models) throw new Error(t('simNotReady'));
      const { session: current, turns: soFar, locale: forced, fixedNow: clock } = live.current;
      const fixed = clock.trim() ? clock.trim() : null;
      const now = fixed ? parseFixedClock(fixed) : new Date();
      if (!now) throw new Error(t('simClockInvalid'));
      setBusy(true);
      try {
        const before = soFar.at(-1)?.outcome.response.state ?? compiled.def.initial;
        const recorder = traceRecorder();
        const voice = personaInput(personaRef.current);
        const outcome = await runTurn(
          compiled,
          current,
          { text: input.trim(), now, newOrderId: newOrderId(), ...(forced ? { locale: forced } : {}), ...voice },
          { classifiers: models.classifiers, extractEntities },
          { inspect: (event) => {
            recorder.inspect(event);
            stately.current?.inspect(event);
          } },
        );
        const spoke = voice.persona === undefined ? (compiled.def.defaultPersona ?? null) : voice.persona;
        const turn: Turn = {
          id: soFar.length + 1, text: input.trim(), before, outcome, now, fixedNow: fixed, trace: recorder.trace(), persona: spoke,
        };
        // A reset during the turn started a new conversation: this turn belongs to the old one.
        if (live.current.session !== current) throw new Error('the conversation was restarted');
        live.current = { ...live.current, session: outcome.session, turns: [...soFar, turn] };
        setSession(outcome.session);
        setTurns(live.current.turns);
        onActiveState(outcome.response.state);
        return turn;
      } finally {
        setBusy(false);
      }
    },
    [compiled, models, onActiveState, t],
  );

  const send = useCallback(
    async (input: string) => {
      if (!compiled || !models || !input.trim()) return;
      try {
        await play(input);
        setText('');
        setError('');
      } catch (e) {
        setError(e instanceof Error ? e.message : String(e));
      }
    },
    [compiled, models, play],
  );

  /** Restarts the conversation; with arguments, also sets the locale and the fixed clock (`null`: auto / real). */
  const restart = useCallback(
    (next?: { locale: Locale | null; now: string | null }) => {
      const fresh = newSession();
      live.current = {
        session: fresh,
        turns: [],
        locale: next ? (next.locale ?? '') : live.current.locale,
        fixedNow: next ? (next.now ?? '') : live.current.fixedNow,
      };
      setSession(fresh);
      setTurns([]);
      setText('');
      setError('');
      setNotice('');
      if (next) {
        setLocale(live.current.locale);
        setFixedNow(live.current.fixedNow);
      }
      onActiveState(null);
    },
    [onActiveState],
  );

  const reset = () => restart();

  const ready = !!compiled && !!models;
  const driver = useMemo<SimulatorDriver | null>(
    () =>
      ready
        ? {
            reset: async (l, now) => {
              restart({ locale: l, now });
              await new Promise((r) => setTimeout(r, 0));
            },
            say: async (input) => observedTurn(await play(input)),
          }
        : null,
    [ready, restart, play],
  );

  // Test hooks (only with ?testhooks=1): always the current simulator, through refs.
  const hookState = useRef({ driver, ready, timeZone: parsed?.timeZone });
  hookState.current = { driver, ready, timeZone: parsed?.timeZone };
  useEffect(
    () =>
      installSimulatorHooks({
        ready: () => hookState.current.ready,
        reset: async (l, now) => {
          const d = hookState.current.driver;
          if (!d) throw new Error('the simulator is not ready');
          await d.reset(l, now);
        },
        observed: () => live.current.turns.map(observedTurn),
        say: async (input) => {
          const d = hookState.current.driver;
          if (!d) throw new Error('the simulator is not ready');
          return d.say(input);
        },
        runStory: async (story) => {
          const { driver: d, timeZone } = hookState.current;
          if (!d || !timeZone) throw new Error('the simulator is not ready');
          return runStoryInSimulator(story, d, timeZone);
        },
      }),
    [],
  );

  const record = () => {
    if (!parsed || !turns.length) return;
    const observed = turns.map(observedTurn);
    const stamp = new Date(observed[0]!.fixedNow ?? observed[0]!.now);
    const name = `${t('storyDefaultName')} ${stamp.toLocaleString(lang, { timeZone: parsed.timeZone, hour12: false })}`;
    const file = recordStory(observed, { name, def: parsed, locale: locale || null });
    setRecording({ yaml: storyYaml(file, bot), turns: observed });
  };

  const last = turns.at(-1);
  const stale = status === 'training' && models !== null;
  const clockInvalid = fixedNow.trim() !== '' && !parseFixedClock(fixedNow);
  return (
    <div className="simulator" data-testid="simulator">
      <div className="sim-status" data-testid="sim-status" data-status={status} data-model={active}>
        {!parsed || !compiled ? <span className="error-text">{t('simNeedsValid')}</span> : null}
        {status === 'training' && models && active === 'quick' ? (
          <span data-testid="sim-quick" data-ms={models.quickMs ?? undefined}>
            {t('simQuick', { s: seconds(models.quickMs ?? 0), details: models.details })}
          </span>
        ) : status === 'training' ? (
          <span>… {stale ? t('simStale') : t('simTraining')}</span>
        ) : null}
        {status === 'error' ? <span className="error-text">{t('simTrainFailed', { error: trainError })}</span> : null}
        {models && status !== 'training' ? (
          <span data-testid="sim-training-time" data-ms={models.totalMs} data-quick-ms={models.quickMs ?? undefined}>
            ✓ {t('simTrained', { details: models.details, ms: models.totalMs })}
            {models.quickMs !== null ? <span className="muted"> · {t('simQuickWas', { s: seconds(models.quickMs) })}</span> : null}
          </span>
        ) : null}
      </div>
      <div className="sim-controls">
        <label>
          {t('simLocale')}{' '}
          <select
            data-testid="sim-locale"
            value={locale}
            onChange={(e) => {
              setLocale(e.target.value as '' | Locale);
              live.current.locale = e.target.value as '' | Locale;
            }}
          >
            <option value="">{t('simAuto')}</option>
            {(parsed?.locales ?? []).map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <label title={t('simClockHint')}>
          {t('simClock')}{' '}
          <input
            data-testid="sim-now"
            className="sim-clock"
            placeholder={t('simClockPlaceholder')}
            value={fixedNow}
            onChange={(e) => {
              setFixedNow(e.target.value);
              live.current.fixedNow = e.target.value;
            }}
          />
        </label>
        <label className="sim-persona">
          {t('simPersona')}{' '}
          <select
            data-testid="sim-persona"
            value={persona}
            onChange={(e) => {
              setPersona(e.target.value);
              personaRef.current = e.target.value;
            }}
          >
            <option value={BOT_DEFAULT}>
              {t('simPersonaDefault', { name: parsed?.defaultPersona ?? t('personaNone') })}
            </option>
            <option value="">{t('personaNone')}</option>
            {Object.entries(parsed?.personas ?? {}).map(([id, p]) => (
              <option key={id} value={id}>
                {p.label?.[lang] ? `${p.label[lang]} (${id})` : id}
              </option>
            ))}
          </select>
        </label>
        <button data-testid="sim-reset" onClick={reset}>
          {t('simReset')}
        </button>
        <button data-testid="sim-retrain" disabled={!parsed} onClick={() => setRetrain((n) => n + 1)}>
          {t('simRetrain')}
        </button>
        <button data-testid="sim-record" disabled={!turns.length || !parsed || busy} title={t('storyRecordHint')} onClick={record}>
          {t('storyRecord')}
        </button>
        <button data-testid="sim-events-toggle" aria-pressed={showEvents} onClick={() => setShowEvents((v) => !v)}>
          {t('simEvents')}
        </button>
        <button
          data-testid="sim-stately"
          aria-pressed={statelyOpen}
          title={t('simStatelyHint')}
          onClick={() => {
            if (stately.current) {
              stately.current.stop();
              stately.current = null;
              setStatelyOpen(false);
            } else {
              stately.current = openStatelyInspector();
              setStatelyOpen(true);
            }
          }}
        >
          {statelyOpen ? t('simStatelyStop') : t('simStately')}
        </button>
      </div>
      {clockInvalid ? <div className="error-text">{t('simClockInvalid')}</div> : null}
      <div className="sim-log" ref={logRef} data-testid="sim-log">
        {turns.length === 0 ? <p className="muted">{t('simEmpty')}</p> : null}
        {turns.map((turn) => (
          <TurnView key={turn.id} turn={turn} />
        ))}
      </div>
      {showEvents ? <EventsPanel turns={turns} /> : null}
      {last?.outcome.response.quickReplies.length ? (
        <div className="quick-replies">
          {last.outcome.response.quickReplies.map((q) => (
            <button key={q} className="chip" disabled={!ready || busy} onClick={() => void send(q)}>
              {q}
            </button>
          ))}
        </div>
      ) : null}
      {error && status !== 'error' ? <div className="error-text">{error}</div> : null}
      <div className="sim-input-row">
        <input
          data-testid="sim-input"
          placeholder={t('simInputPlaceholder')}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && !e.nativeEvent.isComposing && void send(text)}
        />
        <button className="primary" data-testid="sim-send" disabled={!ready || busy || !text.trim()} onClick={() => void send(text)}>
          {t('simSend')}
        </button>
      </div>
      {notice ? (
        <div className="ok-text" data-testid="story-notice">
          {notice}
        </div>
      ) : null}
      <SavedStories bot={bot} def={parsed} stories={stored} onChange={setStored} driver={driver} />
      {recording ? (
        <StoryDialog
          bot={bot}
          def={parsed}
          initialYaml={recording.yaml}
          turns={recording.turns}
          onClose={() => setRecording(null)}
          onSaved={(list, name) => {
            setStored(list);
            setRecording(null);
            setNotice(t('storySaved', { name }));
          }}
        />
      ) : null}
    </div>
  );
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
const seconds = (ms: number) => (ms / 1000).toFixed(1);

// Memoized: a turn never changes once played, and a long conversation would render every earlier turn again.
const TurnView = memo(function TurnView({ turn }: { turn: Turn }) {
  const { t } = useI18n();
  const { response, understanding, effects } = turn.outcome;
  const alternatives = understanding.ranking.slice(1, 4);
  return (
    <div className="sim-turn" data-testid="sim-turn" data-state={response.state} data-intent={response.intent.name} data-persona={turn.persona ?? ''}>
      <div className="bubble user">{turn.text}</div>
      <div className="bubble bot" data-testid="sim-reply">
        {response.reply}
      </div>
      <dl className="turn-details">
        <dt>{t('simIntent')}</dt>
        <dd data-testid="sim-intent" data-confidence={response.intent.confidence}>
          <strong>{response.intent.name}</strong> {pct(response.intent.confidence)}
          <span className="muted"> ({understanding.locale})</span>
        </dd>
        <dt>{t('simAlternatives')}</dt>
        <dd data-testid="sim-alternatives">
          {alternatives.map((a) => (
            <span key={a.name} className="alt">
              {a.name} {pct(a.confidence)}
            </span>
          ))}
        </dd>
        <dt>{t('simMachineEvents')}</dt>
        <dd data-testid="sim-event">
          <code>{understanding.event}</code>: {turn.before} → <strong>{response.state}</strong>
          {understanding.entities.length ? (
            <span className="muted"> · {understanding.entities.map((e) => `${e.type}:${e.text}`).join(', ')}</span>
          ) : null}
        </dd>
        <dt>{t('simSlots')}</dt>
        <dd data-testid="sim-slots">
          {Object.entries(response.slots).length ? (
            Object.entries(response.slots).map(([k, v]) => (
              <span key={k} className="alt">
                {k}={String(v)}
              </span>
            ))
          ) : (
            <span className="muted">—</span>
          )}
          {response.expecting ? <span className="muted"> · {t('expecting')}: {response.expecting}</span> : null}
        </dd>
        {effects.length ? (
          <>
            <dt>{t('simActions')}</dt>
            <dd data-testid="sim-actions">
              {effects.map((e, i) => (
                <span key={i} className={isIrreversible({ type: e.name } as never) ? 'irreversible-tag' : 'alt'}>
                  ⚠ {e.name} {e.orderId}
                </span>
              ))}
            </dd>
          </>
        ) : null}
      </dl>
    </div>
  );
});
