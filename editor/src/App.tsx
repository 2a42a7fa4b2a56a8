// The editor: loads a bot from the flows API, keeps an undo history of immutable definitions, checks every edit
// with the engine, autosaves (localStorage always, the server's draft when a token is set) and publishes.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, ApiError, type BotDocument, type BotSummary, type Problem } from './api.ts';
import { EditorContext, type EditorApi } from './editor-context.ts';
import { Canvas } from './graph/Canvas.tsx';
import { I18nContext, translator, UI_LANGS, type UiLang } from './i18n.ts';
import { addState } from './model/edit.ts';
import { commit, redo, startHistory, undo, type History } from './model/history.ts';
import { allStates, getState, isWithin } from './model/paths.ts';
import type { RawBot, Selection } from './model/types.ts';
import { validate, type Validation } from './model/validate.ts';
import { BotPanel } from './panels/BotPanel.tsx';
import { IntentsPanel } from './panels/IntentsPanel.tsx';
import { NewTransitionDialog } from './panels/NewTransitionDialog.tsx';
import { PersonasPanel } from './panels/PersonasPanel.tsx';
import { ProblemsList } from './panels/ProblemsList.tsx';
import { Simulator } from './panels/Simulator.tsx';
import { SlotsPanel } from './panels/SlotsPanel.tsx';
import { stateNameProblem, StateInspector } from './panels/StateInspector.tsx';
import { TransitionInspector } from './panels/TransitionInspector.tsx';
import { VersionsPanel } from './panels/VersionsPanel.tsx';
import {
  loadLang, loadLayout, loadLocalDraft, loadToken, saveLang, saveLayout, saveLocalDraft, saveToken, type SavedLayout,
} from './storage.ts';
import { Field, Modal, PromptDialog } from './ui.tsx';

type Tab = 'inspector' | 'intents' | 'slots' | 'bot' | 'personas' | 'simulator' | 'versions';
const TABS: Tab[] = ['inspector', 'intents', 'slots', 'bot', 'personas', 'simulator', 'versions'];
const TAB_LABEL = {
  inspector: 'tabInspector',
  intents: 'tabIntents',
  slots: 'tabSlots',
  bot: 'tabBot',
  personas: 'tabPersonas',
  simulator: 'tabSimulator',
  versions: 'tabVersions',
} as const;

export const VALIDATE_DEBOUNCE_MS = 250;
export const SERVER_SAVE_DEBOUNCE_MS = 1500;

type Source = { kind: 'draft'; time: string } | { kind: 'published'; version: number } | { kind: 'local'; time: string };
type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; at: string } | { kind: 'error'; message: string };

