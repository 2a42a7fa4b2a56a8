// The personas inspector: list, add, rename and delete personas, pick the server's default, and reword each reply per
// locale next to its original text. Every change is one `apply`, so undo/redo cover it like any other edit.
import type { ReplySlot } from '@statecraft/engine';
import { useEffect, useState } from 'react';
import { useEditor } from '../editor-context.ts';
import { useI18n, type Translate } from '../i18n.ts';
import { isReservedName, SNAKE_NAME } from '../model/paths.ts';
import {
  addPersona, clearOverride, deletePersona, personaIds, renamePersona, replySlots, setDefaultPersona, setOverride, setPersonaLabel,
} from '../model/personas.ts';
import type { RawBot } from '../model/types.ts';
import { ConfirmDialog, Field, InlineProblems, LocalizedInputs, PromptDialog } from '../ui.tsx';
import './personas.css';

const PERSONA_CODES = new Set(['unknown_persona', 'unknown_reply', 'duplicate_reply_id']);

/** A reply's identity in the panel: its key, or for an unnamed `say` its place (it has no key until reworded). */
export const slotId = (r: ReplySlot): string =>
  r.kind === 'say' ? `say@${r.at.owner ?? '*'}/${r.at.event}/${r.at.transition}/${r.at.action}` : r.key;

function personaNameProblem(def: RawBot, name: string, t: Translate, except?: string): string | null {
  if (!SNAKE_NAME.test(name) || isReservedName(name)) return t('personaInvalidName');
  if (name !== except && personaIds(def).includes(name)) return t('nameTaken');
  return null;
}

