import { Hono } from 'hono'
import {
  CampaignIdParamSchema,
  CampaignListQuerySchema,
  CampaignListResponseSchema,
  CampaignRequestSchema,
  CampaignResponseSchema,
  PreviewResponseSchema,
  type CampaignCounters,
  type CampaignRequest,
  type CampaignView,
  type MessagePreview,
} from '@canbao/shared/api/reminders'
import { coverageYearBoughtOn } from '@canbao/shared/policy/index'
import { registrySnapshot } from '../registry/snapshot'
import { KIND_INFO } from '@canbao/shared/reminders/kinds'
import { dateFieldZh, fitData } from '@canbao/shared/reminders/fields'
import { isPrefectureOf, provinceNameZh, regionNameZh } from '@canbao/shared/regions'
import type { D1Database } from '../env'
import {
  campaignCounters,
  failCampaignPlanning,
  getCampaign,
  insertCampaign,
  listCampaigns,
  resumeCampaignPlanning,
  type CampaignFailure,
  type CampaignRow,
} from '../db/campaigns'
import type { OfficeScope } from '../imports/pipeline'
import { noStore, requireOffice, requireUser, type OfficeEnv } from '../middleware'
import { describe } from '../openapi/describe'
import { isoNow, todayCst } from '../lib/clock'
import { ApiError } from '../lib/errors'
import { randomHex } from '../lib/ids'
import { DEFAULT_JSON_LIMIT, jsonBody, limitBody, paramOf, queryOf } from '../lib/validate'
import type { QueueLike } from '../reminders/messages'

/** What a failed campaign tells the office, and what it can do about it. */
const FAILURE_ZH: Record<CampaignFailure, string> = {
  planning_stopped:
    '查找发送对象时多次出错，已暂停。已找到的居民会照常收到通知；点击“继续发送”可从中断处继续，已收到的居民不会重复收到。',
}
const NOT_RESUMABLE_ZH = '这条通知没有中断，无需继续发送。'

function areaOf(office: OfficeScope, body: CampaignRequest): { region: string | null } {
  if (body.region === undefined || body.region === office.region) return { region: office.region }
  if (office.region !== null || !isPrefectureOf(body.region, office.province)) {
    throw new ApiError('VALIDATION_FAILED', undefined, [
      { path: 'region', code: 'REGION_OUTSIDE_AREA', message: '只能向本机构负责地区的居民发送通知' },
    ])
  }
  return { region: body.region }
}

/** The message exactly as WeChat will show it: the office sees any cut before anything is sent. */
function buildMessage(
  office: OfficeScope,
  body: CampaignRequest,
  region: string | null,
): { data: Record<string, { value: string }>; preview: MessagePreview } {
  const sender =
    body.sender ?? `${(region ? regionNameZh(region) : null) ?? provinceNameZh(office.province) ?? ''}医疗保障局`
  const fitted = fitData({
    thing1: body.title,
    thing2: body.content,
    date3: dateFieldZh(body.deadline),
    thing4: sender,
  })
  if (!fitted.ok)
    throw new ApiError('VALIDATION_FAILED', undefined, [
      { path: fitted.key, code: 'FIELD_UNFIT', message: '内容不符合微信订阅消息的格式要求' },
    ])
  return { data: fitted.data, preview: previewOf(fitted.data) }
}

function previewOf(data: Record<string, { value: string }>): MessagePreview {
  return {
    templateTitleZh: KIND_INFO.campaign.titleZh,
    fields: KIND_INFO.campaign.fields.map((f) => ({ key: f.key, labelZh: f.labelZh, value: data[f.key]?.value ?? '' })),
    page: `${KIND_INFO.campaign.page}?from=campaign`,
  }
}

function campaignView(row: CampaignRow, counters: CampaignCounters): CampaignView {
  const settled = row.status === 'sending' && counters.queued === 0 && counters.deferred === 0
  const failure =
    row.status === 'failed' && row.failure !== null
      ? { failureZh: FAILURE_ZH[row.failure], resumable: row.failure === 'planning_stopped' }
      : {}
  return {
    id: row.id,
    scope: row.scope,
    title: row.title,
    audience: row.audience,
    year: row.year,
    status: settled ? 'done' : row.status,
    createdAt: row.createdAt,
    counters,
    preview: previewOf(JSON.parse(row.dataJson) as Record<string, { value: string }>),
    ...failure,
  }
}

/** Starts (or restarts) the audience walk; a campaign whose first message cannot be queued shows as stopped. */
async function startPlanning(db: D1Database, queue: QueueLike, id: string): Promise<void> {
  try {
    await queue.send({ t: 'plan', campaignId: id })
  } catch (err) {
    await failCampaignPlanning(db, id, 'planning_stopped')
    throw err
  }
}