const botFromHash = () => decodeURIComponent(globalThis.location?.hash.replace(/^#\/?/, '') ?? '') || null;

/** The definition the server has for a bot: its draft if there is one, else the published version. */
function serverDefinition(doc: BotDocument): { def: RawBot; time: string; source: Source } | null {
  if (doc.draft) return { def: doc.draft.definition, time: doc.draft.savedAt, source: { kind: 'draft', time: doc.draft.savedAt } };
  if (doc.published)
    return { def: doc.published.definition, time: doc.published.publishedAt, source: { kind: 'published', version: doc.published.version } };
  return null;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function App() {
  const [lang, setLang] = useState<UiLang>(loadLang);
  const t = useMemo(() => translator(lang), [lang]);
  const i18n = useMemo(() => ({ lang, t }), [lang, t]);
  const [token, setToken] = useState(loadToken);
  const [tokenDraft, setTokenDraft] = useState(token);
  const [bots, setBots] = useState<BotSummary[] | null>(null);
  const [botName, setBotName] = useState<string | null>(botFromHash);
  const [loadError, setLoadError] = useState('');
  const [doc, setDoc] = useState<BotDocument | null>(null);
  const [source, setSource] = useState<Source | null>(null);
  const [hist, setHistState] = useState<History | null>(null);
  const histRef = useRef<History | null>(null);
  const [selection, setSelection] = useState<Selection>(null);
  const [localValidation, setValidation] = useState<Validation | null>(null);
  /** What the server said about the last draft it stored (it checks a little more: placeholders, reserved names). */
  const [serverCheck, setServerCheck] = useState<{ def: RawBot; problems: Problem[] } | null>(null);
  const [checking, setChecking] = useState(false);
  const [tab, setTab] = useState<Tab>('inspector');
  const [simOpened, setSimOpened] = useState(false);
  const [activePath, setActivePath] = useState<string | null>(null);
  const [layout, setLayout] = useState<SavedLayout>({});
  const [relayout, setRelayout] = useState(0);
  const [saveState, setSaveState] = useState<SaveState>({ kind: 'idle' });
  const [message, setMessage] = useState<{ text: string; kind: 'ok' | 'error' } | null>(null);
  const [publishing, setPublishing] = useState(false);
  const [publishProblems, setPublishProblems] = useState<Problem[] | null>(null);
  const [versionsKey, setVersionsKey] = useState(0);
  const [dialog, setDialog] = useState<{ kind: 'transition'; owner: string | null; target?: string } | { kind: 'state' } | null>(null);
  const [newStateParent, setNewStateParent] = useState('');
  const baseRef = useRef<RawBot | null>(null);
  const serverSavedRef = useRef<RawBot | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);

  const setHist = useCallback((h: History | null) => {
    histRef.current = h;
    setHistState(h);
  }, []);

  const say = useCallback((text: string, kind: 'ok' | 'error' = 'ok') => setMessage({ text, kind }), []);

  // ---- loading ----
  useEffect(() => {
    api
      .listBots()
      .then((list) => {
        setBots(list);
        setBotName((current) => current ?? (list.find((b) => b.name === 'tickets') ?? list[0])?.name ?? null);
      })
      .catch((e: Error) => setLoadError(e.message));
  }, []);

  useEffect(() => {
    if (!botName) return;
    if (globalThis.location && botFromHash() !== botName) globalThis.location.hash = `#${encodeURIComponent(botName)}`;
    let cancelled = false;
    setHist(null);
    setDoc(null);
    setValidation(null);
    setSelection(null);
    setActivePath(null);
    setSimOpened(false);
    setLayout(loadLayout(botName));
    setSaveState({ kind: 'idle' });
    api
      .getBot(botName)
      .then((d) => {
        if (cancelled) return;
        const server = serverDefinition(d);
        const local = loadLocalDraft(botName);
        let def = server?.def ?? ({ id: botName, locales: ['zh-CN'], initial: 'idle', intents: {}, slots: {}, messages: { fallback: {}, reset: {} }, states: { idle: {} } } as RawBot);
        let src: Source = server?.source ?? { kind: 'draft', time: '' };
        // A local draft newer than what the server has (edits made offline or without a token) wins.
        if (local && (!server || local.savedAt > server.time) && !sameJson(local.definition, server?.def)) {
          def = local.definition;
          src = { kind: 'local', time: local.savedAt };
        }
        baseRef.current = def;
        serverSavedRef.current = src.kind === 'local' ? null : def;
        setServerCheck(d.draft && src.kind === 'draft' ? { def, problems: d.draft.problems } : null);
        setDoc(d);
        setSource(src);
        setHist(startHistory(def));
        setLoadError('');
      })
      .catch((e: Error) => !cancelled && setLoadError(e.message));
    return () => {
      cancelled = true;
    };
  }, [botName, setHist]);

  const present = hist?.present ?? null;

  const validation = useMemo<Validation | null>(() => {
    if (!localValidation || !serverCheck || serverCheck.def !== present) return localValidation;
    const known = new Set(localValidation.problems.map((p) => `${p.code}|${p.message}`));
    const extra = serverCheck.problems.filter((p) => !known.has(`${p.code}|${p.message}`));
    if (!extra.length) return localValidation;
    const problems = [...localValidation.problems, ...extra.map((p) => ({ ...p, message: `${p.message} (${t('serverCheck')})` }))];
    const errors = problems.filter((p) => p.severity === 'error').length;
    return { ...localValidation, problems, errors, warnings: problems.length - errors, compiled: errors ? null : localValidation.compiled };
  }, [localValidation, serverCheck, present, t]);

  // ---- validation (debounced) ----
  useEffect(() => {
    if (!present || !botName) return;
    setChecking(true);
    const timer = setTimeout(() => {
      setValidation(validate(botName, present));
      setChecking(false);
    }, VALIDATE_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [present, botName]);

  // ---- autosave: localStorage on every edit ----
  useEffect(() => {
    if (!present || !botName || present === baseRef.current) return;
    const timer = setTimeout(() => saveLocalDraft(botName, { definition: present, savedAt: new Date().toISOString() }), 200);
    return () => clearTimeout(timer);
  }, [present, botName]);

  const saveToServer = useCallback(async (def: RawBot): Promise<boolean> => {
    if (!botName || !token) return false;
    setSaveState({ kind: 'saving' });
    try {
      const r = await api.saveDraft(botName, def, token);
      serverSavedRef.current = def;
      setServerCheck({ def, problems: r.problems });
      setSaveState({ kind: 'saved', at: r.savedAt });
      // The server's clock now has this draft; keep the local copy's time ahead of nothing older.
      saveLocalDraft(botName, { definition: def, savedAt: r.savedAt > new Date().toISOString() ? r.savedAt : new Date().toISOString() });
      return true;
    } catch (e) {
      const msg = e instanceof ApiError && e.status === 401 ? t('unauthorized') : (e as Error).message;
      setSaveState({ kind: 'error', message: msg });
      return false;
    }
  }, [botName, token, t]);

  // ---- autosave: the server's draft, debounced, when a token is set ----
  useEffect(() => {
    if (!present || !token || present === serverSavedRef.current) return;
    const timer = setTimeout(() => void saveToServer(present), SERVER_SAVE_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [present, token, saveToServer]);

  // ---- editing ----
  const apply = useCallback<EditorApi['apply']>(
    (fn, key) => {
      const h = histRef.current;
      if (!h) return;
      setHist(commit(h, fn(h.present), key ?? null));
    },
    [setHist],
  );

  const doUndo = useCallback(() => histRef.current && setHist(undo(histRef.current)), [setHist]);
  const doRedo = useCallback(() => histRef.current && setHist(redo(histRef.current)), [setHist]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      const target = e.target as HTMLElement | null;
      if (target?.closest?.('.modal')) return;
      const k = e.key.toLowerCase();
      if (k === 'z' && !e.shiftKey) {
        e.preventDefault();
        doUndo();
      } else if ((k === 'z' && e.shiftKey) || k === 'y') {
        e.preventDefault();
        doRedo();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [doUndo, doRedo]);

  // A selection that no longer exists (after undo, delete, rename) is dropped.
  useEffect(() => {
    if (!present || !selection) return;
    if (selection.kind === 'state' && !getState(present, selection.path)) setSelection(null);
    if (selection.kind === 'intent' && !present.intents?.[selection.name]) setSelection(null);
    if (selection.kind === 'slot' && !present.slots?.[selection.name]) setSelection(null);
  }, [present, selection]);

  const select = useCallback((s: Selection) => {
    setSelection(s);
    if (s?.kind === 'state' || s?.kind === 'transition') setTab('inspector');
    else if (s?.kind === 'intent') setTab('intents');
    else if (s?.kind === 'slot') setTab('slots');
  }, []);

  const changeLayout = useCallback(
    (next: SavedLayout | null) => {
      if (!botName) return;
      setLayout(next ?? {});
      saveLayout(botName, next);
    },
    [botName],
  );

  const movePositions = useCallback(
    (from: string, to: string | null) => {
      setLayout((current) => {
        const next: SavedLayout = {};
        for (const [k, v] of Object.entries(current)) {
          if (!isWithin(k, from)) next[k] = v;
          else if (to !== null) next[to + k.slice(from.length)] = v;
        }
        if (botName) saveLayout(botName, next);
        return next;
      });
    },
    [botName],
  );

  const editorApi = useMemo<EditorApi | null>(
    () =>
      present && botName
        ? {
            botName,
            def: present,
            apply,
            selection,
            select,
            validation,
            locales: (present.locales ?? []) as string[],
            newTransition: (owner, target) => setDialog({ kind: 'transition', owner, ...(target ? { target } : {}) }),
            movePositions,
          }
        : null,
    [present, botName, apply, selection, select, validation, movePositions],
  );

  // ---- publish, import, export ----
  const publish = async () => {
    if (!botName || !present || !token) return;
    setPublishing(true);
    setPublishProblems(null);
    try {
      if (serverSavedRef.current !== present && !(await saveToServer(present))) throw new Error(t('saveServerFailed', { error: '' }));
      const r = await api.publish(botName, token);
      say(t('published', { version: r.version, ms: r.buildMs }));
      setVersionsKey((n) => n + 1);
      const d = await api.getBot(botName);
      setDoc(d);
      setSource({ kind: 'published', version: r.version });
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) {
        setPublishProblems(e.problems);
        say(t('publishRefused'), 'error');
      } else say(t('publishFailed', { error: e instanceof ApiError && e.status === 401 ? t('unauthorized') : (e as Error).message }), 'error');
    } finally {
      setPublishing(false);
    }
  };

  const onRolledBack = async () => {
    if (!botName) return;
    const d = await api.getBot(botName);
    setDoc(d);
    if (d.published) {
      const def = d.published.definition;
      apply(() => def);
      setSource({ kind: 'published', version: d.published.version });
      say(t('rolledBack', { version: d.published.version }));
    }
  };

  const exportJson = () => {
    if (!present || !botName) return;
    const blob = new Blob([JSON.stringify(present, null, 2)], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `${botName}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };

  const importJson = async (file: File) => {
    try {
      const parsed = JSON.parse(await file.text()) as unknown;
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not a JSON object');
      apply(() => parsed as RawBot);
      setSelection(null);
      changeLayout(null);
      setRelayout((n) => n + 1);
    } catch (e) {
      say(t('importFailed', { error: (e as Error).message }), 'error');
    }
  };

  const discardLocal = () => {
    if (!botName || !doc) return;
    const server = serverDefinition(doc);
    saveLocalDraft(botName, null);
    if (server) {
      baseRef.current = server.def;
      serverSavedRef.current = server.def;
      setHist(startHistory(server.def));
      setSource(server.source);
    }
  };

  /** Where a state added by hand goes when the layout is pinned: below its siblings. */
  const placeNewState = (parent: string | null, path: string) => {
    if (!present || Object.keys(layout).length === 0) return;
    const siblings = allStates(present).filter((s) => s.parent === parent).map((s) => layout[s.path]).filter(Boolean);
    const x = siblings.length ? Math.min(...siblings.map((b) => b!.x)) : 30;
    const y = siblings.length ? Math.max(...siblings.map((b) => b!.y + (b!.h ?? 120))) + 40 : parent ? 70 : 30;
    changeLayout({ ...layout, [path]: { x, y } });
  };

  const errors = validation?.errors ?? 0;
  const publishedDef = doc?.published?.definition ?? null;
  const unchanged = useMemo(() => !!present && !!publishedDef && sameJson(present, publishedDef), [present, publishedDef]);
  const publishBlocked = !validation || checking || errors > 0 || !token || publishing || unchanged;
  const publishTitle = errors > 0 ? t('publishDisabledErrors') : !token ? t('publishNeedsToken') : unchanged ? t('nothingToPublish') : '';
  const compound = present ? allStates(present).filter((s) => s.def.states) : [];

  return (
    <I18nContext.Provider value={i18n}>
      <div className="app" lang={lang}>
        <header className="toolbar">
          <strong className="brand">{t('appTitle')}</strong>
          <label className="tool">
            {t('bot')}{' '}
            <select data-testid="bot-select" value={botName ?? ''} onChange={(e) => setBotName(e.target.value)}>
              {(bots ?? []).map((b) => (
                <option key={b.name} value={b.name}>
                  {b.name}
                  {b.hasDraft ? ' *' : ''}
                </option>
              ))}
            </select>
          </label>
          {source ? (
            <span className="muted source" data-testid="draft-source" data-source={source.kind}>
              {t('draftSource')}:{' '}
              {source.kind === 'draft'
                ? t('sourceDraft')
                : source.kind === 'published'
                  ? t('sourcePublished', { version: source.version })
                  : t('sourceLocal', { time: new Date(source.time).toLocaleString(lang) })}
              {source.kind === 'local' ? (
                <button className="small" data-testid="discard-local" onClick={discardLocal}>
                  {t('discardLocal')}
                </button>
              ) : null}
            </span>
          ) : null}
          <span className="spacer" />
          <button data-testid="undo" title="Ctrl+Z" disabled={!hist?.past.length} onClick={doUndo}>
            ↶ {t('undo')}
          </button>
          <button data-testid="redo" title="Ctrl+Shift+Z" disabled={!hist?.future.length} onClick={doRedo}>
            ↷ {t('redo')}
          </button>
          <button data-testid="add-state" disabled={!present} onClick={() => setDialog({ kind: 'state' })}>
            + {t('addState')}
          </button>
          <button
            data-testid="auto-layout"
            disabled={!present}
            onClick={() => {
              changeLayout(null);
              setRelayout((n) => n + 1);
            }}
          >
            {t('autoLayout')}
          </button>
          <button data-testid="import" disabled={!present} onClick={() => fileRef.current?.click()}>
            {t('import')}
          </button>
          <input
            ref={fileRef}
            type="file"
            accept="application/json,.json"
            hidden
            data-testid="import-file"
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) void importJson(f);
              e.target.value = '';
            }}
          />
          <button data-testid="export" disabled={!present} onClick={exportJson}>
            {t('export')}
          </button>
          <button className="primary" data-testid="publish" disabled={publishBlocked} title={publishTitle} onClick={() => void publish()}>
            {publishing ? t('publishing') : t('publish')}
          </button>
          <span className="spacer-small" />
          <label className="tool">
            {t('language')}{' '}
            <select
              data-testid="lang-switch"
              value={lang}
              onChange={(e) => {
                const l = e.target.value as UiLang;
                setLang(l);
                saveLang(l);
              }}
            >
              {UI_LANGS.map((l) => (
                <option key={l} value={l}>
                  {l === 'zh-CN' ? '中文' : 'English'}
                </option>
              ))}
            </select>
          </label>
          <span className="tool token" title={token ? t('tokenSet') : t('tokenMissing')}>
            <input
              type="password"
              data-testid="token-input"
              placeholder={t('tokenPlaceholder')}
              value={tokenDraft}
              onChange={(e) => setTokenDraft(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  setToken(tokenDraft.trim());
                  saveToken(tokenDraft);
                }
              }}
            />
            <button
              className="small"
              data-testid="token-save"
              onClick={() => {
                setToken(tokenDraft.trim());
                saveToken(tokenDraft);
              }}
            >
              {t('save')}
            </button>
            <span data-testid="token-status" className={token ? 'ok-text' : 'warning-text'}>
              {token ? '✓' : '✗'}
            </span>
          </span>
        </header>
        <div className="statusbar" data-testid="status-bar">
          <span data-testid="save-status" data-state={saveState.kind}>
            {!token ? <span className="warning-text">{t('tokenMissing')}</span> : null}
            {saveState.kind === 'saving' ? t('savingServer') : null}
            {saveState.kind === 'saved' ? t('savedServer', { time: new Date(saveState.at).toLocaleTimeString(lang) }) : null}
            {saveState.kind === 'error' ? <span className="error-text">{t('saveServerFailed', { error: saveState.message })}</span> : null}
          </span>
          {message ? (
            <span data-testid="status-message" className={message.kind === 'error' ? 'error-text' : 'ok-text'}>
              {message.text}
              <button className="icon" onClick={() => setMessage(null)}>
                ✕
              </button>
            </span>
          ) : null}
        </div>
        {loadError ? <div className="error-banner">{t('loadFailed', { error: loadError })}</div> : null}
        {bots && bots.length === 0 ? <div className="error-banner">{t('noBots')}</div> : null}
        {editorApi ? (
          <EditorContext.Provider value={editorApi}>
            <main className="workspace">
              <section className="canvas-column">
                <Canvas activePath={activePath} layout={layout} onLayoutChange={changeLayout} relayoutToken={relayout} />
                <ProblemsList checking={checking} />
              </section>
              <aside className="sidebar">
                <nav className="tabs">
                  {TABS.map((k) => (
                    <button
                      key={k}
                      data-testid={`tab-${k}`}
                      className={tab === k ? 'tab active' : 'tab'}
                      onClick={() => {
                        setTab(k);
                        if (k === 'simulator') setSimOpened(true);
                      }}
                    >
                      {t(TAB_LABEL[k])}
                    </button>
                  ))}
                </nav>
                <div className="tab-body">
                  {tab === 'inspector' ? (
                    selection?.kind === 'state' ? (
                      <StateInspector path={selection.path} />
                    ) : selection?.kind === 'transition' ? (
                      <TransitionInspector transitionRef={selection.ref} />
                    ) : (
                      <p className="muted">{t('selectSomething')}</p>
                    )
                  ) : null}
                  {tab === 'intents' ? <IntentsPanel /> : null}
                  {tab === 'slots' ? <SlotsPanel /> : null}
                  {tab === 'bot' ? <BotPanel /> : null}
                  {tab === 'personas' ? <PersonasPanel /> : null}
                  {tab === 'versions' ? (
                    <VersionsPanel published={publishedDef} token={token} refreshKey={versionsKey} onRolledBack={() => void onRolledBack()} />
                  ) : null}
                  {simOpened || tab === 'simulator' ? (
                    <div style={{ display: tab === 'simulator' ? 'contents' : 'none' }}>
                      <Simulator parsed={validation?.def ?? null} compiled={validation?.compiled ?? null} onActiveState={setActivePath} />
                    </div>
                  ) : null}
                </div>
              </aside>
            </main>
            {dialog?.kind === 'transition' ? (
              <NewTransitionDialog owner={dialog.owner} {...(dialog.target ? { target: dialog.target } : {})} onClose={() => setDialog(null)} />
            ) : null}
            {dialog?.kind === 'state' && present ? (
              <PromptDialog
                title={t('addState')}
                label={t('newStateName')}
                testId="new-state-dialog"
                check={(v) => stateNameProblem(present, newStateParent || null, v, t)}
                onClose={() => setDialog(null)}
                onOk={(name) => {
                  const parent = newStateParent || null;
                  const path = parent ? `${parent}.${name}` : name;
                  const locales = (present.locales ?? []) as string[];
                  apply((d) => addState(d, parent, name, { reply: Object.fromEntries(locales.map((l) => [l, '…'])) }));
                  placeNewState(parent, path);
                  select({ kind: 'state', path });
                  setDialog(null);
                }}
              >
                <Field label={t('path')}>
                  <select data-testid="new-state-parent" value={newStateParent} onChange={(e) => setNewStateParent(e.target.value)}>
                    <option value="">/</option>
                    {compound.map((s) => (
                      <option key={s.path} value={s.path}>
                        {s.path}
                      </option>
                    ))}
                  </select>
                </Field>
              </PromptDialog>
            ) : null}
            {publishProblems ? (
              <Modal title={t('publishRefused')} onClose={() => setPublishProblems(null)} testId="publish-problems">
                <ul className="problem-list-modal">
                  {publishProblems.map((p, i) => (
                    <li key={i} className={`sev-${p.severity}`}>
                      <code>{p.code}</code> {p.path ? <code>{p.path}</code> : null} {p.message}
                    </li>
                  ))}
                </ul>
                <div className="modal-buttons">
                  <button onClick={() => setPublishProblems(null)}>{t('close')}</button>
                </div>
              </Modal>
            ) : null}
          </EditorContext.Provider>
        ) : !loadError ? (
          <div className="loading">{t('loading')}</div>
        ) : null}
      </div>
    </I18nContext.Provider>
  );
}
