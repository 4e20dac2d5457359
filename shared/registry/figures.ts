// The regional figure registry (issue 16): the figures each pooling region (统筹地区) publishes per coverage
// year — base cap, Heilongjiang's step, contribution standards, enrollment windows and decision overrides —
// each with its source. Pure: the Worker stores and serves them, the mini-program keeps a copy offline, and
// both turn them into the rules engine's tables here, so the two always compute with the same figures.

import * as v from 'valibot'
import { dateSchema } from '../api/common'
import {
  DEFAULT_TABLES,
  provinceRegionCode,
  resolveParams,
  type PolicyTables,
  type RegionData,
  type RegionFigure,
} from '../policy/index'
import { at, type Dated } from '../policy/dated'
import { SPEC_DECISIONS, type DecisionOverrides, type PeriodRule } from '../policy/decisions'
import { isProvinceCode, PROVINCES } from '../policy/provinces'
import type { ProvinceCode } from '../policy/types'
import { isPrefectureOf, regionNameZh } from '../regions'

export const FIGURE_KINDS = ['base-cap', 'step', 'contribution', 'ltc-contribution', 'periods', 'decisions'] as const
export type FigureKind = (typeof FIGURE_KINDS)[number]

export const FIGURE_KIND_ZH: Readonly<Record<FigureKind, string>> = {
  'base-cap': '大病保险原封顶线',
  step: '每档提高或降低的额度',
  contribution: '居民医保个人缴费标准',
  'ltc-contribution': '长期护理保险个人缴费标准',
  periods: '集中参保期',
  decisions: '地方口径调整',
}

export interface FigureSource {
  /** 文号, e.g. 成医保发〔2025〕3号 */
  docNo: string
  title: string
  /** issuing body, e.g. 成都市医疗保障局 */
  issuer: string
  /** YYYY-MM-DD */
  issuedOn: string
  link: string | null
}

export interface EnrollmentWindowDates {
  /** YYYY-MM-DD, CST */
  start: string
  end: string
}

export type FigureValue = number | EnrollmentWindowDates[] | DecisionOverrides

/** One figure as served: `published` passed maker–checker; `demo` exists only for local demonstrations. */
export interface ServedFigure {
  region: string
  year: number
  kind: FigureKind
  value: FigureValue
  source: FigureSource
  status: 'published' | 'demo'
  publishedAt: string
}

/** What the mini-program downloads for its resident's province (GET /api/figures?province=). */
export interface FigureSet {
  /** grows by one with every approval anywhere: the ETag and the calculator's "数据版本" */
  version: number
  /** instant of the last change */
  updatedAt: string
  province: string
  figures: ServedFigure[]
}

// ---- request schemas --------------------------------------------------------------------------------

const text = (label: string, max: number) =>
  v.pipe(
    v.string(`请填写${label}`),
    v.trim(),
    v.minLength(1, `请填写${label}`),
    v.maxLength(max, `${label}不能超过 ${max} 个字`),
  )

// A missing key is reported with its object's message: these say what a complete entry holds.
export const FigureSourceSchema = v.object(
  {
    docNo: text('文号', 60),
    title: text('文件标题', 200),
    issuer: text('发文机关', 60),
    issuedOn: dateSchema('发文日期'),
    link: v.optional(
      v.nullable(
        v.pipe(
          v.string('链接必须是网址'),
          v.trim(),
          v.maxLength(500, '链接不能超过 500 个字符'),
          v.regex(/^(https?:\/\/\S+)?$/, '链接请以 http:// 或 https:// 开头'),
        ),
      ),
    ),
  },
  '请填写来源文件的文号、标题、发文机关和发文日期',
)

export const REGION_CODE = /^\d{6}$/

