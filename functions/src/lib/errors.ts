import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { ERROR_HTTP_STATUS, ERROR_MESSAGES_ZH, type ApiErrorBody, type ErrorCode } from '@canbao/shared'
import { describeError, log } from './log'

/**
 * Thrown anywhere in a handler or middleware to answer with the one error shape. It is Hono's own exception
 * (status from the code), so Hono's machinery treats it like its own; `handleError` writes the body.
 */
export class ApiError extends HTTPException {
  constructor(
    readonly code: ErrorCode,
    message: string = ERROR_MESSAGES_ZH[code],
    readonly issues?: ApiErrorBody['error']['issues'],
    /** extra top-level fields next to `error` (an import's line errors) */
    readonly extra?: Record<string, unknown>,
  ) {
    super(ERROR_HTTP_STATUS[code], { message })
  }
}

export function errorResponse(
  c: Context,
  code: ErrorCode,
  message?: string,
  issues?: ApiErrorBody['error']['issues'],
  extra?: Record<string, unknown>,
) {
  const body: ApiErrorBody = {
    error: { code, message: message ?? ERROR_MESSAGES_ZH[code], ...(issues ? { issues } : {}) },
  }
  return c.json({ ...extra, ...body }, ERROR_HTTP_STATUS[code] as ContentfulStatusCode)
}

/** Hono's own exceptions (malformed JSON, oversize body) become our codes, never a 500. */
function codeForStatus(status: number): ErrorCode {
  if (status === 401) return 'UNAUTHENTICATED'
  if (status === 403) return 'FORBIDDEN'
  if (status === 404) return 'NOT_FOUND'
  if (status === 413) return 'PAYLOAD_TOO_LARGE'
  if (status === 429) return 'RATE_LIMITED'
  if (status >= 500) return 'INTERNAL'
  return 'BAD_REQUEST'
}

/** The one place an exception becomes a response: `app.onError`. */
export function handleError(err: unknown, c: Context) {
  if (err instanceof ApiError) return errorResponse(c, err.code, err.message, err.issues, err.extra)
  if (err instanceof HTTPException) return errorResponse(c, codeForStatus(err.status))
  // The resident sees a generic message; the details stay in the Worker's log (redacted).
  log.error('unhandled_error', { path: new URL(c.req.url).pathname, error: describeError(err) })
  return errorResponse(c, 'INTERNAL')
}
