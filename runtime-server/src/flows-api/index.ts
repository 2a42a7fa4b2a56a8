// Public surface of the flows API (bots as versioned data, edited and published over HTTP).
export { flowsApi, DRAFT_BODY_LIMIT_BYTES, type FlowsApiOptions, type PublishPeers } from './plugin.ts';
export { bearerToken, generateEditorToken, requireEditorToken, tokenMatches } from './auth.ts';
export { checkDefinition, MAX_DEPTH, type CheckResult, type DraftProblem, type ProblemCode } from './problems.ts';
export { BotPublisher, InvalidFlowError, type PublisherOptions, type PublishResult } from './publisher.ts';
