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
  /** rows refused as 重复参保: another office already holds a record of that person and year */
  conflictRows: v.nullable(v.number()),
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
    idNumber: v.pipe(
      v.string('身份证号必须是文字'),
      v.minLength(1, '请填写身份证号'),
      v.maxLength(40, '身份证号应为 18 位'),
    ),
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

/** 重复参保 conflicts the office is party to (issue 13): rows it tried to import over another office's record of the
 * same person-year, and its records another office tried to import over. Counts only: whose and which stay private. */
export const ConflictCountsResponseSchema = v.object({
  total: v.number(),
  asImporter: v.number(),
  asHolder: v.number(),
})

/** What an office read, as the audit log lists it (issue 13): never the ID number itself. */
export const AuditEntrySchema = v.object({
  seq: v.number(),
  at: v.string(),
  /** the office user who read */
  actor: v.string(),
  officeScope: v.string(),
  officeScopeNameZh: v.string(),
  /** the person read, masked; null when a look-up found nobody */
  idNumberMasked: v.nullable(v.string()),
  route: v.string(),
  /** what the read was, in words */
  routeZh: v.string(),
})
export type AuditEntry = v.InferOutput<typeof AuditEntrySchema>

export const AuditListQuerySchema = v.object({
  limit: v.optional(queryIntSchema('每页条数', 1, 200)),
  /** the `next` of the previous page */
  before: v.optional(queryIntSchema('翻页参数', 1, 9_999_999_999)),
})

export const AuditListResponseSchema = v.object({ entries: v.array(AuditEntrySchema), next: v.nullable(v.number()) })

/** Office reads that are audited, by route (the "why" of an entry), with the words an office reads. */
export const AUDITED_READS_ZH = {
  'POST /api/office/residents/lookup': '按身份证号查询参保人',
  'GET /api/office/residents': '浏览参保人列表',
  'GET /api/office/residents/:ref': '查看参保人详情',
  'GET /api/office/household-reviews': '浏览户口本审核列表',
  'GET /api/office/household-reviews/:id/proof': '查看上传的户口本页',
} as const
export type AuditedRoute = keyof typeof AUDITED_READS_ZH
