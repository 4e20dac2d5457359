import {
  ASSUMPTIONS_ZH,
  backPay,
  capOverBase,
  enrollOn,
  evaluatePolicyInput,
  isProvinceCode,
  renderStepZh,
  resolveParams,
  stayEnrolled,
  type Evaluation,
  type EvaluateOptions,
  type PolicyInput,
  type PolicyIssue,
} from '@canbao/shared/policy/index'
import type { EntitlementQuery, EntitlementResponse } from '@canbao/shared/api/entitlement'
import { yearOfDate } from '@canbao/shared/api/dates'
import { figureItems } from '@canbao/shared/registry/figures'
import { earnedOnlyInput, unfinishedZeroClaimYears } from '@canbao/shared/status/unfinished-year'
import type { ResidentData } from '../db/history'
import type { RegistrySnapshot } from '../registry/snapshot'
import { ApiError } from '../lib/errors'
import { log } from '../lib/log'
import { mergeHistory } from './merge'

/** Years shown by the "stay enrolled" chart after the asked year. */
const PROJECTION_YEARS = 5

type Supplied = EntitlementResponse['suppliedFigures'][number]

/** The rules engine's input for one resident and one coverage year, from what D1 holds about them. */
export function policyInputFor(
  data: ResidentData,
  query: EntitlementQuery,
  today: string,
): { input: PolicyInput; supplied: Supplied[] } {
  const profile = data.profile
  if (!profile) throw new ApiError('PROFILE_REQUIRED')
  const year = query.year ?? yearOfDate(today)
  const merged = mergeHistory(data.self, data.office, data.backPaidYears, data.family)
  const supplied: Supplied[] = []
  const input: PolicyInput = {
    province: profile.province,
    year,
    birthDate: profile.birthDate,
    history: merged.items.map(({ source: _source, ...entry }) => entry),
  }
  if (profile.region !== null) input.region = profile.region
  if (data.groups.length > 0) input.groups = data.groups
  // Back-paying a year at or after the asked one cannot change that year's answer.
  const backPaid = merged.backPaidYears.filter((y) => y < year)
  if (backPaid.length > 0) input.backPaidYears = backPaid
  if (query.baseCapYuan !== undefined) {
    // Sichuan fixes its base cap (000 (三)): the engine says the figure does not apply, and it is not listed
    // as a figure the answer used.
    input.baseCapYuan = query.baseCapYuan
    if (!provinceFixesBaseCap(input)) supplied.push('baseCapYuan')
  }
  if (query.stepYuan !== undefined) {
    input.stepYuan = query.stepYuan
    supplied.push('stepYuan')
  }
  if (query.contributionFen !== undefined) {
    input.contributionFen = query.contributionFen
    supplied.push('contributionFen')
  }
  if (query.enrollmentStart !== undefined && query.enrollmentEnd !== undefined) {
    input.enrollmentPeriod = { start: query.enrollmentStart, end: query.enrollmentEnd }
    supplied.push('enrollmentPeriod')
  }
  return { input, supplied }
}

function provinceFixesBaseCap(input: PolicyInput): boolean {
  return isProvinceCode(input.province) && resolveParams(input.province, input.region, input.year).baseCapFixed
}

function issuesToApi(issues: readonly PolicyIssue[]) {
  return issues.slice(0, 50).map((i) => ({ path: i.path.join('.'), code: i.code, message: i.message }))
}

/**
 * The engine's answer, with its explanation in Chinese and the what-if series. A declared back-paid year that
 * the engine does not accept as a gap year (e.g. before the mechanism started) is dropped, not fatal: the
 * resident's other figures still deserve an answer.
 */
