import { Hono } from 'hono'
import * as v from 'valibot'
import {
  OfficeFiguresResponseSchema,
  OfficeProposalResponseSchema,
  type OfficeFiguresResponse,
  type OfficeProposal,
} from '@canbao/shared/api/registry'
import { yearOfDate } from '@canbao/shared/api/dates'
import {
  DecisionRequestSchema,
  expectedKinds,
  FIGURE_KIND_ZH,
  figureIssues,
  figureValueZh,
  FigureSetQuerySchema,
  FigureSetSchema,
  periodEnded,
  periodStarted,
  ProposalRequestSchema,
  type FigureKind,
  type FigureSet,
  type FigureValue,
} from '@canbao/shared/registry/figures'
import { regionNameZh } from '@canbao/shared/regions'
import type { AppEnv } from '../env'
import { getUser } from '../db/users'
import {
  approveProposal,
  eventsOfRegion,
  figuresOfRegion,
  getProposal,
  insertProposal,
  proposalSource,
  proposalsOfRegion,
  rejectProposal,
  servedValue,
  type ProposalRow,
} from '../db/registry'
import type { OfficeScope } from '../imports/pipeline'
import { describe } from '../openapi/describe'
import { requireUser, type OfficeEnv } from '../middleware'
import { isoNow, todayCst } from '../lib/clock'
import { ApiError } from '../lib/errors'
import { randomHex } from '../lib/ids'
import { jsonBody, limitBody, paramOf, queryOf } from '../lib/validate'
import { forgetRegistry, registrySnapshot } from '../registry/snapshot'

/** Bodies of this API are a figure and its source: a few hundred bytes. */
const FIGURE_JSON_LIMIT = 16 * 1024

const valueZh = (kind: FigureKind, json: string | null): string | null => {
  if (json === null) return null
  try {
    return figureValueZh(kind, JSON.parse(json) as FigureValue)
  } catch {
    return null
  }
}

function proposalView(p: ProposalRow, me: string): OfficeProposal {
  return {
    id: p.id,
    region: p.region,
    year: p.year,
    kind: p.kind,
    labelZh: FIGURE_KIND_ZH[p.kind],
    value: JSON.parse(p.valueJson) as unknown,
    valueZh: valueZh(p.kind, p.valueJson) ?? '',
    beforeZh: valueZh(p.kind, p.beforeJson),
    source: proposalSource(p),
    periodStarted: p.periodStarted === 1,
    reason: p.reason,
    status: p.status,
    proposedBy: p.proposedBy,
    proposedByMe: p.proposedBy === me,
    proposedAt: p.proposedAt,
    decidedBy: p.decidedBy,
    decidedAt: p.decidedAt,
    note: p.decisionNote,
  }
}

const ProposalIdSchema = v.object({ id: v.pipe(v.string(), v.regex(/^rfp_[0-9a-f]{24}$/)) })

/**
 * Maker–checker for the figures of the office's own area: a prefecture office keeps its prefecture's, a
 * province office the province default (xx0000). Mounted under /api/office, behind its role check and noStore.
 */
