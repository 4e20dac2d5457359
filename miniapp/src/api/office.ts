import * as v from 'valibot'
import {
  ImportJobResponseSchema,
  ImportListResponseSchema,
  ImportRejectionSchema,
  type ImportJob,
} from '@canbao/shared/api/office'
import { ERROR_MESSAGES_ZH, parseApiError } from '@canbao/shared'
import { api, callApi, errorOfResponse, failureOf, type ApiResult, type ClientError } from './client'

export type ImportLineError = v.InferOutput<typeof ImportRejectionSchema>['errors'][number]

export type UploadOutcome =
  | { kind: 'accepted'; job: ImportJob }
  | { kind: 'rejected'; message: string; errorCount: number; errors: ImportLineError[] }
  | { kind: 'failed'; error: ClientError }

/**
 * Sends the file's bytes untouched: the Worker decides the encoding (UTF-8 with or without BOM; GBK is
 * refused with a message), so the phone never re-encodes what the office exported.
 */
export async function uploadImport(bytes: ArrayBuffer, fileName: string): Promise<UploadOutcome> {
  let res: { ok: boolean; status: number; json(): Promise<unknown> }
  try {
    res = await api.api.office.imports.$post(undefined, {
      headers: { 'Content-Type': 'text/csv', 'X-File-Name': encodeURIComponent(fileName) },
      init: { body: bytes },
    })
  } catch (err) {
    return { kind: 'failed', error: failureOf(err) }
  }
  const body: unknown = await res.json().catch(() => null)
  if (res.ok) {
    const parsed = v.safeParse(ImportJobResponseSchema, body)
    if (parsed.success) return { kind: 'accepted', job: parsed.output.job }
    return { kind: 'failed', error: failureOf(null) }
  }
  // The one case calls through callApi cannot express: a refused file with its line-by-line problems.
  const rejection = v.safeParse(ImportRejectionSchema, body)
  if (rejection.success) {
    return {
      kind: 'rejected',
      message: parseApiError(body)?.message ?? ERROR_MESSAGES_ZH.VALIDATION_FAILED,
      errorCount: rejection.output.errorCount,
      errors: rejection.output.errors,
    }
  }
  return { kind: 'failed', error: errorOfResponse(res.status, body) }
}

export const fetchImport = (id: string): Promise<ApiResult<{ job: ImportJob }>> =>
  callApi(() => api.api.office.imports[':id'].$get({ param: { id } }), { schema: ImportJobResponseSchema })

export const fetchImports = (): Promise<ApiResult<{ jobs: ImportJob[] }>> =>
  callApi(() => api.api.office.imports.$get({ query: {} }), { schema: ImportListResponseSchema })