async function officeCampaign(db: D1Database, office: OfficeScope, id: string): Promise<CampaignRow> {
  const row = await getCampaign(db, id)
  // Another office's campaign does not exist as far as this office can tell.
  if (!row || row.scope !== office.scope) throw new ApiError('NOT_FOUND')
  return row
}

async function campaignViews(db: D1Database, rows: readonly CampaignRow[]): Promise<CampaignView[]> {
  const counters = await campaignCounters(db, rows)
  return rows.map((r) => campaignView(r, counters.get(r.id) as CampaignCounters))
}

export const campaignRoutes = new Hono<OfficeEnv>()
  .use(noStore)
  .use(requireUser)
  .use(requireOffice)
  .post(
    '/preview',
    describe({
      summary: '预览宣传通知（微信中显示的样子）',
      ok: { 200: { schema: PreviewResponseSchema, description: '消息预览' } },
    }),
    limitBody(DEFAULT_JSON_LIMIT),
    jsonBody(CampaignRequestSchema),
    async (c) => {
      const office = c.get('office')
      const body = c.req.valid('json')
      return c.json({ preview: buildMessage(office, body, areaOf(office, body).region).preview }, 200)
    },
  )
  .post(
    '/',
    describe({
      summary: '向本地区居民发送宣传通知',
      description: '只发给订阅了宣传通知的居民；晚上 9 点到早上 8 点之间推迟到 8 点发送。用返回的编号查看计数。',
      ok: { 202: { schema: CampaignResponseSchema, description: '已创建，正在分批发送' } },
    }),
    limitBody(DEFAULT_JSON_LIMIT),
    jsonBody(CampaignRequestSchema),
    async (c) => {
      const office = c.get('office')
      const body = c.req.valid('json')
      const { region } = areaOf(office, body)
      const { data } = buildMessage(office, body, region)
      const row: CampaignRow = {
        id: `cmp_${randomHex(16)}`,
        scope: office.scope,
        province: office.province,
        region,
        createdBy: office.userId,
        title: body.title,
        dataJson: JSON.stringify(data),
        audience: body.audience,
        year:
          body.year ??
          coverageYearBoughtOn(todayCst(), {
            province: office.province,
            region: region ?? undefined,
            tables: (await registrySnapshot(c.env)).tablesFor(Number(todayCst().slice(0, 4))),
          }),
        status: 'planning',
        cursor: '',
        audienceCount: 0,
        createdAt: isoNow(),
        failure: null,
      }
      await insertCampaign(c.env.DB, row)
      // Planning walks the audience a page per queue message, so a large area never runs in one request.
      await startPlanning(c.env.DB, c.env.REMINDERS, row.id)
      return c.json({ campaign: (await campaignViews(c.env.DB, [row]))[0] as CampaignView }, 202)
    },
  )
  .post(
    '/:id/resume',
    describe({
      summary: '继续发送中断的宣传通知',
      description: '查找发送对象中断（status 为 failed 且 resumable）的通知从中断处继续；已收到的居民不会重复收到。',
      ok: { 202: { schema: CampaignResponseSchema, description: '已继续，正在分批发送' } },
      errors: ['CONFLICT'],
    }),
    paramOf(CampaignIdParamSchema),
    async (c) => {
      const row = await officeCampaign(c.env.DB, c.get('office'), c.req.valid('param').id)
      if (!(await resumeCampaignPlanning(c.env.DB, row.id))) throw new ApiError('CONFLICT', NOT_RESUMABLE_ZH)
      await startPlanning(c.env.DB, c.env.REMINDERS, row.id)
      const resumed = (await getCampaign(c.env.DB, row.id)) as CampaignRow
      return c.json({ campaign: (await campaignViews(c.env.DB, [resumed]))[0] as CampaignView }, 202)
    },
  )
  .get(
    '/',
    describe({
      summary: '本地区的宣传通知',
      ok: { 200: { schema: CampaignListResponseSchema, description: '最近的通知及计数' } },
    }),
    queryOf(CampaignListQuerySchema),
    async (c) => {
      const rows = await listCampaigns(c.env.DB, c.get('office').scope, c.req.valid('query').limit ?? 20)
      return c.json({ campaigns: await campaignViews(c.env.DB, rows) }, 200)
    },
  )
  .get(
    '/:id',
    describe({
      summary: '宣传通知的发送计数',
      ok: { 200: { schema: CampaignResponseSchema, description: '排队、已发送、失败、跳过（未订阅）、推迟' } },
    }),
    paramOf(CampaignIdParamSchema),
    async (c) => {
      const row = await officeCampaign(c.env.DB, c.get('office'), c.req.valid('param').id)
      return c.json({ campaign: (await campaignViews(c.env.DB, [row]))[0] as CampaignView }, 200)
    },
  )
