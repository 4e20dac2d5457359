// What-if questions on top of evaluate: "if I enroll on this day", "if I back-pay these years",
// "if I stay enrolled for the next n years". Each builds a changed input and evaluates it.

import { evaluateValid, paramsFor } from './core'
import { formatDate, isDateString } from './dates'
import { evaluatePolicyInput, type EvaluateOptions } from './evaluate'
import { issue } from './issues'
import { fenZh, renderSentenceZh } from './explain-zh'
import { resolveParams, type ResolvedParams } from './params'
import { coverageYearBoughtOn } from './periods'
import type {
  AssumptionCode,
  Evaluation,
  GroupMembership,
  HistoryEntry,
  PolicyInput,
  ProvinceCode,
  Result,
} from './types'
import { checkTypedPolicyInput, MAX_YEAR, validatePolicyInput } from './validate'

export interface EnrollOnResult {
  /** the coverage year this payment buys */
  readonly year: number
  readonly paidOn: string
  readonly evaluation: Evaluation
  /** that year is paid already (its own payment or a whole-programme payment): paying today decides nothing */
  readonly alreadyPaid: boolean
}

/**
 * "If I enroll today": a payment inside a coverage year's enrollment period buys that year; any other day
 * buys the current calendar year, late.
 */
export function enrollOn(input: PolicyInput, date: string, options: EvaluateOptions = {}): Result<EnrollOnResult> {
  if (typeof date !== 'string' || !isDateString(date)) return { ok: false, issues: [issue('INVALID_DATE', ['date'])] }
  const checked = checkInput(input, options)
  if (!checked.ok) return checked
  const valid = checked.value
  const year = coverageYearPaidBy(valid, date, options)
  const alreadyPaid = valid.history.some((e) => residentPaidFor(e, year))
  // A later year of a whole-programme payment is paid: a second entry for it would be a duplicate year.
  if (alreadyPaid && !valid.history.some((e) => e.year === year && e.scheme === 'resident')) {
    const asIs = evaluatePolicyInput(
      withoutUndefined({ ...valid, year, ...(valid.year === year ? {} : noOwnFigures) }),
      options,
    )
    if (!asIs.ok) return asIs
    return { ok: true, value: { year, paidOn: date, evaluation: asIs.value, alreadyPaid } }
  }
  const history: HistoryEntry[] = valid.history.filter((e) => e.year !== year)
  history.push({ year, scheme: 'resident', paidOn: date })
  const changed: PolicyInput = {
    ...valid,
    year,
    history,
    backPaidYears: valid.backPaidYears?.filter((y) => y < year),
    enrollmentPeriod: valid.year === year ? valid.enrollmentPeriod : undefined,
    enrollmentPeriods: valid.year === year ? valid.enrollmentPeriods : undefined,
    contributionFen: valid.year === year ? valid.contributionFen : undefined,
  }
  // the changed input is typed and built from a checked one: only the cross-field checks run again
  const evaluated = evaluatePolicyInput(withoutUndefined(changed), options)
  if (!evaluated.ok) return evaluated
  return { ok: true, value: { year, paidOn: date, evaluation: evaluated.value, alreadyPaid } }
}

/** The asked year's own published figures do not carry to another coverage year. */
const noOwnFigures = { enrollmentPeriod: undefined, enrollmentPeriods: undefined, contributionFen: undefined }

/** A resident entry pays its own year and, for a whole-programme payment (000 (一)), the programme's later years. */
function residentPaidFor(entry: HistoryEntry, year: number): boolean {
  return entry.scheme === 'resident' && year >= entry.year && year < entry.year + (entry.programmeYears ?? 1)
}

/** The evaluated year's own windows first (the caller published them), then the region's tables. */
function coverageYearPaidBy(input: PolicyInput, paidOn: string, options: EvaluateOptions): number {
  const own = input.enrollmentPeriods ?? (input.enrollmentPeriod === undefined ? undefined : [input.enrollmentPeriod])
  return coverageYearBoughtOn(paidOn, {
    ...options,
    province: input.province,
    region: input.region,
    periodsOf: (year) => (year === input.year ? own : undefined),
  })
}

export interface BackPayResult {
  readonly before: Evaluation
  readonly after: Evaluation
  readonly waitingMonthsBefore: number | null
  readonly waitingMonthsAfter: number | null
  readonly monthsSaved: number
  readonly benefitStartBefore: string | null
  readonly benefitStartAfter: string | null
  /** what the added years cost; null when the contribution standard is unpublished */
  readonly costFen: number | null
  /** years of the gap before Y that could still be back-paid to shorten the waiting period */
  readonly repairableYears: number[]
}