export const ProposalRequestSchema = v.object(
  {
    /** a prefecture (xxxx00) or the province default (xx0000); absent → the office's own area */
    region: v.optional(
      v.pipe(v.string('统筹地区代码必须是6位数字'), v.regex(REGION_CODE, '统筹地区代码必须是6位数字')),
    ),
    year: v.pipe(
      v.number('参保年度必须是数字'),
      v.integer('参保年度必须是整数'),
      v.minValue(2024, '参保年度不能早于2024年'),
      v.maxValue(2100, '参保年度不能晚于2100年'),
    ),
    kind: v.picklist(FIGURE_KINDS, '请选择要公布的数据项'),
    value: v.unknown(),
    source: v.object(FigureSourceSchema.entries, '请填写来源文件（文号、标题、发文机关、发文日期）'),
    reason: v.optional(v.pipe(v.string('修改原因必须是文字'), v.trim(), v.maxLength(500, '修改原因不能超过 500 个字'))),
  },
  '请填写完整：参保年度、数据项、数值和来源文件（文号、标题、发文机关、发文日期）',
)
export type ProposalRequest = v.InferOutput<typeof ProposalRequestSchema>

export const DecisionRequestSchema = v.object({
  note: v.optional(v.pipe(v.string('说明必须是文字'), v.trim(), v.maxLength(500, '说明不能超过 500 个字'))),
})

// ---- validation of a figure's value -----------------------------------------------------------------

export interface FigureIssue {
  /** the request field, e.g. `value`, `value.1.end`, `region` */
  path: string
  code: string
  message: string
}

const DECISION_VALUES: Readonly<Record<string, (x: unknown) => boolean>> = {
  employeeYearIsGap: (x) => typeof x === 'boolean',
  keepContinuousStepsAfterGap: (x) => typeof x === 'boolean',
  zeroClaimSurvivesGap: (x) => typeof x === 'boolean',
  gapPenaltyPersists: (x) => typeof x === 'boolean',
  penaltyPerReenrollment: (x) => typeof x === 'boolean',
  birthYearCanBeGap: (x) => typeof x === 'boolean',
  oneYearGapAddsMonth: (x) => typeof x === 'boolean',
  backPayRestoresContinuity: (x) => typeof x === 'boolean',
  backPayStandard: (x) => x === 'enrolled-year' || x === 'gap-year',
  conversionRounding: (x) => x === 'floor' || x === 'round',
  newbornWindowDays: (x) => typeof x === 'number' && Number.isInteger(x) && x >= 1 && x <= 366,
}

const MAX_WINDOWS = 4
const MAX_BASE_CAP_YUAN = 10_000_000
const MAX_CONTRIBUTION_FEN = 1_000_000
const yuanZh = (yuan: number) => (yuan % 10_000 === 0 ? `${yuan / 10_000}万元` : `${yuan}元`)

/** The province a figure belongs to, or why the region cannot hold figures. */
export function provinceOfRegion(region: string): ProvinceCode | null {
  const province = region.slice(0, 2)
  if (!isProvinceCode(province)) return null
  return region === provinceRegionCode(province) || isPrefectureOf(region, province) ? province : null
}

/**
 * Checks that the SPEC and the documents impose on a figure (SPEC §3 step 6, §3 Heilongjiang, §6 floor,
 * §2 periods). An empty list means the value can be proposed.
 */
