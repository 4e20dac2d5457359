import { Hono } from 'hono'
import {
  AUDITED_READS_ZH,
  AuditListQuerySchema,
  AuditListResponseSchema,
  ConflictCountsResponseSchema,
  ImportIdParamSchema,
  ImportJobResponseSchema,
  ImportListQuerySchema,
  ImportListResponseSchema,
  OfficeResidentResponseSchema,
  ResidentListQuerySchema,
  ResidentListResponseSchema,
  ResidentLookupRequestSchema,
  type AuditedRoute,
  type OfficeResident,
} from '@canbao/shared/api/office'
import { cleanFileName, IMPORT_COLUMNS } from '@canbao/shared/api/import-csv'
import { maskResidentId, parseResidentId } from '@canbao/shared/api/resident-id'
import { regionNameZh } from '@canbao/shared/regions'
import * as v from 'valibot'
import { conflictCounts, getJob, listJobs } from '../db/imports'
import { decideGuardian, type GuardianDecision, householdProof, reviewInArea, reviewQueue } from '../db/family'
import {
  HouseholdDecisionSchema,
  HouseholdReviewIdParamSchema,
  HouseholdReviewListResponseSchema,
} from '@canbao/shared/api/family'
import { RELATIONSHIP_ZH } from '@canbao/shared/family/index'
import { aesKey, decryptBytes } from '../lib/crypto'
import { log } from '../lib/log'
import { listAudit, recordReads, type AuditRead, type AuditRow } from '../db/audit'
import { listResidentsInScope, officeViewOf, type OfficeView } from '../db/office'
import { mergeHistory } from '../domain/merge'
import { createImport, jobView, type OfficeScope } from '../imports/pipeline'
import { officeFigureRoutes } from './figures'
import { noStore, requireOffice, requireUser, type OfficeEnv } from '../middleware'
import { describe } from '../openapi/describe'
import { isoNow, todayCst } from '../lib/clock'
import { hmacHex, hmacKey } from '../lib/crypto'
import { ApiError } from '../lib/errors'
import { DEFAULT_JSON_LIMIT, jsonBody, limitBody, paramOf, queryOf } from '../lib/validate'

/** The largest import file: 100,000 rows of this format are about 6 MB. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024

/** Records an office imported are visible to it and, for a whole-province office, to its prefectures' too. */
export const scopeLike = (office: OfficeScope) => (office.region === null ? `${office.province}%` : office.scope)

function parseJsonArray<T>(text: string | null): T[] {
  try {
    const value: unknown = text ? JSON.parse(text) : []
    return Array.isArray(value) ? (value as T[]) : []
  } catch {
    return []
  }
}

function residentView(view: OfficeView): OfficeResident | null {
  if (view.profile) {
    const merged = mergeHistory(view.self, view.office, parseJsonArray<number>(view.backPaidYears), view.family)
    const p = view.profile
    return {
      idNumberMasked: p.idMasked,
      name: p.name,
      birthDate: p.birthDate,
      province: p.province as OfficeResident['province'],
      region: p.region,
      history: merged.items,
    }
  }
  const first = view.ownRecords[0]
  if (!first) return null
  const merged = mergeHistory([], view.ownRecords, [])
  return {
    idNumberMasked: first.idMasked,
    name: null,
    birthDate: null,
    province: null,
    region: null,
    history: merged.items,
  }
}

/** `X-File-Name` carries the original file name percent-encoded (headers are ASCII); a malformed one is dropped. */
function fileNameHeader(value: string | undefined): string | null {
  if (!value) return null
  try {
    return cleanFileName(decodeURIComponent(value))
  } catch {
    return null
  }
}

const MALFORMED_FORM =
  '上传的表单格式不正确，没能读出文件。请重新选择 CSV 文件上传；如果用脚本上传，请检查 multipart/form-data 的 boundary。'

async function readUpload(c: {
  req: { header(name: string): string | undefined; raw: Request; parseBody(): Promise<Record<string, unknown>> }
}) {
  const type = (c.req.header('content-type') ?? '').toLowerCase()
  if (type.startsWith('multipart/form-data')) {
    // Taro.uploadFile / wx.uploadFile send the file as the form field `file`.
    // A body that is not the multipart it claims to be (no or wrong boundary, cut short) makes the parser throw.
    let form: Record<string, unknown>
    try {
      form = await c.req.parseBody()
    } catch {
      throw new ApiError('BAD_REQUEST', MALFORMED_FORM)
    }
    const file = form.file
    if (!(file instanceof File))
      throw new ApiError('BAD_REQUEST', '没有收到文件：请把 CSV 文件放在表单字段 file 中上传。')
    return { bytes: new Uint8Array(await file.arrayBuffer()), name: cleanFileName(file.name) }
  }
  if (type.startsWith('text/csv') || type.startsWith('application/octet-stream') || type.startsWith('text/plain')) {
    return { bytes: new Uint8Array(await c.req.raw.arrayBuffer()), name: fileNameHeader(c.req.header('x-file-name')) }
  }
  throw new ApiError('BAD_REQUEST', '请上传 CSV 文件（Content-Type: text/csv，或表单字段 file）。')
}