export const officeFigureRoutes = new Hono<OfficeEnv>()
  .get(
    '/',
    describe({
      summary: '本地区的地区数据、缺失项和待审核的提议',
      ok: { 200: { schema: OfficeFiguresResponseSchema, description: '按年度列出的数据、提议和操作记录' } },
    }),
    async (c) => {
      const office = c.get('office')
      const region = office.scope
      const today = todayCst()
      const thisYear = yearOfDate(today)
      const [figures, proposals, events, registry] = await Promise.all([
        figuresOfRegion(c.env.DB, region),
        proposalsOfRegion(c.env.DB, region, 100),
        eventsOfRegion(c.env.DB, region, 200),
        registrySnapshot(c.env),
      ])
      const years = [thisYear, thisYear + 1].map((year) => {
        const rows = expectedKinds(region).map((kind) => {
          const f = figures.find((x) => x.year === year && x.kind === kind)
          return f
            ? {
                kind,
                labelZh: FIGURE_KIND_ZH[kind],
                status: f.status,
                value: f.value as unknown,
                valueZh: figureValueZh(kind, f.value),
                source: f.source,
                publishedAt: f.publishedAt,
              }
            : {
                kind,
                labelZh: FIGURE_KIND_ZH[kind],
                status: 'missing' as const,
                value: null,
                valueZh: null,
                source: null,
                publishedAt: null,
              }
        })
        return {
          year,
          periodStarted: periodStarted(registry.tablesFor(year), region, year, today),
          periodEnded: periodEnded(registry.tablesFor(year), region, year, today),
          figures: rows,
          // A demo figure is not a published one: the office still has to publish the real figure.
          missingZh: rows.filter((r) => r.status !== 'published').map((r) => `${year}年度${r.labelZh}`),
        }
      })
      return c.json(
        {
          region,
          regionNameZh: regionNameZh(region) ?? region,
          me: office.userId,
          years,
          proposals: proposals.map((p) => proposalView(p, office.userId)),
          events: events.map((e) => ({
            seq: e.seq,
            year: e.year,
            kind: e.kind,
            action: e.action,
            actor: e.actor,
            at: e.at,
            beforeZh: valueZh(e.kind, e.beforeJson),
            afterZh: valueZh(e.kind, e.afterJson),
            note: e.note,
          })),
        } satisfies OfficeFiguresResponse,
        200,
      )
    },
  )
  .post(
    '/proposals',
    describe({
      summary: '提议一项地区数据（需另一位经办人员审核后才生效）',
      description: '集中参保期已开始的年度，修改需填写原因。',
      ok: { 201: { schema: OfficeProposalResponseSchema, description: '待审核的提议' } },
      errors: ['FORBIDDEN'],
    }),
    limitBody(FIGURE_JSON_LIMIT),
    jsonBody(ProposalRequestSchema),
    async (c) => {
      const office = c.get('office')
      const body = c.req.valid('json')
      const region = body.region ?? office.scope
      if (region !== office.scope) {
        throw new ApiError(
          'FORBIDDEN',
          office.region === null ? '省级经办机构只能提议全省默认数据。' : '只能提议本地区（本统筹地区）的数据。',
        )
      }
      const issues = figureIssues(region, body.year, body.kind, body.value)
      const registry = await registrySnapshot(c.env)
      const started = periodStarted(registry.tablesFor(body.year), region, body.year, todayCst())
      const reason = body.reason === undefined || body.reason === '' ? null : body.reason
      if (started && reason === null) {
        issues.push({
          path: 'reason',
          code: 'REASON_REQUIRED',
          message: `${body.year}年度集中参保期已经开始，修改该年度的数据需要填写修改原因`,
        })
      }
      if (issues.length > 0) throw new ApiError('VALIDATION_FAILED', undefined, issues)
      const valueJson = JSON.stringify(body.value)
      const id = `rfp_${randomHex(12)}`
      await insertProposal(c.env.DB, {
        id,
        region,
        year: body.year,
        kind: body.kind,
        valueJson,
        source: { ...body.source, link: body.source.link ? body.source.link : null },
        beforeJson: await servedValue(c.env.DB, region, body.year, body.kind),
        periodStarted: started,
        reason,
        by: office.userId,
        at: isoNow(),
      })
      const row = await getProposal(c.env.DB, id)
      if (!row) throw new Error('proposal vanished after insert')
      return c.json({ proposal: proposalView(row, office.userId) }, 201)
    },
  )
  .post(
    '/proposals/:id/approve',
    describe({
      summary: '审核通过（提议人本人不能审核）',
      ok: { 200: { schema: OfficeProposalResponseSchema, description: '已生效' } },
      errors: ['FIGURE_SELF_APPROVAL', 'FIGURE_NOT_PENDING'],
    }),
    paramOf(ProposalIdSchema),
    limitBody(FIGURE_JSON_LIMIT),
    jsonBody(DecisionRequestSchema),
    async (c) => {
      const office = c.get('office')
      const row = await decidable(c.env.DB, c.req.valid('param').id, office)
      // The rules may have changed since it was proposed (a new national floor): check again before serving it.
      const issues = figureIssues(row.region, row.year, row.kind, JSON.parse(row.valueJson))
      if (issues.length > 0) throw new ApiError('VALIDATION_FAILED', '这条提议不再符合规则，不能通过，请退回。', issues)
      const note = c.req.valid('json').note || null
      if (!(await approveProposal(c.env.DB, row.id, office.userId, isoNow(), note)))
        throw new ApiError('FIGURE_NOT_PENDING')
      forgetRegistry()
      const after = await getProposal(c.env.DB, row.id)
      return c.json({ proposal: proposalView(after as ProposalRow, office.userId) }, 200)
    },
  )
  .post(
    '/proposals/:id/reject',
    describe({
      summary: '退回提议（需填写原因）',
      ok: { 200: { schema: OfficeProposalResponseSchema, description: '已退回' } },
      errors: ['FIGURE_SELF_APPROVAL', 'FIGURE_NOT_PENDING'],
    }),
    paramOf(ProposalIdSchema),
    limitBody(FIGURE_JSON_LIMIT),
    jsonBody(DecisionRequestSchema),
    async (c) => {
      const office = c.get('office')
      const row = await decidable(c.env.DB, c.req.valid('param').id, office)
      const note = c.req.valid('json').note
      if (!note)
        throw new ApiError('VALIDATION_FAILED', undefined, [
          { path: 'note', code: 'NOTE_REQUIRED', message: '请填写退回原因，方便提议人修改' },
        ])
      if (!(await rejectProposal(c.env.DB, row.id, office.userId, isoNow(), note)))
        throw new ApiError('FIGURE_NOT_PENDING')
      const after = await getProposal(c.env.DB, row.id)
      return c.json({ proposal: proposalView(after as ProposalRow, office.userId) }, 200)
    },
  )

