import type * as v from 'valibot'
import {
  ImportJobResponseSchema,
  ImportListResponseSchema,
  ImportRejectionSchema,
  type ImportJob,
} from '@canbao/shared/api/office'
import { api, callApi, type ApiResult, type ClientError } from './client'

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
  const result = await callApi(
    () =>
      api.api.office.imports.$post(undefined, {
        headers: { 'Content-Type': 'text/csv', 'X-File-Name': encodeURIComponent(fileName) },
        init: { body: bytes },
      }),
    // A refused file carries its line-by-line problems beside the error.
    { schema: ImportJobResponseSchema, detailSchema: ImportRejectionSchema },
  )
  if (result.ok) return { kind: 'accepted', job: result.data.job }
  const rejection = result.error.detail as v.InferOutput<typeof ImportRejectionSchema> | undefined
  if (rejection)
    return {
      kind: 'rejected',
      message: result.error.message,
      errorCount: rejection.errorCount,
      errors: rejection.errors,
    }
  return { kind: 'failed', error: result.error }
}

export const fetchImport = (id: string): Promise<ApiResult<{ job: ImportJob }>> =>
  callApi(() => api.api.office.imports[':id'].$get({ param: { id } }), { schema: ImportJobResponseSchema })

export const fetchImports = (): Promise<ApiResult<{ jobs: ImportJob[] }>> =>
  callApi(() => api.api.office.imports.$get({ query: {} }), { schema: ImportListResponseSchema })