export function entitlementFor(
  data: ResidentData,
  query: EntitlementQuery,
  today: string,
  registry: RegistrySnapshot,
): EntitlementResponse {
  const { input, supplied } = policyInputFor(data, query, today)
  const whatIfOptions = engineOptions(registry, input.year)
  // The stored rows passed the API's schemas: the typed entry runs only the engine's cross-field checks.
  const options = { ...whatIfOptions, today }
  let result = evaluatePolicyInput(input, options)
  if (!result.ok && input.backPaidYears && result.issues.every((i) => i.path[0] === 'backPaidYears')) {
    const rejected = new Set(result.issues.map((i) => i.path[1]))
    const kept = input.backPaidYears.filter((_, index) => !rejected.has(index))
    if (kept.length > 0) input.backPaidYears = kept
    else delete input.backPaidYears
    result = evaluatePolicyInput(input, options)
  }
  if (!result.ok)
    throw new ApiError(
      'VALIDATION_FAILED',
      '参保记录中有无法计算的内容，请按提示修改后再查询。',
      issuesToApi(result.issues),
    )
  const evaluation: Evaluation = result.value
  const enrollToday = enrollTodayFor(input, today, whatIfOptions)
  const pending = pendingZeroClaimFor(input, evaluation, enrollToday, today, options, whatIfOptions)
  return {
    year: input.year,
    asOf: today,
    evaluation,
    explanationZh: evaluation.explanation.map(renderStepZh),
    assumptionsZh: evaluation.assumptions.map((code) => ASSUMPTIONS_ZH[code]),
    suppliedFigures: supplied,
    regionFigures: {
      version: registry.version,
      updatedAt: registry.updatedAt,
      items: figureItems(registry.figures, input.province, input.region ?? null, input.year),
    },
    ...(pending ? { pendingZeroClaim: pending } : {}),
    whatIf: {
      enrollToday,
      backPay: evaluation.covered ? backPayFor(input, whatIfOptions) : null,
      stayEnrolled: stayEnrolledFor(input, whatIfOptions),
    },
  }
}

type Pending = NonNullable<EntitlementResponse['pendingZeroClaim']>
type EnrollToday = EntitlementResponse['whatIf']['enrollToday']

/**
 * The engine counts a declared zero-claim year as earned although it may not be over: until 31 December (CST)
 * the fund may still pay a claim that cancels the step. The answer's own figures stay what the engine says for
 * what was declared; beside them, the figure already earned (those years told as claim years), so the resident
 * reads the certain figure first and the other as "如2026年全年没有报销…". Only a cap that reads differently is
 * given: an incentive limit can absorb the step, and then there is nothing conditional to say.
 */
function pendingZeroClaimFor(
  input: PolicyInput,
  evaluation: Evaluation,
  enrollToday: EnrollToday,
  today: string,
  options: EvaluateOptions,
  whatIfOptions: EvaluateOptions,
): Pending | null {
  const years = unfinishedZeroClaimYears(input.history, input.year, today)
  let earned: Pending['earned'] = null
  if (years.length > 0) {
    const result = evaluatePolicyInput(earnedOnlyInput(input, years), options)
    if (!result.ok) log.warn('what_if_failed', { what: 'earnedOnly', issue: result.issues[0]?.code })
    else if (capKey(result.value) !== capKey(evaluation)) earned = earnedFigures(result.value)
  }
  // Today's payment may buy another coverage year than the asked one: its own unfinished years count.
  const todayYears = enrollToday ? unfinishedZeroClaimYears(input.history, enrollToday.year, today) : []
  let enrollTodayEarned: Pending['enrollTodayEarned'] = null
  if (enrollToday && todayYears.length > 0) {
    const result = enrollOn(earnedOnlyInput(input, todayYears), today, whatIfOptions)
    if (!result.ok) log.warn('what_if_failed', { what: 'earnedOnlyEnrollOn', issue: result.issues[0]?.code })
    else if (capKey(whatIfCap(result.value.evaluation)) !== capKey(whatIfCap(enrollToday)))
      enrollTodayEarned = {
        capYuan: result.value.evaluation.capYuan,
        explanation: result.value.evaluation.explanation.map((step) => ({ ...step })),
      }
  }
  if (earned === null && enrollTodayEarned === null) return null
  const conditional = [...(earned ? years : []), ...(enrollTodayEarned ? todayYears : [])]
  return { years: [...new Set(conditional)].sort((a, b) => a - b), earned, enrollTodayEarned }
}

