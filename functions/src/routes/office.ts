import { Hono } from 'hono'
import { createMiddleware } from 'hono/factory'
import {
  AUDITED_READS_ZH,
  AuditListQuerySchema,
  ImportIdParamSchema,
  ImportListQuerySchema,
  ResidentListQuerySchema,
  ResidentLookupRequestSchema,
  type AuditedRoute,
  type OfficeResident,
} from '@canbao/shared/api/office'
import { cleanFileName } from '@canbao/shared/api/import-csv'
import { maskResidentId, parseResidentId } from '@canbao/shared/api/resident-id'
import { regionNameZh } from '@canbao/shared/regions'
import * as v from 'valibot'
import type { AppEnv } from '../env'
import { conflictCounts, getJob, listJobs } from '../db/imports'
import { confirmGuardian, householdProof, refuseGuardian, reviewInArea, reviewQueue } from '../db/family'
import { HouseholdDecisionSchema, HouseholdReviewIdParamSchema } from '@canbao/shared/api/family'
import { RELATIONSHIP_ZH } from '@canbao/shared/family/index'
import { aesKey, decryptBytes } from '../lib/crypto'
import { log } from '../lib/log'
import { listAudit, recordReads, type AuditRead } from '../db/audit'
import { listResidentsInScope, officeViewOf, type OfficeView } from '../db/office'
import { getUser } from '../db/users'
import { mergeHistory } from '../domain/merge'
import { createImport, jobView, type OfficeScope } from '../imports/pipeline'
import { officeFigureRoutes } from './figures'
import { requireUser } from '../lib/auth'
import { isoNow, todayCst } from '../lib/clock'
import { hmacHex, hmacKey } from '../lib/crypto'
import { ApiError } from '../lib/errors'
import { DEFAULT_JSON_LIMIT, jsonBody, limitBody, paramOf, queryOf } from '../lib/validate'

/** The largest import file: 100,000 rows of this format are about 6 MB. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024

export type OfficeEnv = AppEnv & { Variables: { office: OfficeScope } }

/**
 * The office role is read from D1 on every request, not from the token: revoking it takes effect at once.
 * Nothing but that row (set by scripts/grant-office.ts) makes a user an office user.
 */
export const requireOffice = createMiddleware<OfficeEnv>(async (c, next) => {
  const user = await getUser(c.env.DB, c.get('user').id)
  if (user?.role !== 'office' || user.office_province === null) {
    throw new ApiError('FORBIDDEN', '仅医保经办机构工作人员可以使用此功能。')
  }
  c.set('office', {
    userId: user.id,
    province: user.office_province,
    region: user.office_region,
    scope: user.office_region ?? `${user.office_province}0000`,
  })
  await next()
})

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

/** Writes the audit entries of an office read before its answer is sent: a read that is not recorded is not answered. */
async function audited(
  c: { env: OfficeEnv['Bindings']; get(key: 'office'): OfficeScope },
  route: AuditedRoute,
  reads: readonly AuditRead[],
) {
  const office = c.get('office')
  await recordReads(c.env.DB, { userId: office.userId, scope: office.scope }, route, reads, isoNow())
}