function SlotTitle({ slot }: { slot: ReplySlot }) {
  const { t } = useI18n();
  if (slot.kind === 'state')
    return (
      <>
        <span className="reply-kind">{t('replyState')}</span> <code>{slot.path}</code>
      </>
    );
  if (slot.kind === 'message')
    return (
      <>
        <span className="reply-kind">{t('replyMessage')}</span> <code>{slot.name}</code>
      </>
    );
  return (
    <>
      <span className="reply-kind">{t('replySay')}</span> <code>{slot.at.owner ?? t('replyGlobal')}</code> ·{' '}
      <code>{slot.at.event}</code>
      {slot.id ? <code className="muted"> #{slot.id}</code> : <span className="muted"> · {t('replyUnnamed')}</span>}
    </>
  );
}

export function PersonasPanel() {
  const { def, apply, locales, validation } = useEditor();
  const { t } = useI18n();
  const ids = personaIds(def);
  const [selected, setSelected] = useState<string | null>(ids[0] ?? null);
  const [dialog, setDialog] = useState<'add' | 'delete' | null>(null);
  const [onlyOverridden, setOnlyOverridden] = useState(false);
  const current = selected && ids.includes(selected) ? selected : (ids[0] ?? null);
  const [name, setName] = useState(current ?? '');
  useEffect(() => setName(current ?? ''), [current]);

  const problems = (validation?.problems ?? []).filter((p) => PERSONA_CODES.has(p.code));
  const persona = current ? def.personas?.[current] : undefined;
  const overrides = (persona?.replies ?? {}) as Record<string, Partial<Record<string, string>>>;
  const slots = replySlots(def);
  const known = new Set(slots.flatMap((s) => (s.key ? [s.key] : [])));
  const orphans = Object.keys(overrides).filter((k) => !known.has(k));
  const shown = onlyOverridden ? slots.filter((s) => s.key && overrides[s.key]) : slots;
  const nameError = current && name !== current ? personaNameProblem(def, name, t, current) : null;
  const rename = () => {
    if (!current || nameError || name === current) return;
    apply((d) => renamePersona(d, current, name));
    setSelected(name);
  };

  return (
    <div className="inspector personas-panel" data-testid="personas-panel">
      <p className="muted">{t('personasHint')}</p>
      <InlineProblems problems={problems} />
      <div className="persona-list" role="tablist">
        {ids.map((id) => (
          <button
            key={id}
            role="tab"
            aria-selected={id === current}
            className={id === current ? 'persona-item active' : 'persona-item'}
            data-testid={`persona-item-${id}`}
            onClick={() => setSelected(id)}
          >
            {(def.personas?.[id]?.label as Partial<Record<string, string>> | undefined)?.[locales[0] ?? ''] ?? id}
            {def.defaultPersona === id ? ' ★' : ''}
          </button>
        ))}
        <button className="small" data-testid="persona-add" onClick={() => setDialog('add')}>
          + {t('personaAdd')}
        </button>
      </div>
      <Field label={t('personaDefault')}>
        <select
          data-testid="persona-default"
          value={def.defaultPersona ?? ''}
          onChange={(e) => apply((d) => setDefaultPersona(d, e.target.value || null))}
        >
          <option value="">{t('personaNone')}</option>
          {ids.map((id) => (
            <option key={id} value={id}>
              {id}
            </option>
          ))}
        </select>
      </Field>
      {!current || !persona ? (
        <p className="muted" data-testid="persona-empty">
          {t('personaEmpty')}
        </p>
      ) : (
        <>
          <Field label={t('name')}>
            <div className="inline">
              <input
                data-testid="persona-name-input"
                value={name}
                onChange={(e) => setName(e.target.value)}
                onKeyDown={(e) => e.key === 'Enter' && rename()}
              />
              <button data-testid="persona-rename" disabled={!!nameError || name === current} onClick={rename}>
                {t('rename')}
              </button>
              <button className="danger" data-testid="persona-delete" onClick={() => setDialog('delete')}>
                {t('delete')}
              </button>
            </div>
          </Field>
          {nameError ? <div className="error-text">{nameError}</div> : null}
          <Field label={t('personaLabel')}>
            <LocalizedInputs
              locales={locales}
              value={persona.label}
              testId="persona-label"
              onChange={(locale, text) => apply((d) => setPersonaLabel(d, current, locale, text), `persona:${current}:label:${locale}`)}
            />
          </Field>
          <div className="section-title">
            <span data-testid="persona-count">{t('personaOverridden', { n: Object.keys(overrides).length })}</span>
            <span className="spacer" />
            <label className="persona-filter">
              <input
                type="checkbox"
                data-testid="persona-only-overridden"
                checked={onlyOverridden}
                onChange={(e) => setOnlyOverridden(e.target.checked)}
              />{' '}
              {t('personaOnlyOverridden')}
            </label>
          </div>
          <ul className="reply-list">
            {shown.map((slot) => {
              const id = slotId(slot);
              const override = slot.key ? overrides[slot.key] : undefined;
              return (
                <li key={id} className={override ? 'reply-card overridden' : 'reply-card'} data-testid={`persona-reply-${id}`}>
                  <div className="reply-title">
                    <span className="reply-where">
                      <SlotTitle slot={slot} />
                    </span>
                    {override && slot.key ? (
                      <button
                        className="small"
                        data-testid={`persona-clear-${id}`}
                        onClick={() => apply((d) => clearOverride(d, current, slot.key!))}
                      >
                        {t('personaClear')}
                      </button>
                    ) : null}
                  </div>
                  {locales.map((locale) => (
                    <div key={locale} className="reply-row">
                      <span className="locale-tag">{locale}</span>
                      <div className="reply-texts">
                        <div className="reply-base" title={t('personaBase')}>
                          {slot.base[locale as keyof typeof slot.base] ?? '—'}
                        </div>
                        <input
                          data-testid={`persona-override-${id}-${locale}`}
                          placeholder={t('personaOverridePlaceholder')}
                          value={override?.[locale] ?? ''}
                          onChange={(e) =>
                            apply((d) => setOverride(d, current, slot, locale, e.target.value), `persona:${current}:${id}:${locale}`)
                          }
                        />
                      </div>
                    </div>
                  ))}
                </li>
              );
            })}
          </ul>
          {orphans.length ? (
            <>
              <div className="section-title warning-text">{t('personaOrphans')}</div>
              <ul className="reply-list">
                {orphans.map((key) => (
                  <li key={key} className="reply-card orphan" data-testid={`persona-orphan-${key}`}>
                    <div className="reply-title">
                      <code>{key}</code>
                      <button className="small" onClick={() => apply((d) => clearOverride(d, current, key))}>
                        {t('personaClear')}
                      </button>
                    </div>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      )}
      {dialog === 'add' ? (
        <PromptDialog
          title={t('personaAdd')}
          label={t('personaNewName')}
          testId="persona-add-dialog"
          check={(v) => personaNameProblem(def, v, t)}
          onClose={() => setDialog(null)}
          onOk={(id) => {
            apply((d) => addPersona(d, id));
            setSelected(id);
            setDialog(null);
          }}
        />
      ) : null}
      {dialog === 'delete' && current ? (
        <ConfirmDialog
          message={t('personaConfirmDelete', { name: current })}
          testId="persona-delete-dialog"
          onClose={() => setDialog(null)}
          onOk={() => apply((d) => deletePersona(d, current))}
        />
      ) : null}
    </div>
  );
}
