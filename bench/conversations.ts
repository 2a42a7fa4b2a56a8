// The traffic of the scale benchmark (`pnpm bench`): multi-turn tickets conversations in Chinese and English.
// Every script has the same number of turns, so autocannon's `requests` array (one entry per turn) walks any of them.

export interface Conversation {
  name: string;
  locale: 'zh-CN' | 'en-US';
  turns: readonly string[];
  /** The action the last turn must carry out (checked on a sample of responses during the run). */
  finalAction: 'charge' | 'refund';
}

export const CONVERSATIONS: readonly Conversation[] = [
  { name: 'booking-zh', locale: 'zh-CN', turns: ['帮我订张票', '去北京', '明天', '确认'], finalAction: 'charge' },
  { name: 'change-zh', locale: 'zh-CN', turns: ['我想订一张去上海的票', '后天', '能改到明天吗？', '好的'], finalAction: 'charge' },
  { name: 'cancel-zh', locale: 'zh-CN', turns: ['我要订一张明天去北京的票', '确认', '我要退订', '是的'], finalAction: 'refund' },
  { name: 'booking-en', locale: 'en-US', turns: ['I need a ticket', 'to Chicago', 'tomorrow', 'yes'], finalAction: 'charge' },
  { name: 'change-en', locale: 'en-US', turns: ['I want a ticket to Boston', 'the day after tomorrow', 'can you change it to tomorrow?', 'ok'], finalAction: 'charge' },
  { name: 'cancel-en', locale: 'en-US', turns: ['book a ticket to Boston tomorrow', 'yes', 'cancel my ticket', 'yes'], finalAction: 'refund' },
];

export const TURNS_PER_CONVERSATION = 4;
for (const c of CONVERSATIONS) {
  if (c.turns.length !== TURNS_PER_CONVERSATION) throw new Error(`conversation ${c.name} must have ${TURNS_PER_CONVERSATION} turns`);
}
