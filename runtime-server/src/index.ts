// Public surface of the runtime server, for tests, benchmarks and embedding.
export { buildApp, BODY_LIMIT_BYTES, type AppOptions } from './app.ts';
export { BotRegistry, loadBotRuntime, type BotRuntime, type LoadOptions } from './bots/registry.ts';
export { DirectoryModelCache, sharedModelCache, type ModelCache } from './bots/model-cache.ts';
export { MicroBatchClassifier } from './bots/micro-batch.ts';
export { ChatService, DEFAULT_BOT, type ChatRequest, type ChatResponse } from './chat/chat-service.ts';
export { decodeSession, encodeSession } from './chat/session-codec.ts';
export { loadConfig, type ServerConfig } from './config.ts';
export { ApiError, ERRORS, errorBody, type ErrorCode } from './errors.ts';
export * from './store/index.ts';
