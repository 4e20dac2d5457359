import type { Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { validator } from 'hono/validator'
import * as v from 'valibot'
import type { ApiErrorBody } from '@canbao/shared'
import { missingFieldMessage } from '@canbao/shared/api/common'
import { ApiError } from './errors'

type Issue = NonNullable<ApiErrorBody['error']['issues']>[number]

const HAS_CJK = /[\u4e00-\u9fff]/

/**
 * valibot issues as the API's per-field issues. A message that is not Chinese (a schema without its own
 * message) is replaced rather than shown, and no message ever repeats the submitted value.
 */
export function toIssues(issues: readonly v.BaseIssue<unknown>[]): Issue[] {
  return issues.slice(0, 50).map((issue) => {
    const path = v.getDotPath(issue) ?? ''
    // A strict object reports a key that was not sent at all with its "unsupported field" message.
    const last = issue.path?.[issue.path.length - 1]
    if (/object$/.test(issue.type) && issue.input === undefined && last && typeof last.key === 'string') {
      return { path, code: 'missing', message: missingFieldMessage(last.key) }
    }
    const message = HAS_CJK.test(issue.message)
      ? issue.message
      : path === ''
        ? '提交的内容格式不正确'
        : `字段 ${path} 的格式不正确`
    return { path, code: issue.type, message }
  })
}

export function parseOrThrow<S extends v.GenericSchema>(schema: S, value: unknown): v.InferOutput<S> {
  const result = v.safeParse(schema, value, { abortPipeEarly: true })
  if (!result.success) throw new ApiError('VALIDATION_FAILED', undefined, toIssues(result.issues))
  return result.output
}

export const DEFAULT_JSON_LIMIT = 64 * 1024

export const limitBody = (maxSize: number) =>
  bodyLimit({
    maxSize,
    onError: () => {
      throw new ApiError('PAYLOAD_TOO_LARGE')
    },
  })

const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i

/** Body validation: JSON only, through the shared schema. Pair with `limitBody` so size is checked first. */
export const jsonBody = <S extends v.GenericSchema>(schema: S) =>
  validator('json', (value, c: Context): v.InferOutput<S> => {
    if (!JSON_TYPE.test(c.req.header('content-type') ?? '')) {
      throw new ApiError('BAD_REQUEST', '请以 JSON 格式提交（Content-Type: application/json）。')
    }
    return parseOrThrow(schema, value)
  })

export const queryOf = <S extends v.GenericSchema>(schema: S) =>
  validator('query', (value): v.InferOutput<S> => parseOrThrow(schema, value))

/** A malformed path parameter names nothing that exists: 404, like any unknown resource. */
export const paramOf = <S extends v.GenericSchema>(schema: S) =>
  validator('param', (value): v.InferOutput<S> => {
    const result = v.safeParse(schema, value)
    if (!result.success) throw new ApiError('NOT_FOUND')
    return result.output
  })