/**
 * What a cap reads as: its amount; on an unpublished base, what the steps add to it (原封顶线 +6,000元), or
 * the net number of steps when even the step amount is unknown. Equal keys show the resident the same figure.
 */
function capKey(e: CapLike): string {
  if (e.capYuan !== null) return `${e.capYuan}`
  const over = capOverBase(e.explanation)
  if (over !== null) return JSON.stringify(over)
  if (e.incentiveYuan != null && e.gapPenaltyYuan != null) return `Δ${e.incentiveYuan - e.gapPenaltyYuan}`
  if (e.continuousSteps === undefined) return 'base'
  return `steps${e.continuousSteps + (e.zeroClaimSteps ?? 0) - (e.penaltySteps ?? 0)}`
}

interface CapLike {
  capYuan: number | null
  explanation?: Evaluation['explanation'] | undefined
  incentiveYuan?: number | null
  gapPenaltyYuan?: number | null
  continuousSteps?: number
  zeroClaimSteps?: number
  penaltySteps?: number
}

/** A what-if cap (paying today) carries only its amount and steps: compare it on those alone. */
const whatIfCap = (e: { capYuan: number | null; explanation?: Evaluation['explanation'] | undefined }): CapLike => ({
  capYuan: e.capYuan,
  explanation: e.explanation,
})

function earnedFigures(e: Evaluation): NonNullable<Pending['earned']> {
  return {
    capYuan: e.capYuan,
    capFen: e.capFen,
    incentiveYuan: e.incentiveYuan,
    gapPenaltyYuan: e.gapPenaltyYuan,
    continuousSteps: e.continuousSteps,
    zeroClaimSteps: e.zeroClaimSteps,
    penaltySteps: e.penaltySteps,
    explanation: e.explanation.map((step) => ({ ...step })),
  }
}

/** The registry's tables for the asked coverage year: every engine call of one answer uses these. */
export function engineOptions(registry: RegistrySnapshot, year: number): EvaluateOptions {
  return { tables: registry.tablesFor(year), shapeChecked: true }
}

function enrollTodayFor(
  input: PolicyInput,
  today: string,
  options: EvaluateOptions,
): EntitlementResponse['whatIf']['enrollToday'] {
  const result = enrollOn(input, today, options)
  if (!result.ok) {
    log.warn('what_if_failed', { what: 'enrollOn', issue: result.issues[0]?.code })
    return null
  }
  const { year, paidOn, evaluation, alreadyPaid } = result.value
  // Already paid for the year a payment today would buy: nothing to decide.
  if (alreadyPaid) return null
  return {
    year,
    paidOn,
    late: evaluation.late,
    capYuan: evaluation.capYuan,
    waitingMonths: evaluation.waitingMonths,
    benefitStart: evaluation.benefitStart,
    contributionDueFen: evaluation.contributionDueFen,
    explanation: evaluation.explanation.map((step) => ({ ...step })),
  }
}

function backPayFor(input: PolicyInput, options: EvaluateOptions): EntitlementResponse['whatIf']['backPay'] {
  const probe = backPay(input, [], options)
  if (!probe.ok || probe.value.repairableYears.length === 0) return null
  const years = probe.value.repairableYears
  const result = backPay(input, years, options)
  if (!result.ok) {
    log.warn('what_if_failed', { what: 'backPay', issue: result.issues[0]?.code })
    return null
  }
  const r = result.value
  return {
    years,
    costFen: r.costFen,
    waitingMonthsBefore: r.waitingMonthsBefore,
    waitingMonthsAfter: r.waitingMonthsAfter,
    monthsSaved: r.monthsSaved,
    benefitStartBefore: r.benefitStartBefore,
    benefitStartAfter: r.benefitStartAfter,
  }
}

function stayEnrolledFor(input: PolicyInput, options: EvaluateOptions): EntitlementResponse['whatIf']['stayEnrolled'] {
  const result = stayEnrolled(input, PROJECTION_YEARS, options)
  if (!result.ok) {
    log.warn('what_if_failed', { what: 'stayEnrolled', issue: result.issues[0]?.code })
    return []
  }
  return result.value.series.map((p) => ({ ...p }))
}
