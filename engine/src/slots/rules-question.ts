// Whether the user asks about the rules of cancelling or changing a ticket: 退票要手续费吗, 如果退票能退全款吗, "is there a
// fee to cancel later?", "can I get a refund if I cancel?", "is one ticket refundable?". Read as requests, these dropped
// the booking being confirmed ("OK, I've dropped this booking") or proposed a refund nobody asked for. A question about
// the rules moves nothing: the bot says what it can and asks its open question again (`messages.rules`).
// Both languages' words run whatever the locale, as counts, places and price questions do.

/**
 * Fees and rules (手续费, 退票费, 违约金, 退改规则/政策), a hypothetical (如果/要是/万一…退/改), later (以后/之后/到时候还能退吗),
 * and 能退全款吗. Not 能退吗 alone: 我这张票能退吗 is how many ask for a refund.
 */
const ZH_RULES =
  /手续费|退票费|改签费|退改费|违约金|扣(?:多少)?钱吗|扣费|(?:退改|退票|改签|退订)(?:的)?(?:规则|政策|规定|条件)|(?:如果|要是|万一|假如)[^，。？?！!]{0,8}(?:退|改签|取消)|(?:以后|之后|到时候|后面)(?:还)?(?:能|可以|能不能|可不可以)(?:退|改)|(?:能|可以)(?:退|拿回)全款|全额退(?:款)?吗|退(?:多少|几成)/u;

/**
 * "fee", "penalty", "policy", "refundable", "rules" about cancelling or changing; "if I cancel", "if I need to change";
 * "can I cancel later", "cancel for free". Not "can I get a full refund": with an order, that asks for one.
 */
const EN_RULES =
  /\b(?:fees?|penalty|penalties|refundable|non-?refundable|cancell?ation\s+(?:policy|terms|rules)|refund\s+(?:policy|rules|terms)|change\s+(?:policy|rules)|policy|policies)\b|\bif\s+(?:i|we)\s+(?:need\s+to\s+|have\s+to\s+|want\s+to\s+|decide\s+to\s+)?(?:cancel|change|reschedule|get\s+a\s+refund)\b|\bif\s+(?:i|we)\s+(?:can'?t|cannot|don'?t)\s+(?:go|make\s+it|travel|show\s+up)\b|\b(?:are\s+there|is\s+there|do\s+you\s+(?:give|offer|do))\s+(?:any\s+)?refunds?\b|\b(?:cancel|change|reschedule)\s+(?:it\s+|them\s+)?(?:later|for\s+free|free\s+of\s+charge)\b/iu;

/** A question mark or a question word: "fee to cancel." said as a statement is no question. */
const QUESTION = /[?？吗呢么]|\b(?:is|are|do|does|can|could|will|would|what|how|any)\b/iu;

export function asksRules(text: string): boolean {
  return (ZH_RULES.test(text) || EN_RULES.test(text)) && QUESTION.test(text);
}

/**
 * Whether a booking not yet made may be refunded: 能退吗, 这票可以退吗, "can I get a refund?". Said while a booking waits
 * for its yes, there is no ticket yet to refund: it asks about the rules (with an order, 我这张票能退吗 asks for the refund).
 */
const ZH_REFUNDABLE = /(?:能|可以|可不可以|能不能)退(?:票|款|掉)?(?:吗|么|不|的吗)|退得了(?:吗|不)/u;
const EN_REFUNDABLE = /\bcan\s+(?:i|we)\s+(?:get\s+(?:a\s+|(?:my|our|the)\s+money\s+)?(?:refund|back)|be\s+refunded)\b/iu;

export function asksIfRefundable(text: string): boolean {
  return ZH_REFUNDABLE.test(text) || (EN_REFUNDABLE.test(text) && QUESTION.test(text));
}
