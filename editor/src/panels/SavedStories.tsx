// Stories saved from the simulator (localStorage): run one again through the simulator, download it, delete it.
import type { BotDefinition } from '@statecraft/engine';
import { useState } from 'react';
import { useI18n } from '../i18n.ts';
import { checkStoryYaml, storyFileName } from '../sim/record.ts';
import { runStoryInSimulator, type SimulatorDriver } from '../sim/story-runner.ts';
import { deleteStory, downloadText, type StoredStory } from '../sim/story-store.ts';
import './stories.css';

interface RunOutcome {
  passed: boolean;
  /** The diff of the first failing turn, or the file's problems. */
  detail: string;
}

export function SavedStories({
  bot,
  def,
  stories,
  onChange,
  driver,
}: {
  bot: string;
  def: BotDefinition | null;
  stories: StoredStory[];
  onChange: (stories: StoredStory[]) => void;
  /** Null while the simulator cannot run (no model yet, flow invalid). */
  driver: SimulatorDriver | null;
}) {
  const { t } = useI18n();
  const [running, setRunning] = useState<string | null>(null);
  const [results, setResults] = useState<Record<string, RunOutcome>>({});

  if (!stories.length) return null;

  const run = async (stored: StoredStory) => {
    if (!driver || !def) return;
    setRunning(stored.name);
    try {
      const file = storyFileName(bot, stored.name);
      const check = checkStoryYaml(stored.yaml, file, def);
      let outcome: RunOutcome;
      if (check.problems.length) outcome = { passed: false, detail: check.problems.join('\n') };
      else {
        const failed: string[] = [];
        for (const story of check.stories) {
          const r = await runStoryInSimulator(story, driver, def.timeZone);
          if (!r.passed) failed.push(check.stories.length > 1 ? `${story.name}\n${r.diff}` : (r.diff ?? ''));
        }
        outcome = { passed: failed.length === 0, detail: failed.join('\n\n') };
      }
      setResults((old) => ({ ...old, [stored.name]: outcome }));
    } finally {
      setRunning(null);
    }
  };

  return (
    <div className="saved-stories" data-testid="story-list">
      <strong>{t('storySavedTitle')}</strong>
      <ul>
        {stories.map((s) => {
          const result = results[s.name];
          return (
            <li key={s.name} className="saved-story" data-testid="story-item" data-name={s.name}>
              <span className="story-name" title={s.savedAt}>
                {s.name}
              </span>
              <button
                className="small"
                data-testid="story-run"
                disabled={!driver || running !== null}
                onClick={() => void run(s)}
              >
                {running === s.name ? t('storyRunning') : t('storyRun')}
              </button>
              <button className="small" data-testid="story-download" onClick={() => downloadText(storyFileName(bot, s.name), s.yaml)}>
                {t('storyDownload')}
              </button>
              <button
                className="small"
                data-testid="story-delete"
                disabled={running !== null}
                onClick={() => {
                  onChange(deleteStory(bot, s.name));
                  setResults((old) => Object.fromEntries(Object.entries(old).filter(([k]) => k !== s.name)));
                }}
              >
                {t('delete')}
              </button>
              {result ? (
                <span data-testid="story-result" data-passed={result.passed ? 'true' : 'false'} className={result.passed ? 'ok-text' : 'error-text'}>
                  {result.passed ? `✓ ${t('storyPassed')}` : `✗ ${t('storyFailed')}`}
                </span>
              ) : null}
              {result && !result.passed && result.detail ? (
                <pre className="story-diff" data-testid="story-diff">
                  {result.detail}
                </pre>
              ) : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
