// One locale's quick replies of a state: a label per row, and the intent the button declares (or none: the classifier
// reads the label like typed text). The engine takes a declared intent whenever the label comes back.
import { quickReplyIntent, quickReplyText, type QuickReply } from '@statecraft/engine';
import { useI18n } from '../i18n.ts';

export const MAX_QUICK_REPLIES = 10;

const intentOf = (reply: QuickReply) => quickReplyIntent(reply) ?? '';
const quickReply = (text: string, intent: string): QuickReply => (intent ? { text, intent } : text);

export function QuickRepliesEditor(props: {
  replies: readonly QuickReply[] | undefined;
  intents: readonly string[];
  onChange: (replies: QuickReply[]) => void;
  testId: string;
}) {
  const { t } = useI18n();
  const rows = props.replies ?? [];
  const replace = (i: number, next: QuickReply) => props.onChange(rows.map((r, j) => (j === i ? next : r)));
  return (
    <div className="quick-replies" data-testid={props.testId}>
      {rows.map((reply, i) => {
        const intent = intentOf(reply);
        // An intent the bot no longer has stays visible (and is reported as a problem) instead of silently vanishing.
        const options = intent && !props.intents.includes(intent) ? [...props.intents, intent] : props.intents;
        return (
          <div key={i} className="quick-reply-row">
            <input
              aria-label={t('quickReplyLabel')}
              data-testid={`${props.testId}-text-${i}`}
              value={quickReplyText(reply)}
              onChange={(e) => replace(i, quickReply(e.target.value, intent))}
            />
            <select
              aria-label={t('quickReplyIntent')}
              data-testid={`${props.testId}-intent-${i}`}
              value={intent}
              onChange={(e) => replace(i, quickReply(quickReplyText(reply), e.target.value))}
            >
              <option value="">{t('quickReplyClassified')}</option>
              {options.map((name) => (
                <option key={name} value={name}>
                  → {name}
                </option>
              ))}
            </select>
            <button type="button" className="icon" title={t('delete')} data-testid={`${props.testId}-remove-${i}`} onClick={() => props.onChange(rows.filter((_, j) => j !== i))}>
              ×
            </button>
          </div>
        );
      })}
      {rows.length < MAX_QUICK_REPLIES && (
        <button type="button" className="small" data-testid={`${props.testId}-add`} onClick={() => props.onChange([...rows, ''])}>
          + {t('addQuickReply')}
        </button>
      )}
    </div>
  );
}
