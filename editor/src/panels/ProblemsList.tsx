// The problems of the current definition (the engine's checks, run as you edit); click one to go to its state.
import { memo } from 'react';
import { useEditor } from '../editor-context.ts';
import { useI18n } from '../i18n.ts';
import { getState } from '../model/paths.ts';

// Memoized: the app renders again on every simulator turn (the canvas shows the active state); the list only changes
// with the definition.
export const ProblemsList = memo(function ProblemsList({ checking }: { checking: boolean }) {
  const { validation, select, def } = useEditor();
  const { t } = useI18n();
  const problems = validation?.problems ?? [];
  return (
    <div className="problems" data-testid="problems-panel">
      <div className="problems-head">
        <strong>{t('problems')}</strong>
        <span data-testid="problems-summary" data-errors={validation?.errors ?? 0} data-warnings={validation?.warnings ?? 0}>
          {validation && problems.length === 0 ? <span className="ok-text">✓ {t('noProblems')}</span> : null}
          {validation?.errors ? <span className="error-text"> ✖ {t('errors', { n: validation.errors })}</span> : null}
          {validation?.warnings ? <span className="warning-text"> ! {t('warnings', { n: validation.warnings })}</span> : null}
        </span>
        {checking ? <span className="muted"> {t('checking')}</span> : null}
      </div>
      <ul data-testid="problems-list">
        {problems.map((p, i) => (
          <li key={i} className={`problem sev-${p.severity}`} data-testid="problem" data-code={p.code} data-path={p.path ?? ''}>
            <span className="sev">{p.severity === 'error' ? '✖' : '!'}</span>
            <code>{p.code}</code>
            {p.path && getState(def, p.path) ? (
              <button className="link" onClick={() => select({ kind: 'state', path: p.path! })}>
                {p.path}
              </button>
            ) : (
              <span className="muted">{t('botLevel')}</span>
            )}
            <span className="problem-message">{p.message}</span>
          </li>
        ))}
      </ul>
    </div>
  );
});
