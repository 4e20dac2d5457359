/**
 * Every error the API returns has the shape `{ error: { code, message } }`.
 * Codes are stable identifiers the client can branch on; messages are the Chinese
 * text a resident reads, so they say what went wrong and what to do next.
 */
export const ERROR_CODES = [
  'BAD_REQUEST',
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'UPSTREAM_UNAVAILABLE',
  'DB_UNAVAILABLE',
  'INTERNAL',
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

export const ERROR_MESSAGES_ZH: Record<ErrorCode, string> = {
  BAD_REQUEST: '请求格式不正确，请检查后重试。',
  VALIDATION_FAILED: '填写的信息有误，请按提示修改。',
  UNAUTHENTICATED: '登录已失效，请重新登录。',
  FORBIDDEN: '您没有权限进行此操作。',
  NOT_FOUND: '没有找到您要的内容。',
  CONFLICT: '该操作与已有记录冲突，请刷新后再试。',
  RATE_LIMITED: '操作太频繁，请稍后再试。',
  UPSTREAM_UNAVAILABLE: '外部服务暂时无法连接，请稍后再试。',
  DB_UNAVAILABLE: '数据服务暂时不可用，请稍后再试。',
  INTERNAL: '系统出了点问题，请稍后再试。',
}

export const ERROR_HTTP_STATUS: Record<ErrorCode, 400 | 401 | 403 | 404 | 409 | 422 | 429 | 500 | 502 | 503> = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 422,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  UPSTREAM_UNAVAILABLE: 502,
  DB_UNAVAILABLE: 503,
  INTERNAL: 500,
}

export interface ApiErrorBody {
  error: {
    code: ErrorCode
    message: string
    /** Field-level problems for VALIDATION_FAILED, each with its own Chinese message. */
    issues?: { path: string; code: string; message: string }[]
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value)
}

export function apiError(code: ErrorCode, message: string = ERROR_MESSAGES_ZH[code]): ApiErrorBody {
  return { error: { code, message } }
}

/** Reads an error body defensively: anything that is not our shape becomes INTERNAL. */
export function parseApiError(body: unknown): ApiErrorBody['error'] | null {
  if (typeof body !== 'object' || body === null || !('error' in body)) return null
  const inner = (body as { error: unknown }).error
  if (typeof inner !== 'object' || inner === null) return null
  const { code, message } = inner as { code?: unknown; message?: unknown }
  if (!isErrorCode(code)) return null
  return { code, message: typeof message === 'string' && message ? message : ERROR_MESSAGES_ZH[code] }
}
