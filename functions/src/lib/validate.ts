import type { Context, Env } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { validator } from 'hono-openapi'
import * as v from 'valibot'
import type { ApiErrorBody } from '@canbao/shared'
import { missingFieldMessage } from '@canbao/shared/api/common'
import { ApiError } from './errors'
import { documented } from '../middleware/documented'

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
  documented(
    bodyLimit({
      maxSize,
      onError: () => {
        throw new ApiError('PAYLOAD_TOO_LARGE')
      },
    }),
    { 'x-errors': ['PAYLOAD_TOO_LARGE'] },
  )

const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i

/*
 * The validators are hono-openapi's (so the document shows each route's schema) with our answers: a failed
 * check is parsed again with valibot itself, which gives the per-field issues of `toIssues` exactly as before.
 * openapi/spec.ts lists the codes below for every operation that has a body, query or path parameter.
 */

/** Request schemas are described as a client writes them (valibot's input types: a query number is text). */
const INPUT = { options: { typeMode: 'input' } } as const

/** A value the schema refused: valibot's own issues; never hono-openapi's default answer, which repeats the input. */
function refuse(schema: v.GenericSchema, value: unknown): never {
  parseOrThrow(schema, value)
  throw new ApiError('VALIDATION_FAILED')
}

/** Body validation: JSON only (BAD_REQUEST), through the shared schema (VALIDATION_FAILED). Pair with `limitBody`. */
export const jsonBody = <S extends v.GenericSchema>(schema: S) =>
  validator(
    'json',
    schema,
    (result, c: Context) => {
      if (!JSON_TYPE.test(c.req.header('content-type') ?? '')) {
        throw new ApiError('BAD_REQUEST', '请以 JSON 格式提交（Content-Type: application/json）。')
      }
      if (!result.success) refuse(schema, result.data)
    },
    INPUT as never,
  )

/** Query validation: VALIDATION_FAILED with per-field issues. */
export const queryOf = <S extends v.GenericSchema>(schema: S) =>
  // Typed for callers by what the handler reads (a year is a number; Hono's client writes it as text), as
  // Hono's own validator typed it: the mini-program's typed client passes numbers.
  validator<S, 'query', Env, string, v.InferOutput<S>>(
    'query',
    schema,
    (result) => {
      if (!result.success) refuse(schema, result.data)
    },
    INPUT as never,
  )

/** A malformed path parameter names nothing that exists: 404, like any unknown resource. */
export const paramOf = <S extends v.GenericSchema>(schema: S) =>
  validator(
    'param',
    schema,
    (result) => {
      if (!result.success) throw new ApiError('NOT_FOUND')
    },
    INPUT as never,
  )
