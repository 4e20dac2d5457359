// The fast core: one evaluation of a valid input. No validation, no valibot: the server and the benchmark
// call it directly; `evaluate` (evaluate.ts) validates first.

import { evaluateCap, type CapResult } from './cap'
import { contributionDue, repairCost } from './contribution'
import { assume, explain, type Context } from './context'
import { convertedEmployeeYears } from './conversion'
import { firstDayOf, formatDate, lastDayOf, parseDate, yearOf } from './dates'
import { explainGaps } from './gaps'
import { buildYearTable } from './history'
import { fenToYuanOrNull, yuanToFen } from './money'
import { resolveParams, type ResolvedParams, type ResolveOptions } from './params'
import type { Evaluation, PolicyInput, ProvinceCode } from './types'
import { EMPTY_SCAN, scanYears } from './scan'
import { evaluateWaiting, type WaitingResult } from './waiting'
import { explainEmployeeEnded } from './exemptions'

/** The parameters for an input's province, region and year (cached for the built-in tables). */
export function paramsFor(input: PolicyInput, options?: ResolveOptions): ResolvedParams {
  return resolveParams(input.province as ProvinceCode, input.region, input.year, options)
}

/** Assumes `input` passed validatePolicyInput; never throws for such an input. */
export function evaluateValid(input: PolicyInput, params: ResolvedParams = paramsFor(input)): Evaluation {
  const birthDate = input.birthDate === undefined ? null : parseDate(input.birthDate)
  const birthYear = birthDate === null ? null : yearOf(birthDate)
  const table = buildYearTable(input, params)
  const ctx: Context = { input, params, table, birthDate, birthYear, steps: [], assumptions: [] }
  const y = input.year

  if (!params.regionInTable) {
    assume(ctx, 'REGION_NOT_IN_TABLE')
    explain(ctx, 'REGION_NOT_IN_TABLE', { region: input.region ?? '' }, '')
  }
  for (const id of params.overridden) {
    assume(ctx, 'DECISION_OVERRIDDEN')
    explain(ctx, 'DECISION_OVERRIDDEN', { decision: id }, id)
  }
  const validity = params.validity.value
  if (validity !== null && y >= validity.issuedYear + validity.years) {
    // The document's term ends during year issuedYear + years (its day is not shown): from that year on
    // the answer is a projection under the current rules.
    assume(ctx, 'RULES_ASSUMED_CONTINUING')
    explain(
      ctx,
      'RULES_ASSUMED_CONTINUING',
      { year: y, issuedYear: validity.issuedYear, years: validity.years },
      params.validity.cite,
    )
  }

  const covered = table.current?.scheme === 'resident'
  const scan = y < table.start ? EMPTY_SCAN : scanYears(ctx)
  const gapYears = scan.lastRun
  let cap: CapResult | null = null
  let waiting: WaitingResult | null = null
  if (!covered) {
    explain(ctx, table.current === undefined ? 'NOT_COVERED' : 'NOT_COVERED_EMPLOYEE', { year: y }, params.cite.waiting)
    if (table.current !== undefined) explainEmployeeEnded(ctx, table.current)
    explainGaps(ctx, scan)
  } else if (y < table.start) {
    // Before the mechanism (D1) the cap is the base cap and nothing waits.
    explain(ctx, 'MECHANISM_NOT_IN_FORCE', { year: y, start: table.start }, params.cite.mechanism)
    cap = baseOnly(ctx)
    waiting = {
      late: false,
      waitingMonths: 0,
      fixedMonths: 0,
      variableMonths: 0,
      benefitStart: firstDayOf(y),
      coverageEnd: lastDayOf(y),
      exemption: null,
    }
  } else {
    cap = evaluateCap(ctx, scan)
    waiting = evaluateWaiting(ctx, scan)
  }
  const repairCostFen = repairCost(ctx)
  const contributionDueFen = contributionDue(ctx, waiting?.exemption ?? null)
  const converted = convertedEmployeeYears(ctx, scan)

  return {
    province: params.province,
    year: y,
    covered,
    capYuan: fenToYuanOrNull(cap?.capFen ?? null),
    capFen: cap?.capFen ?? null,
    baseCapYuan: fenToYuanOrNull(cap?.baseFen ?? null),
    baseCapFen: cap?.baseFen ?? null,
    stepYuan: fenToYuanOrNull(cap?.stepFen ?? null),
    stepFen: cap?.stepFen ?? null,
    incentiveYuan: fenToYuanOrNull(cap?.incentiveFen ?? null),
    incentiveFen: cap?.incentiveFen ?? null,
    gapPenaltyYuan: fenToYuanOrNull(cap?.penaltyFen ?? null),
    gapPenaltyFen: cap?.penaltyFen ?? null,
    continuousSteps: cap?.continuousSteps ?? 0,
    zeroClaimSteps: cap?.zeroClaimSteps ?? 0,
    penaltySteps: cap?.penaltySteps ?? 0,
    gapYears,
    waitingMonths: waiting?.waitingMonths ?? null,
    fixedWaitingMonths: waiting?.fixedMonths ?? null,
    variableWaitingMonths: waiting?.variableMonths ?? null,
    late: waiting?.late ?? false,
    benefitStart: waiting === null ? null : dateText(waiting.benefitStart, params),
    coverageEnd: waiting === null ? null : dateText(waiting.coverageEnd, params),
    exemption: waiting?.exemption?.kind ?? null,
    repairCostFen,
    contributionDueFen,
    convertedEmployeeYears: converted,
    assumptions: ctx.assumptions,
    explanation: ctx.steps,
  }
}

/** The two dates nearly every answer has come formatted with the parameters. */
function dateText(date: number, params: ResolvedParams): string {
  if (date === firstDayOf(params.year)) return params.yearStartText
  if (date === lastDayOf(params.year)) return params.yearEndText
  return formatDate(date)
}

function baseOnly(ctx: Context): CapResult {
  const { params, input } = ctx
  const given = params.baseCapFixed ? undefined : input.baseCapYuan
  const baseYuan = given ?? params.baseCap?.value ?? null
  if (baseYuan === null) assume(ctx, 'BASE_CAP_UNPUBLISHED')
  const baseFen = baseYuan === null ? null : yuanToFen(baseYuan)
  return {
    baseFen,
    stepFen: null,
    continuousSteps: 0,
    zeroClaimSteps: 0,
    penaltySteps: 0,
    incentiveFen: 0,
    penaltyFen: 0,
    capFen: baseFen,
  }
}