/**
 * Writes the audit entries of an office read before its answer is sent: a read that is not recorded is not
 * answered.
 */
async function audited(
  c: { env: OfficeEnv['Bindings']; get(key: 'office'): OfficeScope },
  route: AuditedRoute,
  reads: readonly AuditRead[],
) {
  const office = c.get('office')
  await recordReads(c.env.DB, { userId: office.userId, scope: office.scope }, route, reads, isoNow())
}

/** The route an office's decision on a guardian review is audited under (its reads are AUDITED_READS_ZH's). */
const DECISION_ROUTE = 'POST /api/office/household-reviews/:id'

/** What an audit entry records, in the words an office reads: the read, or the decision and on which review. */
function auditWhatZh(r: AuditRow): string {
  if (r.decision !== null) {
    const what = r.decision === 'confirm' ? '确认监护关系（户口本审核）' : '不予确认监护关系（户口本审核）'
    return r.subject ? `${what}，审核编号 ${r.subject}` : what
  }
  return AUDITED_READS_ZH[r.route as AuditedRoute] ?? r.route
}

const ResidentRefParamSchema = v.object({ ref: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)) })
/** The CSV columns as the import's description lists them: Chinese name/key, and which ones are required. */
const IMPORT_COLUMNS_DESCRIBED = IMPORT_COLUMNS.map((c) => `${c.zh}/${c.key}${c.required ? '（必填）' : ''}`).join('，')
const IMPORT_FORMAT = `UTF-8（可带 BOM）CSV，第一行为表头。列：${IMPORT_COLUMNS_DESCRIBED}。`
const IMPORT_ALL_OR_NOTHING = '任何一行有错，整个文件都不导入，并返回逐行的中文错误。'
const IMPORT_SMALL_AND_LARGE = '小文件在请求内完成（201），大文件排队分块处理（202），用返回的编号查询进度。'
const IMPORT_DESCRIPTION = IMPORT_FORMAT + IMPORT_ALL_OR_NOTHING + IMPORT_SMALL_AND_LARGE