export function figureIssues(region: string, year: number, kind: FigureKind, value: unknown): FigureIssue[] {
  const province = provinceOfRegion(region)
  if (province === null)
    return [{ path: 'region', code: 'REGION_UNKNOWN', message: '统筹地区代码不是本服务支持的五省的地市或省份代码' }]
  const table = PROVINCES[province]
  const issue = (code: string, message: string, path = 'value'): FigureIssue[] => [{ path, code, message }]
  switch (kind) {
    case 'base-cap': {
      if (at(table.baseCap, year).value.kind === 'province')
        return issue('PROVINCE_FIXES_BASE_CAP', `${table.nameZh}的原封顶线由省级文件统一规定，不能按地区修改`, 'kind')
      if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0)
        return issue('NOT_WHOLE_YUAN', '原封顶线请填写整数（单位：元）')
      if (value > MAX_BASE_CAP_YUAN) return issue('TOO_LARGE', '原封顶线超出了合理范围，请检查单位是否为元')
      const maxDown = at(table.maxDown, year).value
      if (maxDown.kind === 'fixed' && value <= maxDown.yuan) {
        return issue('BASE_CAP_NOT_ABOVE_MAX_DOWN', `原封顶线必须高于最多可降低的额度${yuanZh(maxDown.yuan)}`)
      }
      return []
    }
    case 'step': {
      const rule = at(table.step, year).value
      if (rule.kind !== 'region')
        return issue('PROVINCE_FIXES_STEP', `${table.nameZh}每档额度由省级文件统一规定，不需要地区公布`, 'kind')
      if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0)
        return issue('NOT_WHOLE_YUAN', '每档额度请填写整数（单位：元）')
      if (value < rule.minimumYuan)
        return issue('STEP_BELOW_MINIMUM', `${table.nameZh}每档额度不得低于${yuanZh(rule.minimumYuan)}`)
      if (value > MAX_BASE_CAP_YUAN) return issue('TOO_LARGE', '每档额度超出了合理范围，请检查单位是否为元')
      return []
    }
    case 'contribution':
    case 'ltc-contribution': {
      if (kind === 'ltc-contribution' && province !== '23')
        return issue('LTC_NOT_PAYABLE', '只有黑龙江省的家庭共济可以代缴长期护理保险费', 'kind')
      if (typeof value !== 'number' || !Number.isInteger(value))
        return issue('NOT_WHOLE_FEN', '缴费标准必须精确到分（整数分），例如 400 元填 40000')
      if (value <= 0) return issue('NOT_POSITIVE', '缴费标准必须大于 0')
      if (value > MAX_CONTRIBUTION_FEN) return issue('TOO_LARGE', '缴费标准超出了合理范围，请检查单位是否为分')
      if (kind === 'contribution') {
        const floor = resolveParams(province, undefined, year).contribution.minimumFen
        if (floor !== null && value < floor) {
          return issue(
            'BELOW_NATIONAL_FLOOR',
            `${year}年度国家规定的居民个人缴费最低标准为${floor / 100}元，填写的标准低于该标准`,
          )
        }
      }
      return []
    }
    case 'periods':
      return windowIssues(year, value)
    case 'decisions': {
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        return issue('NOT_OBJECT', '地方口径调整的格式不正确')
      const entries = Object.entries(value)
      if (entries.length === 0) return issue('EMPTY', '请至少选择一项地方口径调整')
      const out: FigureIssue[] = []
      for (const [name, x] of entries) {
        const check = DECISION_VALUES[name]
        if (check === undefined)
          out.push({ path: `value.${name}`, code: 'UNKNOWN_DECISION', message: `“${name}”不是可以由地区调整的口径` })
        else if (!check(x))
          out.push({ path: `value.${name}`, code: 'INVALID_DECISION', message: `“${name}”的取值不正确` })
      }
      return out
    }
  }
}

function windowIssues(year: number, value: unknown): FigureIssue[] {
  if (!Array.isArray(value) || value.length === 0)
    return [{ path: 'value', code: 'NO_WINDOW', message: '请至少填写一段集中参保期' }]
  if (value.length > MAX_WINDOWS)
    return [{ path: 'value', code: 'TOO_MANY_WINDOWS', message: `集中参保期最多填写 ${MAX_WINDOWS} 段` }]
  const out: FigureIssue[] = []
  const date = dateSchema('日期')
  const earliest = `${year - 1}-01-01`
  const latest = `${year}-12-31`
  value.forEach((w: unknown, i) => {
    const at = (field: string) => `value.${i}.${field}`
    const label = value.length > 1 ? `第${i + 1}段` : ''
    if (typeof w !== 'object' || w === null) {
      out.push({ path: `value.${i}`, code: 'NOT_WINDOW', message: `${label}集中参保期请填写开始和结束日期` })
      return
    }
    const { start, end } = w as Record<string, unknown>
    for (const [field, x] of [
      ['start', start],
      ['end', end],
    ] as const) {
      const parsed = v.safeParse(date, x)
      if (!parsed.success)
        out.push({
          path: at(field),
          code: 'INVALID_DATE',
          message: `${label}${field === 'start' ? '开始' : '结束'}日期请写成“年-月-日”，例如 ${year - 1}-09-01`,
        })
    }
    if (typeof start !== 'string' || typeof end !== 'string' || out.some((o) => o.path.startsWith(`value.${i}.`)))
      return
    if (end <= start)
      out.push({ path: at('end'), code: 'END_NOT_AFTER_START', message: `${label}结束日期必须晚于开始日期` })
    if (start < earliest || end > latest) {
      out.push({
        path: at('start'),
        code: 'OUTSIDE_YEAR',
        message: `${year}年度的集中参保期应在${year - 1}年1月1日至${year}年12月31日之间`,
      })
    }
    const prev = value[i - 1] as Record<string, unknown> | undefined
    if (prev && typeof prev.end === 'string' && typeof prev.start === 'string' && start <= prev.end) {
      out.push({
        path: at('start'),
        code: 'WINDOWS_OVERLAP',
        message: `第${i + 1}段必须在第${i}段结束（${prev.end}）之后开始，且按时间先后填写`,
      })
    }
  })
  return out
}

