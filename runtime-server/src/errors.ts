// One catalogue of the errors the HTTP API returns: stable code, HTTP status, default message.

export const ERRORS = {
  invalid_body: { status: 400, message: 'The request body is invalid.' },
  invalid_json: { status: 400, message: 'The request body is not valid JSON.' },
  unknown_bot: { status: 404, message: 'No bot with this name.' },
  not_found: { status: 404, message: 'No such route.' },
  unsupported_media_type: { status: 415, message: 'Send JSON with Content-Type: application/json.' },
  payload_too_large: { status: 413, message: 'The request body is too large.' },
  rate_limited: { status: 429, message: 'Too many requests; retry later.' },
  request_timeout: { status: 408, message: 'The request took too long to arrive.' },
  shutting_down: { status: 503, message: 'The server is shutting down; retry on another instance.' },
  conflict: { status: 409, message: 'The session changed too often concurrently; retry the request.' },
  store_unavailable: { status: 503, message: 'The session store is unavailable; retry shortly.' },
  not_ready: { status: 503, message: 'The service is not ready.' },
  unauthorized: { status: 401, message: 'Send a valid editor token as Authorization: Bearer <token>.' },
  invalid_flow: { status: 422, message: 'The flow has errors; fix them before publishing.' },
  version_not_found: { status: 404, message: 'No such version of this bot.' },
  no_draft: { status: 409, message: 'This bot has no draft to publish; save one with PUT /v1/bots/{bot}/draft first.' },
  publish_failed: { status: 500, message: 'Building the new bot version failed; the running version is unchanged.' },
  internal: { status: 500, message: 'Internal error.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

/** An error meant for the client: it carries a stable code and is rendered as `{ error: { code, message } }`. */
export class ApiError extends Error {
  readonly status: number;
  constructor(readonly code: ErrorCode, message?: string, options?: { cause?: unknown }) {
    super(message ?? ERRORS[code].message, options);
    this.name = 'ApiError';
    this.status = ERRORS[code].status;
  }
}

export function errorBody(code: ErrorCode, message?: string) {
  return { error: { code, message: message ?? ERRORS[code].message } };
}
