// Quick replies: the buttons under a reply. What the runtime shows is their text; a button that declares an intent
// means that intent when its text comes back, so a retrained model cannot make "不退了" cancel a refund it was pressed
// to keep.
import type { QuickReply } from './schema.ts';

export const quickReplyText = (reply: QuickReply): string => (typeof reply === 'string' ? reply : reply.text);
/** The intent a quick reply declares; null for a plain label (the classifier reads it). */
export const quickReplyIntent = (reply: QuickReply): string | null => (typeof reply === 'string' ? null : reply.intent);

/** The same label however it is typed back: width (ＯＫ), case, surrounding spaces and a closing punctuation mark. */
function normalized(text: string): string {
  return text.normalize('NFKC').trim().replace(/[\s.!?。！？~～]+$/u, '').toLowerCase();
}

/**
 * The intent one of `offered` declares, when `text` is that reply's label; else null (the classifier decides). Only the
 * buttons of the state the user is answering are offered: "Cancel" under a booking's confirmation.
 */
export function pressedQuickReply(offered: readonly QuickReply[] | undefined, text: string): string | null {
  const said = normalized(text);
  if (!offered || said === '') return null;
  const pressed = offered.find((reply) => quickReplyIntent(reply) !== null && normalized(quickReplyText(reply)) === said);
  return pressed === undefined ? null : quickReplyIntent(pressed);
}