export const officeRoutes = new Hono<OfficeEnv>()
  .use(noStore)
  .use(requireUser)
  .use(requireOffice)
  .post(
    '/imports',
    describe({
      summary: '导入参保记录（CSV）',
      description: IMPORT_DESCRIPTION,
      upload: 'csv',
      ok: {
        201: { schema: ImportJobResponseSchema, description: '已全部导入' },
        202: { schema: ImportJobResponseSchema, description: '已排队，分块处理中' },
      },
      errors: ['BAD_REQUEST', 'IMPORT_REJECTED', 'IMPORT_ENCODING', 'IMPORT_BUSY'],
    }),
    limitBody(MAX_IMPORT_BYTES),
    async (c) => {
      const file = await readUpload(c)
      if (file.bytes.length === 0) throw new ApiError('BAD_REQUEST', '上传的文件是空的。')
      const { job, finished } = await createImport(c.env, c.get('office'), file, todayCst())
      return c.json({ job }, finished ? 201 : 202)
    },
  )
  .get(
    '/imports',
    describe({
      summary: '本地区的导入记录',
      ok: { 200: { schema: ImportListResponseSchema, description: '最近的导入，新的在前' } },
    }),
    queryOf(ImportListQuerySchema),
    async (c) => {
      const jobs = await listJobs(c.env.DB, c.get('office').scope, c.req.valid('query').limit ?? 20)
      return c.json({ jobs: jobs.map(jobView) }, 200)
    },
  )
  .get(
    '/imports/:id',
    describe({ summary: '导入进度', ok: { 200: { schema: ImportJobResponseSchema, description: '导入任务' } } }),
    paramOf(ImportIdParamSchema),
    async (c) => {
      const job = await getJob(c.env.DB, c.req.valid('param').id)
      // Another office's job does not exist as far as this office can tell.
      if (!job || job.scope !== c.get('office').scope) throw new ApiError('NOT_FOUND')
      return c.json({ job: jobView(job) }, 200)
    },
  )
  .post(
    '/residents/lookup',
    describe({
      summary: '按身份证号查询本地区参保人',
      description: '身份证号放在请求体中，不出现在网址里。其他地区的参保人一律返回 404。',
      ok: { 200: { schema: OfficeResidentResponseSchema, description: '参保人及合并后的参保记录' } },
      errors: ['NOT_FOUND'],
    }),
    limitBody(DEFAULT_JSON_LIMIT),
    jsonBody(ResidentLookupRequestSchema),
    async (c) => {
      const parsed = parseResidentId(c.req.valid('json').idNumber, todayCst())
      if (!parsed.ok) {
        throw new ApiError('VALIDATION_FAILED', undefined, [
          { path: 'idNumber', code: `ID_${parsed.problem.toUpperCase()}`, message: parsed.message },
        ])
      }
      const office = c.get('office')
      const idHash = await hmacHex(await hmacKey(c.env.ID_HASH_KEY), parsed.id.value)
      const resident = residentView(
        await officeViewOf(c.env.DB, idHash, office.province, office.region, scopeLike(office)),
      )
      // A look-up that found nobody is recorded too: trying ID numbers is what the audit is for.
      await audited(c, 'POST /api/office/residents/lookup', [
        { idHash, idMasked: resident ? maskResidentId(parsed.id.value) : null },
      ])
      if (!resident) throw new ApiError('NOT_FOUND', '本地区没有这位参保人的信息。')
      resident.birthDate ??= parsed.id.birthDate
      return c.json({ resident }, 200)
    },
  )
  .get(
    '/residents',
    describe({
      summary: '本地区参保人列表',
      ok: { 200: { schema: ResidentListResponseSchema, description: '一页参保人（身份证号已打码）' } },
    }),
    queryOf(ResidentListQuerySchema),
    async (c) => {
      const office = c.get('office')
      const query = c.req.valid('query')
      const limit = query.limit ?? 50
      const rows = await listResidentsInScope(c.env.DB, office.province, office.region, query.after ?? '', limit + 1)
      const page = rows.slice(0, limit)
      await audited(
        c,
        'GET /api/office/residents',
        page.map((r) => ({ idHash: r.idHash, idMasked: r.idMasked })),
      )
      return c.json(
        {
          residents: page.map((r) => ({
            ref: r.idHash,
            idNumberMasked: r.idMasked,
            name: r.name,
            birthDate: r.birthDate,
            region: r.region,
            regionNameZh: r.region === null ? null : regionNameZh(r.region),
          })),
          next: rows.length > limit ? (page[page.length - 1]?.idHash ?? null) : null,
        },
        200,
      )
    },
  )
  .get(
    '/residents/:ref',
    describe({
      summary: '本地区某位参保人',
      ok: { 200: { schema: OfficeResidentResponseSchema, description: '参保人及合并后的参保记录' } },
    }),
    paramOf(ResidentRefParamSchema),
    async (c) => {
      const office = c.get('office')
      const ref = c.req.valid('param').ref
      const resident = residentView(
        await officeViewOf(c.env.DB, ref, office.province, office.region, scopeLike(office)),
      )
      if (!resident) throw new ApiError('NOT_FOUND', '本地区没有这位参保人的信息。')
      await audited(c, 'GET /api/office/residents/:ref', [{ idHash: ref, idMasked: resident.idNumberMasked }])
      return c.json({ resident }, 200)
    },
  )
  .get(
    '/conflicts',
    describe({
      summary: '重复参保冲突数',
      description:
        '本机构导入时因其他统筹地区已有同一人同一年度的记录而被拒绝的行数，以及其他机构试图覆盖本机构记录的行数。只有数量，不含对方的任何信息。',
      ok: { 200: { schema: ConflictCountsResponseSchema, description: '冲突数' } },
    }),
    async (c) => {
      const counts = await conflictCounts(c.env.DB, scopeLike(c.get('office')))
      return c.json({ total: counts.asImporter + counts.asHolder, ...counts }, 200)
    },
  )
  .get(
    '/audit',
    describe({
      summary: '本地区的查询记录（审计日志）',
      description:
        '本地区经办人员每一次查看参保人（按身份证号查询、浏览列表、查看详情、查看户口本页）的记录：谁、何时、查看了谁（打码）、通过什么功能。新的在前。',
      ok: { 200: { schema: AuditListResponseSchema, description: '一页审计记录' } },
    }),
    queryOf(AuditListQuerySchema),
    async (c) => {
      const query = c.req.valid('query')
      const limit = query.limit ?? 50
      const rows = await listAudit(c.env.DB, scopeLike(c.get('office')), query.before ?? null, limit + 1)
      const page = rows.slice(0, limit)
      return c.json(
        {
          entries: page.map((r) => ({
            seq: r.seq,
            at: r.at,
            actor: r.officeUserId,
            officeScope: r.officeScope,
            officeScopeNameZh: regionNameZh(r.officeScope) ?? r.officeScope,
            idNumberMasked: r.idMasked,
            route: r.route,
            routeZh: auditWhatZh(r),
          })),
          next: rows.length > limit ? (page[page.length - 1]?.seq ?? null) : null,
        },
        200,
      )
    },
  )
  // Guardian bindings of children under 16 the household register could not confirm: the child's office looks at
  // the uploaded household page and confirms or refuses. An office outside the child's area finds nothing.
  .get(
    '/household-reviews',
    describe({
      summary: '待审核的监护关系（户口本）',
      description:
        '本地区未满 16 周岁孩子的监护人绑定中，医保信息平台未能核实户籍关系、付款人已上传户口本页面的，等待经办机构确认或不予确认。每次查看都记入审计日志。',
      ok: { 200: { schema: HouseholdReviewListResponseSchema, description: '待审核列表' } },
    }),
    async (c) => {
      const office = c.get('office')
      const rows = await reviewQueue(c.env.DB, office.province, office.region, 100)
      await audited(
        c,
        'GET /api/office/household-reviews',
        rows.map((r) => ({ idHash: r.relativeIdHash, idMasked: r.relativeIdMasked })),
      )
      return c.json(
        {
          reviews: rows.map((r) => ({
            bindingId: r.bindingId,
            childName: r.relativeName,
            childIdNumberMasked: r.relativeIdMasked,
            childBirthDate: r.relativeBirthDate,
            childRegion: r.childRegion,
            relationship: r.relationship,
            relationshipZh: RELATIONSHIP_ZH[r.relationship],
            payerName: r.payerName ?? '',
            payerIdNumberMasked: r.payerIdMasked ?? '',
            commitmentVersion: r.commitmentVersion,
            committedAt: r.committedAt,
            proofUploadedAt: r.proofUploadedAt ?? '',
            proofBytes: r.proofBytes ?? 0,
          })),
        },
        200,
      )
    },
  )
  .get(
    '/household-reviews/:id/proof',
    describe({
      summary: '付款人上传的户口本页面',
      description: '仅孩子所在地区的经办机构可以查看；每次查看都记入审计日志。',
      ok: { 200: { binary: ['image/jpeg', 'image/png'], description: '图片' } },
    }),
    paramOf(HouseholdReviewIdParamSchema),
    async (c) => {
      const office = c.get('office')
      const id = c.req.valid('param').id
      const review = await reviewInArea(c.env.DB, id, office.province, office.region)
      const proof = review ? await householdProof(c.env.DB, id) : null
      if (!review || !proof) throw new ApiError('NOT_FOUND')
      const sealed =
        proof.proofEnc instanceof ArrayBuffer ? new Uint8Array(proof.proofEnc) : Uint8Array.from(proof.proofEnc)
      const image = await decryptBytes(await aesKey(c.env.ID_ENC_KEY), sealed, 'household-proof')
      await audited(c, 'GET /api/office/household-reviews/:id/proof', [
        { idHash: review.relativeIdHash, idMasked: review.relativeIdMasked },
      ])
      return c.body(image, 200, {
        'content-type': proof.proofType,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'content-disposition': 'inline',
      })
    },
  )
  .post(
    '/household-reviews/:id',
    describe({
      summary: '确认或不予确认监护关系',
      description: '确认后绑定生效，付款人可以为孩子代缴；不予确认须写明原因，付款人会看到，绑定结束。',
      ok: {
        200: {
          schema: v.object({ bindingId: v.string(), status: v.picklist(['confirmed', 'refused']) }),
          description: '已审核',
        },
      },
      errors: ['CONFLICT', 'FAMILY_REVIEW_CLOSED'],
    }),
    limitBody(DEFAULT_JSON_LIMIT),
    paramOf(HouseholdReviewIdParamSchema),
    jsonBody(HouseholdDecisionSchema),
    async (c) => {
      const office = c.get('office')
      const id = c.req.valid('param').id
      const review = await reviewInArea(c.env.DB, id, office.province, office.region)
      if (!review) throw new ApiError('NOT_FOUND')
      if (review.status !== 'pending') throw new ApiError('FAMILY_REVIEW_CLOSED')
      if (review.proofUploadedAt === null) throw new ApiError('CONFLICT', '付款人还没有上传户口本页面，暂时不能审核。')
      const body = c.req.valid('json')
      const now = isoNow()
      const decision: GuardianDecision =
        body.decision === 'confirm'
          ? { decision: 'confirm', by: 'office', reviewer: office.userId }
          : { decision: 'refuse', reviewer: office.userId, reason: body.reason ?? '' }
      const changed = await decideGuardian(c.env.DB, id, decision, now, {
        actor: { userId: office.userId, scope: office.scope },
        route: DECISION_ROUTE,
      })
      if (!changed) throw new ApiError('FAMILY_REVIEW_CLOSED')
      log.info('family_household_reviewed', { binding: id, decision: body.decision, scope: office.scope })
      return c.json({ bindingId: id, status: body.decision === 'confirm' ? 'confirmed' : 'refused' }, 200)
    },
  )
  .route('/figures', officeFigureRoutes)