/**
 * Figures a region must have for the engine to answer without "以当地医保部门公布为准" (the office's "missing" list).
 */
export function expectedKinds(region: string): FigureKind[] {
  const province = provinceOfRegion(region)
  if (province === null) return []
  const table = PROVINCES[province]
  const kinds: FigureKind[] = []
  if (at(table.baseCap, 2025).value.kind === 'region') kinds.push('base-cap')
  if (at(table.step, 2025).value.kind === 'region') kinds.push('step')
  kinds.push('contribution', 'periods')
  if (province === '23') kinds.push('ltc-contribution')
  return kinds
}

// ---- figures → the rules engine's tables --------------------------------------------------------------

/** How a resident names the source: `成都市医疗保障局 成医保发〔2025〕3号`. */
export function sourceLabelZh(source: FigureSource): string {
  return `${source.issuer} ${source.docNo}`
}

/** The engine's cite of a figure; a demo figure says so wherever the cite is shown. */
export function figureCite(figure: Pick<ServedFigure, 'source' | 'status'>): string {
  // A demo figure has no issuer to name: its title says what it is instead.
  return figure.status === 'demo' ? `演示数据：${figure.source.title}` : sourceLabelZh(figure.source)
}

/**
 * THE conversion of a coverage year's enrollment windows into what the engine reads: one rule per window,
 * relative to the coverage year (the engine's multi-window contract, shared/policy/periods.ts: on time inside
 * any window, late between or after them, refused before the first opens).
 */
export function enginePeriodsOf(windows: readonly EnrollmentWindowDates[], year: number): readonly PeriodRule[] {
  const bound = (date: string) => ({
    yearOffset: Number(date.slice(0, 4)) - year,
    month: Number(date.slice(5, 7)),
    day: Number(date.slice(8, 10)),
  })
  return windows.map((w) => ({ start: bound(w.start), end: bound(w.end) }))
}

/** A figure of exactly one year: years the registry does not hold keep what the built-in table says. */
function exactYears<T>(
  fallback: Dated<RegionFigure<T>> | undefined,
  own: ReadonlyMap<number, RegionFigure<T>>,
): Dated<RegionFigure<T>> {
  const missing: RegionFigure<T> = { value: null, source: '', verified: false }
  const before = (y: number): RegionFigure<T> => (fallback === undefined ? missing : at(fallback, y))
  const years = new Set<number>([1900, ...Object.keys(fallback ?? {}).map(Number)])
  for (const y of own.keys()) years.add(y).add(y + 1)
  const out: Record<number, RegionFigure<T>> = {}
  for (const y of [...years].sort((a, b) => a - b)) out[y] = own.get(y) ?? before(y)
  return out
}

const numberFigure = (f: ServedFigure): RegionFigure<number> => ({
  value: f.value as number,
  source: figureCite(f),
  verified: f.status === 'published',
})

/**
 * The engine's tables with the registry's figures laid over the built-in ones (which stay the offline
 * fallback). Decision overrides are per coverage year: those of `year` apply.
 */