export const officeRoutes = new Hono<OfficeEnv>()
  .use(requireUser)
  .use(requireOffice)
  .post('/imports', limitBody(MAX_IMPORT_BYTES), async (c) => {
    const file = await readUpload(c)
    if (file.bytes.length === 0) throw new ApiError('BAD_REQUEST', '上传的文件是空的。')
    const { job, finished } = await createImport(c.env, c.get('office'), file, todayCst())
    return c.json({ job }, finished ? 201 : 202)
  })
  .get('/imports', queryOf(ImportListQuerySchema), async (c) => {
    const jobs = await listJobs(c.env.DB, c.get('office').scope, c.req.valid('query').limit ?? 20)
    c.header('Cache-Control', 'no-store')
    return c.json({ jobs: jobs.map(jobView) }, 200)
  })
  .get('/imports/:id', paramOf(ImportIdParamSchema), async (c) => {
    const job = await getJob(c.env.DB, c.req.valid('param').id)
    // Another office's job does not exist as far as this office can tell.
    if (!job || job.scope !== c.get('office').scope) throw new ApiError('NOT_FOUND')
    c.header('Cache-Control', 'no-store')
    return c.json({ job: jobView(job) }, 200)
  })
  .post('/residents/lookup', limitBody(DEFAULT_JSON_LIMIT), jsonBody(ResidentLookupRequestSchema), async (c) => {
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
    c.header('Cache-Control', 'no-store')
    return c.json({ resident }, 200)
  })
  .get('/residents', queryOf(ResidentListQuerySchema), async (c) => {
    const office = c.get('office')
    const query = c.req.valid('query')
    const limit = query.limit ?? 50
    const rows = await listResidentsInScope(c.env.DB, office.province, office.region, query.after ?? '', limit + 1)
    const page = rows.slice(0, limit)
    await audited(
      c,
      'GET /api/office/residents',
      page.map((r) => ({ idHash: r.id_hash, idMasked: r.id_masked })),
    )
    c.header('Cache-Control', 'no-store')
    return c.json(
      {
        residents: page.map((r) => ({
          ref: r.id_hash,
          idNumberMasked: r.id_masked,
          name: r.name,
          birthDate: r.birth_date,
          region: r.region,
          regionNameZh: r.region === null ? null : regionNameZh(r.region),
        })),
        next: rows.length > limit ? (page[page.length - 1]?.id_hash ?? null) : null,
      },
      200,
    )
  })
  .get('/residents/:ref', paramOf(v.object({ ref: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)) })), async (c) => {
    const office = c.get('office')
    const ref = c.req.valid('param').ref
    const resident = residentView(await officeViewOf(c.env.DB, ref, office.province, office.region, scopeLike(office)))
    if (!resident) throw new ApiError('NOT_FOUND', '本地区没有这位参保人的信息。')
    await audited(c, 'GET /api/office/residents/:ref', [{ idHash: ref, idMasked: resident.idNumberMasked }])
    c.header('Cache-Control', 'no-store')
    return c.json({ resident }, 200)
  })
  .get('/conflicts', async (c) => {
    const counts = await conflictCounts(c.env.DB, scopeLike(c.get('office')))
    c.header('Cache-Control', 'no-store')
    return c.json({ total: counts.asImporter + counts.asHolder, ...counts }, 200)
  })
  .get('/audit', queryOf(AuditListQuerySchema), async (c) => {
    const query = c.req.valid('query')
    const limit = query.limit ?? 50
    const rows = await listAudit(c.env.DB, scopeLike(c.get('office')), query.before ?? null, limit + 1)
    const page = rows.slice(0, limit)
    c.header('Cache-Control', 'no-store')
    return c.json(
      {
        entries: page.map((r) => ({
          seq: r.seq,
          at: r.at,
          actor: r.office_user_id,
          officeScope: r.office_scope,
          officeScopeNameZh: regionNameZh(r.office_scope) ?? r.office_scope,
          idNumberMasked: r.id_masked,
          route: r.route,
          routeZh: AUDITED_READS_ZH[r.route as AuditedRoute] ?? r.route,
        })),
        next: rows.length > limit ? (page[page.length - 1]?.seq ?? null) : null,
      },
      200,
    )
  })
  // Guardian bindings of children under 16 the household register could not confirm: the child's office looks at
  // the uploaded household page and confirms or refuses. An office outside the child's area finds nothing.
  .get('/household-reviews', async (c) => {
    const office = c.get('office')
    const rows = await reviewQueue(c.env.DB, office.province, office.region, 100)
    await audited(
      c,
      'GET /api/office/household-reviews',
      rows.map((r) => ({ idHash: r.relative_id_hash, idMasked: r.relative_id_masked })),
    )
    c.header('Cache-Control', 'no-store')
    return c.json(
      {
        reviews: rows.map((r) => ({
          bindingId: r.binding_id,
          childName: r.relative_name,
          childIdNumberMasked: r.relative_id_masked,
          childBirthDate: r.relative_birth_date,
          childRegion: r.child_region,
          relationship: r.relationship,
          relationshipZh: RELATIONSHIP_ZH[r.relationship],
          payerName: r.payer_name ?? '',
          payerIdNumberMasked: r.payer_id_masked ?? '',
          commitmentVersion: r.commitment_version,
          committedAt: r.committed_at,
          proofUploadedAt: r.proof_uploaded_at ?? '',
          proofBytes: r.proof_bytes ?? 0,
        })),
      },
      200,
    )
  })
  .get('/household-reviews/:id/proof', paramOf(HouseholdReviewIdParamSchema), async (c) => {
    const office = c.get('office')
    const id = c.req.valid('param').id
    const review = await reviewInArea(c.env.DB, id, office.province, office.region)
    const proof = review ? await householdProof(c.env.DB, id) : null
    if (!review || !proof) throw new ApiError('NOT_FOUND')
    const sealed =
      proof.proof_enc instanceof ArrayBuffer ? new Uint8Array(proof.proof_enc) : Uint8Array.from(proof.proof_enc)
    const image = await decryptBytes(await aesKey(c.env.ID_ENC_KEY), sealed, 'household-proof')
    await audited(c, 'GET /api/office/household-reviews/:id/proof', [
      { idHash: review.relative_id_hash, idMasked: review.relative_id_masked },
    ])
    return c.body(image, 200, {
      'content-type': proof.proof_type,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'content-disposition': 'inline',
    })
  })
  .post(
    '/household-reviews/:id',
    limitBody(DEFAULT_JSON_LIMIT),
    paramOf(HouseholdReviewIdParamSchema),
    jsonBody(HouseholdDecisionSchema),
    async (c) => {
      const office = c.get('office')
      const id = c.req.valid('param').id
      const review = await reviewInArea(c.env.DB, id, office.province, office.region)
      if (!review) throw new ApiError('NOT_FOUND')
      if (review.status !== 'pending') throw new ApiError('FAMILY_REVIEW_CLOSED')
      if (review.proof_uploaded_at === null)
        throw new ApiError('CONFLICT', '付款人还没有上传户口本页面，暂时不能审核。')
      const body = c.req.valid('json')
      const now = isoNow()
      const changed =
        body.decision === 'confirm'
          ? await confirmGuardian(c.env.DB, id, 'office', office.userId, now)
          : await refuseGuardian(c.env.DB, id, office.userId, body.reason ?? '', now)
      if (!changed) throw new ApiError('FAMILY_REVIEW_CLOSED')
      log.info('family_household_reviewed', { binding: id, decision: body.decision, scope: office.scope })
      return c.json({ bindingId: id, status: body.decision === 'confirm' ? 'confirmed' : 'refused' }, 200)
    },
  )
  .route('/figures', officeFigureRoutes)
