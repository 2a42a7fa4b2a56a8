// Small building blocks shared by the panels: labelled fields, per-locale text inputs, modal dialogs.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useI18n } from './i18n.ts';

export function Field({ label, children, hint }: { label: string; children: ReactNode; hint?: string }) {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      {children}
      {hint ? <span className="field-hint">{hint}</span> : null}
    </label>
  );
}

/** One text box per locale of the bot; the bot's own texts are shown exactly as written. */
export function LocalizedInputs({
  locales,
  value,
  onChange,
  multiline,
  testId,
}: {
  locales: readonly string[];
  value: Partial<Record<string, string>> | undefined;
  onChange: (locale: string, text: string) => void;
  multiline?: boolean;
  testId: string;
}) {
  return (
    <div className="localized">
      {locales.map((locale) => (
        <div key={locale} className="localized-row">
          <span className="locale-tag">{locale}</span>
          {multiline ? (
            <textarea
              data-testid={`${testId}-${locale}`}
              rows={2}
              value={value?.[locale] ?? ''}
              onChange={(e) => onChange(locale, e.target.value)}
            />
          ) : (
            <input data-testid={`${testId}-${locale}`} value={value?.[locale] ?? ''} onChange={(e) => onChange(locale, e.target.value)} />
          )}
        </div>
      ))}
    </div>
  );
}

export function Modal({ title, children, onClose, testId }: { title: string; children: ReactNode; onClose: () => void; testId: string }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="modal" role="dialog" aria-label={title} data-testid={testId}>
        <h3>{title}</h3>
        {children}
      </div>
    </div>
  );
}

/** Asks for one line of text, checked by `check` (returns an error message or null). */
export function PromptDialog({
  title,
  label,
  initial = '',
  check,
  onOk,
  onClose,
  testId,
  children,
}: {
  title: string;
  label: string;
  initial?: string;
  check: (value: string) => string | null;
  onOk: (value: string) => void;
  onClose: () => void;
  testId: string;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  const [value, setValue] = useState(initial);
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  const error = value ? check(value.trim()) : null;
  const submit = () => {
    if (!value.trim() || error) return;
    onOk(value.trim());
  };
  return (
    <Modal title={title} onClose={onClose} testId={testId}>
      {children}
      <Field label={label}>
        <input
          ref={ref}
          data-testid={`${testId}-input`}
          value={value}
          onChange={(e) => setValue(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && submit()}
        />
      </Field>
      {error ? <div className="error-text">{error}</div> : null}
      <div className="modal-buttons">
        <button onClick={onClose}>{t('cancel')}</button>
        <button className="primary" data-testid={`${testId}-ok`} disabled={!value.trim() || !!error} onClick={submit}>
          {t('ok')}
        </button>
      </div>
    </Modal>
  );
}

export function ConfirmDialog({ message, onOk, onClose, testId }: { message: string; onOk: () => void; onClose: () => void; testId: string }) {
  const { t } = useI18n();
  return (
    <Modal title={t('ok')} onClose={onClose} testId={testId}>
      <p>{message}</p>
      <div className="modal-buttons">
        <button onClick={onClose}>{t('cancel')}</button>
        <button
          className="danger"
          data-testid={`${testId}-ok`}
          onClick={() => {
            onOk();
            onClose();
          }}
        >
          {t('ok')}
        </button>
      </div>
    </Modal>
  );
}

export const linesOf = (text: string) => text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);

/** The validation problems of one state or transition, listed inside its inspector. */
export function InlineProblems({ problems }: { problems: readonly { severity: string; message: string }[] }) {
  if (!problems.length) return null;
  return (
    <ul className="inline-problems">
      {problems.map((p, i) => (
        <li key={i} className={`sev-${p.severity}`}>
          {p.message}
        </li>
      ))}
    </ul>
  );
}
