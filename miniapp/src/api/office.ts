import * as v from 'valibot'
import { ImportJobResponseSchema, ImportListResponseSchema, ImportRejectionSchema, type ImportJob } from '@canbao/shared/api/office'
import { ERROR_MESSAGES_ZH, parseApiError } from '@canbao/shared'
import { api, callApi, type ApiResult, type ClientError } from './client'
import { NetworkFailure } from './request'

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
    const timeout = err instanceof NetworkFailure && err.kind === 'timeout'
    return { kind: 'failed', error: { code: timeout ? 'NETWORK_TIMEOUT' : 'NETWORK_OFFLINE', message: timeout ? '上传超时，请稍后重试。' : '网络连接失败，文件没有上传，请检查网络后重试。', status: null } }
  }
  const body: unknown = await res.json().catch(() => null)
  if (res.ok) {
    const parsed = v.safeParse(ImportJobResponseSchema, body)
    if (parsed.success) return { kind: 'accepted', job: parsed.output.job }
    return { kind: 'failed', error: { code: 'BAD_RESPONSE', message: '服务器返回了无法识别的内容，请稍后重试。', status: res.status } }
  }
  const error = parseApiError(body)
  const rejection = v.safeParse(ImportRejectionSchema, body)
  if (rejection.success) {
    return { kind: 'rejected', message: error?.message ?? ERROR_MESSAGES_ZH.VALIDATION_FAILED, errorCount: rejection.output.errorCount, errors: rejection.output.errors }
  }
  return { kind: 'failed', error: { code: error?.code ?? 'INTERNAL', message: error?.message ?? ERROR_MESSAGES_ZH.INTERNAL, status: res.status } }
}

export const fetchImport = (id: string): Promise<ApiResult<{ job: ImportJob }>> =>
  callApi(() => api.api.office.imports[':id'].$get({ param: { id } }), { schema: ImportJobResponseSchema })

export const fetchImports = (): Promise<ApiResult<{ jobs: ImportJob[] }>> =>
  callApi(() => api.api.office.imports.$get({ query: {} }), { schema: ImportListResponseSchema })
