// "Save as story": the recorded conversation as an editable story file, validated live with the runner's own schema
// and checks against the bot, saved as a download (for flows/<bot>/tests/) and in the browser to run again.
import type { BotDefinition } from '@statecraft/engine';
import { useMemo, useState } from 'react';
import { useI18n } from '../i18n.ts';
import { checkStoryYaml, isExcluded, setExcluded, storyFileName, storyNameOf, type SimTurn } from '../sim/record.ts';
import { downloadText, saveStory, type StoredStory } from '../sim/story-store.ts';
import { Modal } from '../ui.tsx';
import './stories.css';

export function StoryDialog({
  bot,
  def,
  initialYaml,
  turns,
  onSaved,
  onClose,
}: {
  bot: string;
  def: BotDefinition | null;
  initialYaml: string;
  turns: readonly SimTurn[];
  onSaved: (stories: StoredStory[], name: string) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [text, setText] = useState(initialYaml);
  const name = storyNameOf(text) ?? 'story';
  const fileName = storyFileName(bot, name);
  const check = useMemo(() => checkStoryYaml(text, fileName, def), [text, fileName, def]);
  const valid = check.problems.length === 0 && check.stories.length > 0;

  const save = () => {
    if (!valid) return;
    downloadText(fileName, text.endsWith('\n') ? text : `${text}\n`);
    onSaved(saveStory(bot, { name, yaml: text }), name);
  };

  return (
    <Modal title={t('storyDialogTitle')} onClose={onClose} testId="story-dialog">
      <p className="muted">{t('storyDialogHint', { dir: `flows/${bot}/tests/` })}</p>
      <div className="story-excludes">
        <span className="field-label">{t('storyNoCharge')}</span>
        {turns.map((turn, i) => {
          const checked = isExcluded(text, i, 'charge');
          return (
            <label key={i} className="story-exclude" title={t('storyNoChargeHint')}>
              <input
                type="checkbox"
                data-testid={`story-exclude-charge-${i + 1}`}
                checked={checked === true}
                disabled={checked === null}
                onChange={(e) => {
                  const next = setExcluded(text, bot, i, 'charge', e.target.checked);
                  if (next !== null) setText(next);
                }}
              />
              {i + 1}. {turn.user}
            </label>
          );
        })}
      </div>
      <textarea
        className="story-yaml"
        data-testid="story-yaml"
        spellCheck={false}
        rows={20}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <div data-testid="story-errors" data-valid={valid ? 'true' : 'false'} className={valid ? 'ok-text' : 'error-text'}>
        {valid ? (
          <span>✓ {t('storyValid', { file: fileName })}</span>
        ) : (
          <ul className="story-problems">
            {check.problems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        )}
      </div>
      <div className="modal-buttons">
        <button onClick={onClose}>{t('cancel')}</button>
        <button className="primary" data-testid="story-save" disabled={!valid} onClick={save}>
          {t('storySave')}
        </button>
      </div>
    </Modal>
  );
}
