// Published versions (newest first) with their diffs against the previous one, rollback, and the draft's own changes.
import { useCallback, useEffect, useState } from 'react';
import { api, type FlowDiff, type NameChanges, type VersionMeta } from '../api.ts';
import { useEditor } from '../editor-context.ts';
import { useI18n, type MessageKey } from '../i18n.ts';
import { diffBots, isEmptyDiff } from '../model/diff.ts';
import type { RawBot } from '../model/types.ts';
import { ConfirmDialog } from '../ui.tsx';

function Changes({ label, c }: { label: string; c: NameChanges }) {
  const { t } = useI18n();
  if (!c.added.length && !c.removed.length && !c.changed.length) return null;
  return (
    <div className="diff-row">
      <strong>{label}</strong>
      {c.added.length ? <span className="diff-added"> +{t('diffAdded')}: {c.added.join(', ')}</span> : null}
      {c.removed.length ? <span className="diff-removed"> −{t('diffRemoved')}: {c.removed.join(', ')}</span> : null}
      {c.changed.length ? <span className="diff-changed"> ~{t('diffChanged')}: {c.changed.join(', ')}</span> : null}
    </div>
  );
}

export function DiffView({ diff, testId }: { diff: FlowDiff; testId: string }) {
  const { t } = useI18n();
  if (isEmptyDiff(diff)) return <div className="muted" data-testid={testId}>{t('diffNone')}</div>;
  const examples = Object.entries(diff.examples);
  return (
    <div className="diff" data-testid={testId}>
      <Changes label={t('diffStates')} c={diff.states} />
      <Changes label={t('diffIntents')} c={diff.intents} />
      <Changes label={t('diffSlots')} c={diff.slots} />
      {examples.length ? (
        <div className="diff-row">
          <strong>{t('diffExamples')}</strong>{' '}
          {examples.map(([intent, byLocale]) =>
            Object.entries(byLocale).map(([locale, { added, removed }]) => (
              <span key={`${intent}:${locale}`} className="alt">
                {intent} {locale}: <span className="diff-added">+{added}</span> <span className="diff-removed">−{removed}</span>
              </span>
            )),
          )}
        </div>
      ) : null}
      {diff.settings.length ? (
        <div className="diff-row">
          <strong>{t('diffSettings')}</strong> {diff.settings.join(', ')}
        </div>
      ) : null}
    </div>
  );
}

export function VersionsPanel({
  published,
  token,
  refreshKey,
  onRolledBack,
}: {
  published: RawBot | null;
  token: string;
  refreshKey: number;
  onRolledBack: (version: number) => void;
}) {
  const { botName, def } = useEditor();
  const { t, lang } = useI18n();
  const [versions, setVersions] = useState<VersionMeta[] | null>(null);
  const [error, setError] = useState('');
  const [confirm, setConfirm] = useState<number | null>(null);
  const [note, setNote] = useState('');
  const load = useCallback(() => {
    api
      .versions(botName)
      .then((v) => {
        setVersions(v);
        setError('');
      })
      .catch((e: Error) => setError(e.message));
  }, [botName]);
  useEffect(load, [load, refreshKey]);
  const fmt = (iso: string) => new Date(iso).toLocaleString(lang);
  return (
    <div className="versions" data-testid="versions-panel">
      <div className="section-title">{t('unpublishedChanges')}</div>
      <DiffView diff={diffBots(published, def)} testId="draft-diff" />
      <div className="section-title">
        {t('versions')}{' '}
        <button className="small" onClick={load}>
          {t('refresh')}
        </button>
      </div>
      {error ? <div className="error-text">{error}</div> : null}
      {note ? <div className="ok-text" data-testid="rollback-result">{note}</div> : null}
      <ul className="version-list" data-testid="versions-list">
        {(versions ?? []).map((v, i) => (
          <li key={v.version} data-testid={`version-${v.version}`}>
            <div className="version-head">
              <strong>{t('version', { n: v.version })}</strong>
              <span className="muted">
                {fmt(v.publishedAt)} · {v.author} · {t(`source_${v.source}` as MessageKey) || v.source}
                {v.rollbackOf ? ` ← ${v.rollbackOf}` : ''}
              </span>
              {i > 0 ? (
                <button
                  className="small"
                  data-testid={`rollback-${v.version}`}
                  disabled={!token}
                  title={token ? '' : t('tokenMissing')}
                  onClick={() => setConfirm(v.version)}
                >
                  {t('rollback')}
                </button>
              ) : null}
            </div>
            {v.message ? <div className="version-message">{v.message}</div> : null}
            <DiffView diff={v.diff} testId={`version-diff-${v.version}`} />
          </li>
        ))}
      </ul>
      {confirm !== null ? (
        <ConfirmDialog
          testId="rollback-dialog"
          message={t('confirmRollback', { n: confirm })}
          onClose={() => setConfirm(null)}
          onOk={() => {
            const n = confirm;
            api
              .rollback(botName, n, token)
              .then((r) => {
                setNote(t('rolledBack', { version: r.version }));
                load();
                onRolledBack(r.version);
              })
              .catch((e: Error) => setError(t('rollbackFailed', { error: e.message })));
          }}
        />
      ) : null}
    </div>
  );
}
