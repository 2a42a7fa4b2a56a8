// The simulator's intent models for the definition being edited: after an edit to the examples, a quick (fine-tuned
// or cached) model is used at once, and the exact full model replaces it silently when its worker is done.
import type { BotDefinition, Classifier, Locale } from '@statecraft/engine';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { TrainedLocale } from './protocol.ts';
import { isCancelled, startRetrain, type Retrain } from './trainer.ts';

type LocaleClassifier = Classifier & { release?: () => Promise<void> };

export interface Models {
  key: string;
  classifiers: Partial<Record<Locale, LocaleClassifier>>;
  /** `quick` while some locale runs a fine-tuned model and its full model is training; then `full`. */
  kind: 'quick' | 'full';
  /** Per locale: `zh-CN 120 ms / 2872` (training time, examples). */
  details: string;
  /** From the edit to the quick model in use; null when the first model was a full one. */
  quickMs: number | null;
  /** From the edit to the full models in use. */
  totalMs: number;
}

export type TrainingStatus = 'idle' | 'training' | 'ready' | 'error';

/** Same definition parts, same models: what the classifier is trained from. */
export const trainingKey = (def: BotDefinition) => JSON.stringify([def.intents, def.nlu, def.locales, def.timeZone]);

/** Waiting after an edit before training, so a burst of edits (typing, a paste) trains once. */
const SETTLE_MS = 150;

const detail = (m: TrainedLocale, cached: string | null) => `${m.locale} ${Math.round(m.trainMs)} ms / ${m.examples}${cached ? ` (${cached})` : ''}`;

export function useTrainedModels(parsed: BotDefinition | null, retrain: number, cachedLabel: string) {
  const [models, setModels] = useState<Models | null>(null);
  const [status, setStatus] = useState<TrainingStatus>('idle');
  const [error, setError] = useState('');
  const job = useRef<Retrain | null>(null);
  /** The training key of each locale's full model in use: an update that finds the same one keeps it as it is. */
  const fullInUse = useRef<Partial<Record<Locale, string>>>({});
  // Serializing every example takes milliseconds: once per definition, not on every render (each keystroke in the
  // simulator's input renders this hook's component).
  const key = useMemo(() => (parsed ? trainingKey(parsed) : null), [parsed]);

  useEffect(() => {
    if (!parsed || !key) return;
    if (models?.key === key && retrain === 0) return;
    const seen = performance.now();
    setStatus('training');
    const timer = setTimeout(() => {
      job.current?.cancel();
      const current = startRetrain(parsed);
      job.current = current;
      void (async () => {
        const made: LocaleClassifier[] = [];
        try {
          const { createClassifier } = await import('./ort.ts');
          const load = async (list: TrainedLocale[]) => {
            const out: Models['classifiers'] = {};
            for (const m of list) made.push((out[m.locale] = await createClassifier(m.bytes)));
            return out;
          };
          const quick = await current.quick;
          const ready = quick.locales.flatMap((l) => (l.kind === 'none' || (l.kind === 'full' && fullInUse.current[l.locale] === l.key) ? [] : [l.model]));
          const details = new Map(quick.locales.flatMap((l) => (l.kind === 'none' ? [] : [[l.locale, detail(l.model, l.kind === 'full' ? cachedLabel : null)]])));
          const fromQuick = await load(ready);
          if (job.current !== current) throw new Error('cancelled');
          const pending = quick.locales.some((l) => l.kind !== 'full');
          const quickMs = pending && quick.locales.some((l) => l.kind === 'quick') ? Math.round(performance.now() - seen) : null;
          const modelsOf = (kind: Models['kind'], classifiers: Models['classifiers']): Models => ({
            key, classifiers, kind, details: [...details.values()].join(', '), quickMs, totalMs: Math.round(performance.now() - seen),
          });
          // Nothing to show before a locale's first full model (the page just opened).
          if (quick.locales.some((l) => l.kind !== 'none')) install(setModels, modelsOf(pending ? 'quick' : 'full', fromQuick));
          made.length = 0;
          for (const l of quick.locales) {
            if (l.kind === 'full') fullInUse.current[l.locale] = l.key;
            else if (l.kind === 'quick') delete fullInUse.current[l.locale];
          }
          if (!pending) {
            setStatus('ready');
            setError('');
            return;
          }
          const full = await current.full;
          const fromFull = await load(full.models);
          if (job.current !== current) throw new Error('cancelled');
          for (const m of full.models) details.set(m.locale, detail(m, null));
          install(setModels, modelsOf('full', fromFull));
          made.length = 0;
          for (const l of quick.locales) fullInUse.current[l.locale] = l.key;
          setStatus('ready');
          setError('');
        } catch (e) {
          // Classifiers made for a run that lost the race are never used.
          if (job.current !== current || isCancelled(e)) {
            if (job.current !== current) for (const c of made) void c.release?.();
            return;
          }
          setStatus('error');
          setError(e instanceof Error ? e.message : String(e));
        }
      })();
    }, models ? SETTLE_MS : 0);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, retrain]);

  useEffect(() => () => job.current?.cancel(), []);

  /** Which model the simulator runs for the definition as it is now (`stale`: one from before the last edit). */
  const active: 'none' | 'stale' | Models['kind'] = !models ? 'none' : models.key === key ? models.kind : 'stale';
  return { models, status, error, active };
}

/** Puts `next`'s classifiers over the current ones (locales it lacks keep theirs) and releases the ones replaced. */
function install(setModels: (f: (old: Models | null) => Models) => void, next: Models): void {
  setModels((old) => {
    const classifiers = { ...old?.classifiers, ...next.classifiers };
    for (const [locale, c] of Object.entries(old?.classifiers ?? {})) if (classifiers[locale as Locale] !== c) void c.release?.();
    return { ...next, classifiers };
  });
}
