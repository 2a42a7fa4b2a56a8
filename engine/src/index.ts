// Public surface of @statecraft/engine. Everything here is pure and runs in Node and in the browser.
export { LOCALES, detectLocale, type Locale } from './locale.ts';

export {
  BotSchema, botJsonSchema, IRREVERSIBLE_ACTIONS, ReplyKeySchema,
  type Action, type BotDefinition, type BotInput, type Guard, type IrreversibleAction, type PersonaDef, type QuickReply, type SlotDef,
  type StateDef, type Transition,
} from './flow/schema.ts';
export { quickReplyIntent, quickReplyText } from './flow/quick-replies.ts';
export {
  duplicateSayIds, listReplies, messageKey, PERSONA_MESSAGES, replyKeys, sayKey, stateReplyKey,
  type PersonaMessage, type ReplySlot, type ReplySource, type SayLocation,
} from './flow/personas.ts';
export { traceRecorder, type MachineTrace, type TracedMicrostep, type TracedTransition } from './flow/inspect.ts';
export { assembleBot, NluDocumentSchema, type NluDocument } from './flow/assemble.ts';
export { checkFlow, listStates, type FlowProblem } from './flow/checks.ts';
export { compileBot, contentHash, FlowValidationError, parseBot, type CompiledBot } from './flow/compile.ts';
export { DISAMBIGUATE_EVENT, emptyContext, FALLBACK_EVENT, type DialogueContext, type DialogueEvent, type Effect, type Order, type SlotValue } from './flow/context.ts';
export { formatDate, ORDER_LIST_PLACEHOLDERS, pickReply, renderTemplate, TEMPLATE_PLACEHOLDER } from './flow/render.ts';

export * from './nlu/index.ts';
export { botTrainingExamples, botTrainOptions, classifierText, trainBotModel } from './nlu/bot-model.ts';
export { ENTITY_PLACEHOLDER, maskEntities } from './nlu/mask.ts';

export { extractEntities } from './slots/index.ts';
export type { CityEntity, CountEntity, DateEntity, Entity, ExtractContext, SlotType } from './slots/types.ts';

export {
  activePersona, chooseEvent, expectedSlotType, HISTORY_LIMIT, INFORM_EVENT, isoDay, newSession, runTurn, secondPartOrderId, statePath, stepMachine,
  type PersistedContext, type Session, type TurnDeps, type TurnInput, type TurnOptions, type TurnOutcome, type TurnRecord,
  type Understanding,
} from './turn.ts';
