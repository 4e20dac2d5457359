import * as v from 'valibot'
import { SERVED_PROVINCES } from '../regions'
import { queryIntSchema, unknownFieldMessage } from './common'
import { HistoryItemSchema } from './history'

export const IMPORT_STATUSES = ['queued', 'processing', 'done', 'failed'] as const

export const ImportLineErrorSchema = v.object({
  line: v.number(),
  column: v.nullable(v.string()),
  message: v.string(),
})

export const ImportJobSchema = v.object({
  id: v.string(),
  status: v.picklist(IMPORT_STATUSES),
  fileName: v.nullable(v.string()),
  totalRows: v.number(),
  processedRows: v.number(),
  /** 0–100, for the progress bar */
  percent: v.number(),
  /** filled when done: a re-import of the same file reports every row unchanged */
  insertedRows: v.nullable(v.number()),
  updatedRows: v.nullable(v.number()),
  unchangedRows: v.nullable(v.number()),
  message: v.nullable(v.string()),
  createdAt: v.string(),
  finishedAt: v.nullable(v.string()),
})
export type ImportJob = v.InferOutput<typeof ImportJobSchema>

export const ImportJobResponseSchema = v.object({ job: ImportJobSchema })

/** The body of a rejected upload (422 IMPORT_REJECTED) carries these next to the error. */
export const ImportRejectionSchema = v.object({
  errorCount: v.number(),
  errors: v.array(ImportLineErrorSchema),
})

export const ImportListQuerySchema = v.object({
  limit: v.optional(queryIntSchema('每页条数', 1, 100)),
})

export const ImportListResponseSchema = v.object({ jobs: v.array(ImportJobSchema) })

export const ImportIdParamSchema = v.object({
  id: v.pipe(v.string(), v.regex(/^imp_[0-9a-f]{32}$/, '导入编号不正确')),
})

/** Looking a resident up by ID number goes in a body: ID numbers never belong in URLs or access logs. */
export const ResidentLookupRequestSchema = v.strictObject(
  {
    idNumber: v.pipe(v.string('身份证号必须是文字'), v.minLength(1, '请填写身份证号'), v.maxLength(40, '身份证号应为 18 位')),
  },
  unknownFieldMessage,
)

export const OfficeResidentSchema = v.object({
  idNumberMasked: v.string(),
  /** null when the person has records from this office but has not signed up */
  name: v.nullable(v.string()),
  /** from the profile, or from the ID number the office typed */
  birthDate: v.nullable(v.string()),
  province: v.nullable(v.picklist(SERVED_PROVINCES)),
  region: v.nullable(v.string()),
  history: v.array(HistoryItemSchema),
})
export type OfficeResident = v.InferOutput<typeof OfficeResidentSchema>

export const OfficeResidentResponseSchema = v.object({ resident: OfficeResidentSchema })

export const ResidentListQuerySchema = v.object({
  limit: v.optional(queryIntSchema('每页条数', 1, 100)),
  /** opaque cursor from the previous page's `next` */
  after: v.optional(v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, '翻页参数不正确'))),
})

export const ResidentListResponseSchema = v.object({
  residents: v.array(
    v.object({
      ref: v.string(),
      idNumberMasked: v.string(),
      name: v.string(),
      birthDate: v.string(),
      region: v.nullable(v.string()),
      regionNameZh: v.nullable(v.string()),
    }),
  ),
  next: v.nullable(v.string()),
})
