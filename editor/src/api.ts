// The runtime server's flows API (runtime-server/src/flows-api). Reads are public; writes carry the editor token.
import type { RawBot } from './model/types.ts';

export interface Problem {
  severity: 'error' | 'warning';
  code: string;
  message: string;
  path: string | null;
}

export interface BotSummary {
  name: string;
  version: number | null;
  publishedAt: string | null;
  updatedAt: string | null;
  hasDraft: boolean;
}

export interface NameChanges {
  added: string[];
  removed: string[];
  changed: string[];
}

export interface FlowDiff {
  states: NameChanges;
  intents: NameChanges;
  slots: NameChanges;
  examples: Record<string, Record<string, { added: number; removed: number }>>;
  settings: string[];
}

export interface VersionMeta {
  version: number;
  publishedAt: string;
  author: string;
  message: string | null;
  contentHash: string;
  source: 'seed' | 'editor' | 'rollback' | string;
  rollbackOf: number | null;
  diff: FlowDiff;
}

export interface BotDocument {
  name: string;
  published: (Omit<VersionMeta, 'source' | 'rollbackOf' | 'diff'> & { definition: RawBot }) | null;
  draft: { definition: RawBot; savedAt: string; problems: Problem[]; publishable: boolean } | null;
}

export interface PublishResult extends VersionMeta {
  name: string;
  buildMs: number;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems: Problem[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const BASE = '/v1/bots';

async function call<T>(method: string, url: string, token?: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(url, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // not JSON (e.g. a proxy error page)
  }
  if (!res.ok) {
    const err = (json as { error?: { code?: string; message?: string }; problems?: Problem[] } | null) ?? {};
    throw new ApiError(res.status, err.error?.code ?? 'http_error', err.error?.message ?? `HTTP ${res.status}`, err.problems ?? []);
  }
  return json as T;
}

const bot = (name: string) => `${BASE}/${encodeURIComponent(name)}`;

export const api = {
  listBots: () => call<{ bots: BotSummary[] }>('GET', BASE).then((r) => r.bots),
  getBot: (name: string) => call<BotDocument>('GET', bot(name)),
  saveDraft: (name: string, definition: RawBot, token: string) =>
    call<{ name: string; savedAt: string; problems: Problem[]; publishable: boolean }>('PUT', `${bot(name)}/draft`, token, definition),
  publish: (name: string, token: string, message?: string) =>
    call<PublishResult>('POST', `${bot(name)}/publish`, token, { author: 'editor', ...(message ? { message } : {}) }),
  versions: (name: string) => call<{ name: string; versions: VersionMeta[] }>('GET', `${bot(name)}/versions`).then((r) => r.versions),
  rollback: (name: string, version: number, token: string) =>
    call<PublishResult>('POST', `${bot(name)}/rollback`, token, { version, author: 'editor' }),
};
