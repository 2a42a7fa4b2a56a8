// One catalogue of the errors the HTTP API returns: stable code, HTTP status, default message.

export const ERRORS = {
  invalid_body: { status: 400, message: 'The request body is invalid.' },
  invalid_json: { status: 400, message: 'The request body is not valid JSON.' },
  unknown_bot: { status: 404, message: 'No bot with this name.' },
  not_found: { status: 404, message: 'No such route.' },
  unsupported_media_type: { status: 415, message: 'Send JSON with Content-Type: application/json.' },
  payload_too_large: { status: 413, message: 'The request body is too large.' },
  conflict: { status: 409, message: 'The session changed too often concurrently; retry the request.' },
  store_unavailable: { status: 503, message: 'The session store is unavailable; retry shortly.' },
  not_ready: { status: 503, message: 'The service is not ready.' },
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