/** A waiting proposal of the office's own area that someone other than its proposer may decide. */
async function decidable(db: AppEnv['Bindings']['DB'], id: string, office: OfficeScope): Promise<ProposalRow> {
  const row = await getProposal(db, id)
  // Another area's proposal does not exist as far as this office can tell.
  if (!row || row.region !== office.scope) throw new ApiError('NOT_FOUND', '没有找到这条提议。')
  if (row.proposedBy === office.userId) throw new ApiError('FIGURE_SELF_APPROVAL')
  if (row.status !== 'pending') throw new ApiError('FIGURE_NOT_PENDING')
  return row
}

/**
 * The published set of one province, for the mini-program's offline copy: every signed-in account may read
 * it (the figures are public notices). Versioned: an unchanged set answers 304 to its ETag.
 */
export const figureRoutes = new Hono<AppEnv>().use(requireUser).get(
  '/',
  describe({
    summary: '某省已公布的地区数据（离线测算用）',
    description: '原封顶线、每档额度、个人缴费标准、集中参保期等，每项附来源文件。带 ETag：数据未变时返回 304。',
    ok: { 200: { schema: FigureSetSchema, description: '该省的已公布数据及版本号' } },
  }),
  queryOf(FigureSetQuerySchema),
  async (c) => {
    const user = await getUser(c.env.DB, c.get('user').id)
    // A valid token for an account that no longer exists is a signed-out session.
    if (!user) throw new ApiError('UNAUTHENTICATED')
    const { province } = c.req.valid('query')
    const registry = await registrySnapshot(c.env)
    const etag = `"figures-${registry.version}-${province}"`
    c.header('ETag', etag)
    c.header('Cache-Control', 'private, no-cache')
    if ((c.req.header('if-none-match') ?? '').split(/\s*,\s*/).includes(etag)) return c.body(null, 304)
    const set: FigureSet = {
      version: registry.version,
      updatedAt: registry.updatedAt,
      province,
      figures: registry.figures.filter((f) => f.region.startsWith(province)),
    }
    return c.json(set, 200)
  },
)