/** "If I back-pay these years": the evaluation with them added to the back-paid years. */
export function backPay(input: PolicyInput, years: number[], options: EvaluateOptions = {}): Result<BackPayResult> {
  const checked = checkInput(input, options)
  if (!checked.ok) return checked
  const before = { ok: true as const, value: evaluateValid(checked.value, paramsFor(checked.value, options)) }
  const already = input.backPaidYears ?? []
  const added = years.filter((y, i) => !already.includes(y) && years.indexOf(y) === i)
  const after = evaluatePolicyInput({ ...checked.value, backPaidYears: [...already, ...added] }, options)
  if (!after.ok) return after
  const b = before.value
  const a = after.value
  const costFen = a.repairCostFen === null || b.repairCostFen === null ? null : a.repairCostFen - b.repairCostFen
  const backPaid = new Set([...already, ...added])
  const repairableYears: number[] = []
  for (let y = input.year - a.gapYears; y < input.year; y++) if (!backPaid.has(y)) repairableYears.push(y)
  return {
    ok: true,
    value: {
      before: b,
      after: a,
      waitingMonthsBefore: b.waitingMonths,
      waitingMonthsAfter: a.waitingMonths,
      monthsSaved: (b.waitingMonths ?? 0) - (a.waitingMonths ?? 0),
      benefitStartBefore: b.benefitStart,
      benefitStartAfter: a.benefitStart,
      costFen,
      repairableYears,
    },
  }
}

export interface CapPoint {
  readonly year: number
  readonly capYuan: number | null
  readonly capFen: number | null
  readonly continuousSteps: number
  readonly zeroClaimSteps: number
  /** why a figure is uncertain (e.g. RULES_ASSUMED_CONTINUING past a document's term) */
  readonly assumptions?: AssumptionCode[]
  /** the base cap was not published for this year: the figure of this earlier year stands in for it */
  readonly baseCapFromYear?: number
  /**
   * In words, for a point without an amount or with an estimated one: why (not covered, the base cap not
   * published) and what is known (原封顶线 + 6000元), so a chart can say it instead of leaving a gap.
   */
  readonly noteZh?: string
}

export interface StayEnrolledOptions extends EvaluateOptions {
  /** count the projected years as zero-claim years (default: claims assumed, fund payment unknown) */
  readonly assumeZeroClaim?: boolean
}

/**
 * "If I stay enrolled for the next n years": resident entries for Y+1 … Y+n paid on the first day of each
 * enrollment period (a resident payment already recorded for such a year is kept); the series starts with
 * Y itself. A projected year whose base cap (or Heilongjiang step) is not published yet takes the latest
 * earlier year's figure, said in its assumptions and note; a year that cannot be given an amount says why.
 */
export function stayEnrolled(
  input: PolicyInput,
  n: number,
  options: StayEnrolledOptions = {},
): Result<{ series: CapPoint[] }> {
  const checked = checkInput(input, options)
  if (!checked.ok) return checked
  const valid = checked.value
  if (!Number.isInteger(n) || n < 0 || valid.year + n > MAX_YEAR) {
    return { ok: false, issues: [issue('IMPOSSIBLE_YEAR', ['n'])] }
  }
  // Every entry up to Y stays (a mid-year switch year has two); a later year keeps a recorded resident
  // payment, otherwise it is paid on the first day of its period.
  const history: HistoryEntry[] = valid.history.filter(
    (e) => e.year <= valid.year || (e.year <= valid.year + n && e.scheme === 'resident'),
  )
  for (let year = valid.year + 1; year <= valid.year + n; year++) {
    if (history.some((e) => e.year === year && e.scheme === 'resident')) continue
    const params = resolveParams(valid.province as ProvinceCode, valid.region, year, options)
    const entry: HistoryEntry = { year, scheme: 'resident', paidOn: formatDate(params.periodStart) }
    if (options.assumeZeroClaim === true) entry.fundPaidFen = 0
    history.push(entry)
  }
  // A group without a year exempts the asked-about enrollment only, not the projected ones.
  const groups = valid.groups?.map(
    (g): GroupMembership => (g.year === undefined && g.kind !== 'newborn' ? { ...g, year: valid.year } : g),
  )
  const series: CapPoint[] = []
  for (let year = valid.year; year <= valid.year + n; year++) {
    const asked = year === valid.year
    const at: PolicyInput = withoutUndefined({
      ...valid,
      year,
      history,
      groups,
      enrollmentPeriod: asked ? valid.enrollmentPeriod : undefined,
      enrollmentPeriods: asked ? valid.enrollmentPeriods : undefined,
      contributionFen: asked ? valid.contributionFen : undefined,
    })
    const params = paramsFor(at, options)
    const carried = asked ? null : carriedFigures(at, params, options)
    if (carried !== null) {
      if (carried.baseCapYuan !== undefined) at.baseCapYuan = carried.baseCapYuan
      if (carried.stepYuan !== undefined) at.stepYuan = carried.stepYuan
    }
    const e = evaluateValid(at, params)
    const assumptions = carried === null ? e.assumptions : [...e.assumptions, 'FIGURE_CARRIED_FORWARD' as const]
    const point: CapPoint = {
      year,
      capYuan: e.capYuan,
      capFen: e.capFen,
      continuousSteps: e.continuousSteps,
      zeroClaimSteps: e.zeroClaimSteps,
      assumptions,
    }
    const note = capPointNoteZh(e, carried)
    series.push(
      carried?.baseCapFromYear !== undefined
        ? { ...point, baseCapFromYear: carried.baseCapFromYear, noteZh: note ?? undefined }
        : note === null
          ? point
          : { ...point, noteZh: note },
    )
  }
  return { ok: true, value: { series } }
}