export function tablesFromFigures(
  figures: readonly ServedFigure[],
  year: number,
  base: PolicyTables = DEFAULT_TABLES,
): PolicyTables {
  const byRegion = new Map<string, ServedFigure[]>()
  for (const f of figures) {
    if (provinceOfRegion(f.region) === null) continue
    const list = byRegion.get(f.region)
    if (list) list.push(f)
    else byRegion.set(f.region, [f])
  }
  const regions: Record<string, RegionData> = { ...base.regions }
  for (const [code, list] of byRegion) {
    const province = provinceOfRegion(code) as ProvinceCode
    const old: RegionData = base.regions[code] ?? { code, nameZh: regionNameZh(code) ?? code, province }
    const of = (kind: FigureKind) => list.filter((f) => f.kind === kind)
    const numbers = (kind: FigureKind) => new Map(of(kind).map((f) => [f.year, numberFigure(f)] as const))
    const periods = new Map(
      of('periods').map(
        (f) =>
          [
            f.year,
            {
              value: enginePeriodsOf(f.value as EnrollmentWindowDates[], f.year),
              source: figureCite(f),
              verified: f.status === 'published',
            },
          ] as const,
      ),
    )
    const decisions = of('decisions').find((f) => f.year === year)?.value as DecisionOverrides | undefined
    const next: RegionData = { ...old }
    const set = <K extends keyof RegionData>(key: K, value: RegionData[K]) =>
      ((next as { -readonly [P in keyof RegionData]?: RegionData[P] })[key] = value)
    if (of('base-cap').length) set('baseCapYuan', exactYears(old.baseCapYuan, numbers('base-cap')))
    if (of('step').length) set('stepYuan', exactYears(old.stepYuan, numbers('step')))
    if (of('contribution').length) {
      const own = numbers('contribution')
      const merged = exactYears(old.contributionFen, own)
      // The national floor stays attached to the years the built-in table records it for.
      const withFloor: Record<number, RegionFigure<number> & { minimumFen?: number }> = {}
      for (const [y, f] of Object.entries(merged)) {
        const floor = old.contributionFen ? at(old.contributionFen, Number(y)).minimumFen : undefined
        withFloor[Number(y)] = floor === undefined ? f : { ...f, minimumFen: floor }
      }
      set('contributionFen', withFloor)
    }
    if (periods.size) set('enrollmentPeriod', exactYears(old.enrollmentPeriod, periods))
    if (decisions) set('decisions', { ...old.decisions, ...decisions })
    regions[code] = next
  }
  return { provinces: base.provinces, regions }
}

/** The enrollment windows of a region and year as published, or null (the D2 default or the built-in table applies). */
export function windowsOf(
  figures: readonly ServedFigure[],
  region: string | null,
  province: string,
  year: number,
): { windows: EnrollmentWindowDates[]; figure: ServedFigure } | null {
  const pick = (code: string) => figures.find((f) => f.kind === 'periods' && f.region === code && f.year === year)
  const figure = (region === null ? undefined : pick(region)) ?? pick(provinceRegionCode(province))
  return figure ? { windows: figure.value as EnrollmentWindowDates[], figure } : null
}

/** The figure in force for a region (its own, else the province default's). */
export function figureFor(
  figures: readonly ServedFigure[],
  region: string | null,
  province: string,
  year: number,
  kind: FigureKind,
): ServedFigure | null {
  const pick = (code: string) => figures.find((f) => f.kind === kind && f.region === code && f.year === year)
  return (region === null ? undefined : pick(region)) ?? pick(provinceRegionCode(province)) ?? null
}

/**
 * Whether the enrollment period of `year` has started on `today` in `region`, by the figures in force
 * (the registry's windows, else the built-in table or the D2 default): a change then needs a reason.
 */
export function periodStarted(tables: PolicyTables, region: string, year: number, today: string): boolean {
  const province = provinceOfRegion(region)
  if (province === null) return false
  const params = resolveParams(province, region === provinceRegionCode(province) ? undefined : region, year, { tables })
  const start = params.periodStart
  const todayYmd = Number(today.replace(/-/g, ''))
  return todayYmd >= start
}

/**
 * Whether the enrollment period of `year` is over on `today`, by the same figures as `periodStarted`: the
 * office page must not say a period "has started" when it ended a year ago (review 53).
 */
export function periodEnded(tables: PolicyTables, region: string, year: number, today: string): boolean {
  const province = provinceOfRegion(region)
  if (province === null) return false
  const params = resolveParams(province, region === provinceRegionCode(province) ? undefined : region, year, { tables })
  return Number(today.replace(/-/g, '')) > params.periodEnd
}

