import { hc } from 'hono/client'
import * as v from 'valibot'
import { ERROR_MESSAGES_ZH, parseApiError, type ErrorCode } from '@canbao/shared'
import type { AppType } from '../../../functions/src/app'
import { clearSession, currentSession } from '../lib/session'
import { NetworkFailure, taroFetch } from './request'

export function authHeaders(): Record<string, string> {
  const session = currentSession()
  return session ? { Authorization: `Bearer ${session.token}` } : {}
}

export const api = hc<AppType>(API_BASE, { fetch: taroFetch as unknown as typeof fetch, headers: authHeaders })

export type ClientErrorCode = ErrorCode | 'NETWORK_OFFLINE' | 'NETWORK_TIMEOUT' | 'SERVICE_UNAVAILABLE' | 'BAD_RESPONSE'

export interface ClientError {
  code: ClientErrorCode
  message: string
  status: number | null
  /** per-field problems of a VALIDATION_FAILED answer, each with its own Chinese message */
  issues?: { path: string; code: string; message: string }[]
  /** the rest of a refusal's body, when the call named its schema (an import's line-by-line problems) */
  detail?: unknown
}

export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ClientError }

const CLIENT_MESSAGES_ZH = {
  NETWORK_OFFLINE: '网络连接失败，请检查网络后点“重试”。',
  NETWORK_TIMEOUT: '服务器响应超时，请稍后点“重试”。',
  // A 5xx is the service's problem: telling the resident to check their network sends them the wrong way.
  SERVICE_UNAVAILABLE: '服务暂时不可用，不是您的网络问题。请稍后点“重试”。',
  BAD_RESPONSE: '服务器返回了无法识别的内容，请稍后重试。',
} as const

const clientError = (code: keyof typeof CLIENT_MESSAGES_ZH, status: number | null): ClientError => ({
  code,
  message: CLIENT_MESSAGES_ZH[code],
  status,
})

/** A request that threw before an answer could be read. */
export function failureOf(err: unknown): ClientError {
  if (err instanceof NetworkFailure) {
    return clientError(
      err.kind === 'timeout' ? 'NETWORK_TIMEOUT' : err.kind === 'server' ? 'SERVICE_UNAVAILABLE' : 'NETWORK_OFFLINE',
      null,
    )
  }
  return clientError('BAD_RESPONSE', null)
}

/** A non-2xx answer: our error shape with its Chinese message, else by status (5xx: the service, not the network). */
export function errorOfResponse(status: number, body: unknown): ClientError {
  const apiErr = parseApiError(body)
  if (apiErr) return { ...apiErr, status }
  if (status >= 500) return clientError('SERVICE_UNAVAILABLE', status)
  return { code: 'BAD_REQUEST', message: ERROR_MESSAGES_ZH.BAD_REQUEST, status }
}

/**
 * Runs one typed API call and turns every way it can fail into a ClientError with a Chinese message,
 * so pages render errors one way and never see an exception.
 */
export async function callApi<T>(
  send: () => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>,
  options: {
    acceptStatus?: number[]
    /** the shared schema of a successful body: anything else is BAD_RESPONSE, never a crash while rendering */
    schema?: v.GenericSchema<unknown, T>
    /** the schema of what a refusal carries beside `error`, kept as `error.detail` when it matches */
    detailSchema?: v.GenericSchema
  } = {},
): Promise<ApiResult<T>> {
  let res: { ok: boolean; status: number; json(): Promise<unknown> }
  try {
    res = await send()
  } catch (err) {
    return { ok: false, error: failureOf(err) }
  }
  let body: unknown
  try {
    body = await res.json()
  } catch {
    // An HTML error page from a proxy or the runtime: unreadable, but its status says whose problem it is.
    return {
      ok: false,
      error:
        res.status >= 500 ? clientError('SERVICE_UNAVAILABLE', res.status) : clientError('BAD_RESPONSE', res.status),
    }
  }
  if (!res.ok && !options.acceptStatus?.includes(res.status)) {
    const error = errorOfResponse(res.status, body)
    // An expired or revoked token: forget it so every page offers sign-in instead of failing again.
    if (error.code === 'UNAUTHENTICATED') clearSession()
    if (options.detailSchema) {
      const detail = v.safeParse(options.detailSchema, body)
      if (detail.success) return { ok: false, error: { ...error, detail: detail.output } }
    }
    return { ok: false, error }
  }
  if (options.schema) {
    const checked = v.safeParse(options.schema, body)
    if (!checked.success)
      return {
        ok: false,
        error: { code: 'BAD_RESPONSE', message: CLIENT_MESSAGES_ZH.BAD_RESPONSE, status: res.status },
      }
    return { ok: true, data: checked.output }
  }
  return { ok: true, data: body as T }
}
