import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { ERROR_HTTP_STATUS, ERROR_MESSAGES_ZH, type ApiErrorBody, type ErrorCode } from '@canbao/shared'

/** Thrown anywhere in a handler to answer with the one error shape. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string = ERROR_MESSAGES_ZH[code],
    readonly issues?: ApiErrorBody['error']['issues'],
  ) {
    super(message)
  }
}

export function errorResponse(c: Context, code: ErrorCode, message?: string, issues?: ApiErrorBody['error']['issues']) {
  const body: ApiErrorBody = { error: { code, message: message ?? ERROR_MESSAGES_ZH[code], ...(issues ? { issues } : {}) } }
  return c.json(body, ERROR_HTTP_STATUS[code] as ContentfulStatusCode)
}

export function handleError(err: unknown, c: Context) {
  if (err instanceof ApiError) return errorResponse(c, err.code, err.message, err.issues)
  // The resident sees a generic message; the details stay in the Worker's log.
  console.error('unhandled error', err instanceof Error ? err.stack ?? err.message : err)
  return errorResponse(c, 'INTERNAL')
}