export { SPEC_DECISIONS }

// ---- what a resident sees -----------------------------------------------------------------------------

export interface FigureItemView {
  kind: FigureKind
  labelZh: string
  status: 'published' | 'demo' | 'missing'
  /** e.g. `30万元`, `400元`, `2025年9月15日至2026年2月28日`; null when missing */
  valueZh: string | null
  /** `成都市医疗保障局 成医保发〔2025〕3号`; null when missing */
  sourceZh: string | null
  source: FigureSource | null
  /** the region whose figure applies (the prefecture's own or the province default) */
  region: string | null
  /** one sentence for a missing figure: exactly which one, for which region and year */
  missingZh: string | null
}

const dateTextZh = (date: string) =>
  `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`

export function figureValueZh(kind: FigureKind, value: FigureValue): string {
  switch (kind) {
    case 'base-cap':
    case 'step':
      return yuanZh(value as number)
    case 'contribution':
    case 'ltc-contribution':
      return `${(value as number) / 100}元`
    case 'periods':
      return (value as EnrollmentWindowDates[]).map((w) => `${dateTextZh(w.start)}至${dateTextZh(w.end)}`).join('；')
    case 'decisions':
      return `${Object.keys(value as object).length}项地方口径`
  }
}

/** The figures a resident's answer rests on, each published (with its source), demo, or missing. */
export function figureItems(
  figures: readonly ServedFigure[],
  province: string,
  region: string | null,
  year: number,
): FigureItemView[] {
  const place = (region !== null ? regionNameZh(region) : null) ?? regionNameZh(provinceRegionCode(province)) ?? ''
  return expectedKinds(region ?? provinceRegionCode(province)).map((kind) => {
    const f = figureFor(figures, region, province, year, kind)
    if (f === null) {
      return {
        kind,
        labelZh: FIGURE_KIND_ZH[kind],
        status: 'missing',
        valueZh: null,
        sourceZh: null,
        source: null,
        region: null,
        missingZh: `${place}${year}年度${FIGURE_KIND_ZH[kind]}尚未公布`,
      }
    }
    return {
      kind,
      labelZh: FIGURE_KIND_ZH[kind],
      status: f.status,
      valueZh: figureValueZh(kind, f.value),
      sourceZh: figureCite(f),
      source: f.source,
      region: f.region,
      missingZh: null,
    }
  })
}

const FigureSourceViewSchema = v.object({
  docNo: v.string(),
  title: v.string(),
  issuer: v.string(),
  issuedOn: v.string(),
  link: v.nullable(v.string()),
})

export const FigureItemViewSchema = v.object({
  kind: v.picklist(FIGURE_KINDS),
  labelZh: v.string(),
  status: v.picklist(['published', 'demo', 'missing']),
  valueZh: v.nullable(v.string()),
  sourceZh: v.nullable(v.string()),
  source: v.nullable(FigureSourceViewSchema),
  region: v.nullable(v.string()),
  missingZh: v.nullable(v.string()),
})

/** The registry version an answer was computed with, and the figures it rests on. */
export const RegionFiguresViewSchema = v.object({
  version: v.number(),
  updatedAt: v.string(),
  items: v.array(FigureItemViewSchema),
})
export type RegionFiguresView = v.InferOutput<typeof RegionFiguresViewSchema>

const WindowSchema = v.object({ start: v.string(), end: v.string() })

export const ServedFigureSchema = v.object({
  region: v.string(),
  year: v.number(),
  kind: v.picklist(FIGURE_KINDS),
  value: v.union([
    v.number(),
    v.array(WindowSchema),
    v.record(v.string(), v.union([v.boolean(), v.number(), v.string()])),
  ]),
  source: FigureSourceViewSchema,
  status: v.picklist(['published', 'demo']),
  publishedAt: v.string(),
})

export const FigureSetSchema = v.object({
  version: v.number(),
  updatedAt: v.string(),
  province: v.string(),
  figures: v.array(ServedFigureSchema),
})

export const FigureSetQuerySchema = v.object({
  province: v.picklist(['51', '14', '23', '52', '36'], '请选择省份（51、14、23、52、36 之一）'),
})