interface Carried {
  readonly baseCapYuan?: number
  readonly baseCapFromYear?: number
  readonly stepYuan?: number
  readonly stepFromYear?: number
}

/**
 * A projected year without its own base cap (or a region-set step) takes the latest earlier published one:
 * regions publish these yearly, and the projection asks "if nothing else changes".
 */
function carriedFigures(at: PolicyInput, params: ResolvedParams, options: EvaluateOptions): Carried | null {
  const needBase = params.baseCap === null && at.baseCapYuan === undefined
  const needStep = params.step.kind === 'region' && params.stepRegion === null && at.stepYuan === undefined
  if (!needBase && !needStep) return null
  const carried: { -readonly [K in keyof Carried]: Carried[K] } = {}
  const first = params.decisions.mechanismStartYear
  for (let year = at.year - 1; year >= first && (needBase || needStep); year--) {
    const earlier = resolveParams(at.province as ProvinceCode, at.region, year, options)
    if (needBase && carried.baseCapYuan === undefined && earlier.baseCap !== null) {
      carried.baseCapYuan = earlier.baseCap.value
      carried.baseCapFromYear = year
    }
    if (needStep && carried.stepYuan === undefined && earlier.stepRegion !== null) {
      carried.stepYuan = earlier.stepRegion.value
      carried.stepFromYear = year
    }
    if ((!needBase || carried.baseCapYuan !== undefined) && (!needStep || carried.stepYuan !== undefined)) break
  }
  return carried.baseCapYuan === undefined && carried.stepYuan === undefined ? null : carried
}

/** What a chart says at a point: why there is no amount, or where an estimated figure comes from. */
function capPointNoteZh(e: Evaluation, carried: Carried | null): string | null {
  const parts: string[] = []
  if (!e.covered) {
    const why = e.explanation.find((s) => s.code === 'NOT_COVERED' || s.code === 'NOT_COVERED_EMPLOYEE')
    if (why !== undefined) parts.push(renderSentenceZh(why))
  }
  if (carried?.baseCapFromYear !== undefined)
    parts.push(
      `${e.year}年度的原封顶线尚未公布，` +
        `按${carried.baseCapFromYear}年度的${fenZh((carried.baseCapYuan as number) * 100)}估算`,
    )
  if (carried?.stepFromYear !== undefined)
    parts.push(
      `${e.year}年度每档额度尚未公布，按${carried.stepFromYear}年度的${fenZh((carried.stepYuan as number) * 100)}估算`,
    )
  if (e.covered && e.capFen === null) {
    const known = e.explanation.find((s) => s.code === 'CAP_RELATIVE' || s.code === 'CAP_IS_BASE')
    parts.push(known === undefined ? '原封顶线尚未公布，无法算出最高支付限额' : renderSentenceZh(known))
  }
  // a chart point speaks of its own year, not of 本年度
  return parts.length === 0 ? null : parts.join('；').split('本年度').join(`${e.year}年度`)
}

/** The schema and the cross-field checks, or only the latter where the caller vouches for the shape. */
function checkInput(input: PolicyInput, options: EvaluateOptions): Result<PolicyInput> {
  return options.shapeChecked === true ? checkTypedPolicyInput(input, options) : validatePolicyInput(input, options)
}

/** Optional keys stay absent rather than present-and-undefined, as validated input has them. */
function withoutUndefined<T extends object>(value: T): T {
  const out: Record<string, unknown> = {}
  for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = v
  return out as T
}
