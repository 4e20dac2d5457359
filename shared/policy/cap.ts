// The critical-illness cap for a resident-covered year Y (SPEC §3): base + incentive − penalty, where the
// incentive counts continuous and zero-claim steps and the penalty counts gap years.

import { assume, explain, type Context, type Values } from './context'
import { explainGaps } from './gaps'
import { ZERO_CLAIM } from './history'
import { fenToYuan, percentOfFen, yuanToFen } from './money'
import type { LimitRule } from './provinces'
import { STREAK_RUNS, ZERO_RUNS, type Scan } from './scan'
import type { ExplanationStep } from './types'

export interface CapResult {
  readonly baseFen: number | null
  readonly stepFen: number | null
  readonly continuousSteps: number
  readonly zeroClaimSteps: number
  readonly penaltySteps: number
  readonly incentiveFen: number | null
  readonly penaltyFen: number | null
  readonly capFen: number | null
}

/** Appends the cap's explanation in SPEC order: base, step, streak, steps, incentive, gaps, penalty, cap. */
export function evaluateCap(ctx: Context, scan: Scan): CapResult {
  const { params } = ctx
  const baseFen = baseCap(ctx)
  const stepFen = stepAmount(ctx, baseFen)
  const stepYuan = stepFen === null ? null : fenToYuan(stepFen)
  const continuousSteps = continuous(ctx, scan, stepYuan)
  const zeroClaimSteps = zeroClaim(ctx, scan, stepYuan)

  const incentiveSteps = continuousSteps + zeroClaimSteps
  const rawIncentive = amount(incentiveSteps, stepFen)
  const maxUpFen = limitFen(params.maxUp, baseFen)
  const incentiveFen = held(rawIncentive, maxUpFen)
  if (incentiveSteps === 0) ctx.steps.push(params.fixed.incentiveNone)
  else {
    const values: Values =
      incentiveFen === null
        ? { steps: incentiveSteps }
        : { steps: incentiveSteps, incentiveYuan: fenToYuan(incentiveFen) }
    explain(ctx, 'INCENTIVE', values, params.cite.maxUp)
  }
  explainLimit(ctx, 'INCENTIVE_LIMIT', rawIncentive, maxUpFen, params.maxUp, params.cite.maxUp)

  explainGaps(ctx, scan)
  const penaltySteps = countPenaltySteps(ctx, scan)
  // D15: a gap year lowers by the same step unless a region publishes another amount
  const gapStepYuan = params.decisions.gapStepYuan
  const rawPenalty = amount(penaltySteps, gapStepYuan === null ? stepFen : yuanToFen(gapStepYuan))
  const maxDownFen = limitFen(params.maxDown, baseFen)
  const penaltyFen = held(rawPenalty, maxDownFen)
  if (penaltySteps > 0) {
    const code = params.decisions.penaltyPerReenrollment ? 'PENALTY_PER_REENROLLMENT' : 'PENALTY'
    const { gapYears } = scan
    const values: Values =
      penaltyFen === null
        ? { gapYears, steps: penaltySteps }
        : { gapYears, steps: penaltySteps, penaltyYuan: fenToYuan(penaltyFen) }
    explain(ctx, code, values, params.cite.penalty)
    explainLimit(ctx, 'PENALTY_LIMIT', rawPenalty, maxDownFen, params.maxDown, params.cite.maxDown)
  } else if (scan.gapYears > 0) explain(ctx, 'PENALTY_NOT_PERSISTING', { gapYears: scan.gapYears }, params.cite.penalty)
  else ctx.steps.push(params.fixed.penaltyNone)

  let capFen: number | null = null
  if (baseFen !== null && incentiveFen !== null && penaltyFen !== null) {
    const rawCap = baseFen + incentiveFen - penaltyFen
    // SPEC §3.6: never below zero (only a regional base cap under the penalty limit can get there)
    capFen = Math.max(0, rawCap)
    const values = {
      baseYuan: fenToYuan(baseFen),
      incentiveYuan: fenToYuan(incentiveFen),
      penaltyYuan: fenToYuan(penaltyFen),
      capYuan: fenToYuan(rawCap),
    }
    explain(ctx, 'CAP', values, params.cite.base)
    if (rawCap < 0) explain(ctx, 'CAP_AT_ZERO', { rawYuan: fenToYuan(rawCap) }, params.cite.maxDown)
  } else explainRelativeCap(ctx, incentiveSteps, penaltySteps, rawIncentive, rawPenalty, incentiveFen, penaltyFen)
  return { baseFen, stepFen, continuousSteps, zeroClaimSteps, penaltySteps, incentiveFen, penaltyFen, capFen }
}

function baseCap(ctx: Context): number | null {
  const { params, input } = ctx
  if (input.baseCapYuan !== undefined && params.baseCapFixed && params.baseCap !== null) {
    // Sichuan: 全省…封顶线统一设置为30万元 — a figure from the caller does not count.
    explain(
      ctx,
      'BASE_CAP_INPUT_IGNORED',
      { baseYuan: input.baseCapYuan, provinceYuan: params.baseCap.value },
      params.cite.base,
    )
  } else if (input.baseCapYuan !== undefined) {
    explain(ctx, 'BASE_CAP_INPUT', { baseYuan: input.baseCapYuan }, params.cite.base)
    return yuanToFen(input.baseCapYuan)
  }
  const base = params.baseCap
  if (base === null) {
    assume(ctx, 'BASE_CAP_UNPUBLISHED')
    ctx.steps.push(params.fixed.baseCapUnknown)
    return null
  }
  if (!base.verified) assume(ctx, 'REGION_FIGURE_UNVERIFIED')
  if (params.fixed.baseCap !== null) ctx.steps.push(params.fixed.baseCap)
  return yuanToFen(base.value)
}

function stepAmount(ctx: Context, baseFen: number | null): number | null {
  const { params, input } = ctx
  const rule = params.step
  if (rule.kind === 'percent-of-base') {
    if (input.stepYuan !== undefined)
      explain(ctx, 'STEP_INPUT_IGNORED', { stepYuan: input.stepYuan }, params.cite.stepRule)
    const stepFen = baseFen === null ? null : percentOfFen(baseFen, rule.percent)
    const { percent } = rule
    explain(
      ctx,
      'STEP_PERCENT',
      stepFen === null ? { percent } : { percent, stepYuan: fenToYuan(stepFen) },
      params.cite.step,
    )
    return stepFen
  }
  if (rule.kind === 'region' && input.stepYuan !== undefined) {
    // Heilongjiang: the region sets the step; the caller's figure comes first.
    explain(ctx, 'STEP_FIXED', { stepYuan: input.stepYuan }, params.cite.stepRule)
    return yuanToFen(input.stepYuan)
  }
  if (input.stepYuan !== undefined)
    explain(ctx, 'STEP_INPUT_IGNORED', { stepYuan: input.stepYuan }, params.cite.stepRule)
  ctx.steps.push(params.fixed.step as ExplanationStep)
  if (rule.kind === 'fixed') return yuanToFen(rule.yuan)
  const region = params.stepRegion
  if (region === null) {
    // the document only says 不低于1000元
    assume(ctx, 'STEP_IS_DOCUMENT_MINIMUM')
    return yuanToFen(rule.minimumYuan)
  }
  if (!region.verified) assume(ctx, 'REGION_FIGURE_UNVERIFIED')
  return yuanToFen(region.value)
}

/**
 * Continuous steps (SPEC §3.2): one per resident year beyond the first `after` years of the streak ending
 * at Y; with D4 (Jiangxi) also those of earlier streaks, which the other provinces lose.
 */
function continuous(ctx: Context, scan: Scan, stepYuan: number | null): number {
  const { params } = ctx
  const y = ctx.input.year
  const after = params.continuousAfterYears
  const cite = params.cite
  const { streak } = scan
  explain(ctx, 'STREAK', { years: streak, from: y - streak + 1, to: y }, cite.streak)
  if (scan.employeeBeforeStreak) explain(ctx, 'STREAK_BROKEN_BY_EMPLOYEE', { year: y - streak }, cite.employee)

  let steps = 0
  const keep = params.decisions.keepContinuousStepsAfterGap
  for (let i = 0; i < scan.earlierStreaks; i++) {
    const first = STREAK_RUNS[2 * i] as number
    const last = STREAK_RUNS[2 * i + 1] as number
    const earned = last - first + 1 - after
    if (keep) {
      explain(ctx, 'CONTINUOUS_KEPT', stepValues(earned, after, first + after, last, stepYuan), cite.kept)
      steps += earned
    } else explain(ctx, 'CONTINUOUS_LOST', { steps: earned, from: first + after, to: last }, cite.kept)
  }

  const current = streak - after
  if (current > 0) {
    explain(ctx, 'CONTINUOUS', stepValues(current, after, y - current + 1, y, stepYuan), cite.continuous)
    steps += current
  } else explain(ctx, 'CONTINUOUS_NONE', { years: streak, after }, cite.continuous)
  return steps
}

/**
 * Zero-claim steps (SPEC §3.3): one per resident year X < Y whose fund paid nothing, after the latest year
 * whose reimbursement used the incentive. A reset in Y itself only acts from Y + 1.
 */
function zeroClaim(ctx: Context, scan: Scan, stepYuan: number | null): number {
  const { params } = ctx
  const y = ctx.input.year
  const cite = params.cite
  if (scan.clearYear !== 0) {
    const values = { year: scan.clearYear, cleared: scan.cleared }
    if (scan.clearedByGap) explain(ctx, 'ZERO_CLAIM_CLEARED_BY_GAP', values, cite.zeroClaimGap)
    else explain(ctx, 'ZERO_CLAIM_RESET', values, cite.zeroClaim)
  }
  for (let i = 0; i < scan.zeroRuns; i++) {
    const from = ZERO_RUNS[3 * i] as number
    const to = ZERO_RUNS[3 * i + 1] as number
    if (ZERO_RUNS[3 * i + 2] === ZERO_CLAIM) {
      explain(ctx, 'ZERO_CLAIM', stepValues(to - from + 1, 0, from, to, stepYuan), cite.zeroClaim)
    } else {
      assume(ctx, 'FUND_PAID_UNKNOWN')
      explain(ctx, 'ZERO_CLAIM_UNKNOWN', { from, to }, cite.zeroClaim)
    }
  }
  if (ctx.table.current?.incentiveUsed === true)
    explain(ctx, 'ZERO_CLAIM_RESET_NEXT_YEAR', { year: y, next: y + 1 }, cite.zeroClaim)
  return scan.zeroClaimSteps
}

/** SPEC §3.5: gap years (D6 cumulative) or, in Guizhou, re-enrollments after a gap (D7). */
function countPenaltySteps(ctx: Context, scan: Scan): number {
  const d = ctx.params.decisions
  if (d.gapPenaltyPersists) return d.penaltyPerReenrollment ? scan.gapRuns : scan.gapYears
  if (scan.lastRun === 0) return 0
  return d.penaltyPerReenrollment ? 1 : scan.lastRun
}

/** A run of steps; `after` 0 means the run is not a continuous one. Literal shapes keep the hot path fast. */
function stepValues(steps: number, after: number, from: number, to: number, stepYuan: number | null): Values {
  if (after === 0) return stepYuan === null ? { steps, from, to } : { steps, from, to, stepYuan }
  return stepYuan === null ? { steps, after, from, to } : { steps, after, from, to, stepYuan }
}

// Amounts are null only when they depend on an unknown figure (a base cap nobody published): with no steps
// an amount is 0 whatever the base.
const amount = (steps: number, stepFen: number | null): number | null =>
  steps === 0 ? 0 : stepFen === null ? null : steps * stepFen

const limitFen = (limit: LimitRule, baseFen: number | null): number | null =>
  limit.kind === 'fixed' ? yuanToFen(limit.yuan) : baseFen === null ? null : percentOfFen(baseFen, limit.percent)

const held = (raw: number | null, limit: number | null): number | null =>
  raw === 0 ? 0 : raw === null || limit === null ? null : Math.min(raw, limit)

function explainLimit(
  ctx: Context,
  code: 'INCENTIVE_LIMIT' | 'PENALTY_LIMIT',
  raw: number | null,
  limit: number | null,
  rule: LimitRule,
  cite: string,
): void {
  if (raw === null || limit === null || raw <= limit) return
  const rawYuan = fenToYuan(raw)
  const limitYuan = fenToYuan(limit)
  // Literal shapes (no computed key, no added property): these steps are built on many evaluations.
  let values: Values
  if (code === 'INCENTIVE_LIMIT')
    values =
      rule.kind === 'percent-of-base'
        ? { rawYuan, maxUpYuan: limitYuan, percent: rule.percent }
        : { rawYuan, maxUpYuan: limitYuan }
  else
    values =
      rule.kind === 'percent-of-base'
        ? { rawYuan, maxDownYuan: limitYuan, percent: rule.percent }
        : { rawYuan, maxDownYuan: limitYuan }
  explain(ctx, code, values, cite)
}

/**
 * Issue 15: a base cap nobody published still leaves what the person has earned or lost known — in yuan where
 * the step is a sum (原封顶线 + 6000元), in percent of the base where the step is a share of it (Guizhou).
 * A limit set as a share of the unknown base is named beside the amount it may cut.
 */
function explainRelativeCap(
  ctx: Context,
  incentiveSteps: number,
  penaltySteps: number,
  rawIncentive: number | null,
  rawPenalty: number | null,
  incentiveFen: number | null,
  penaltyFen: number | null,
): void {
  const { params } = ctx
  const cite = params.cite.base
  if (incentiveSteps === 0 && penaltySteps === 0) {
    explain(ctx, 'CAP_IS_BASE', {}, cite)
    return
  }
  const values: Values = {}
  const rule = params.step
  if (incentiveSteps > 0) {
    const limit = params.maxUp
    if (incentiveFen !== null) values.incentiveYuan = fenToYuan(incentiveFen)
    else if (rawIncentive !== null) values.incentiveYuan = fenToYuan(rawIncentive)
    else if (rule.kind === 'percent-of-base')
      values.incentivePercent =
        limit.kind === 'percent-of-base'
          ? Math.min(incentiveSteps * rule.percent, limit.percent)
          : incentiveSteps * rule.percent
    if (incentiveFen === null && limit.kind === 'percent-of-base' && values.incentivePercent === undefined)
      values.maxUpPercent = limit.percent
  }
  if (penaltySteps > 0) {
    const limit = params.maxDown
    if (penaltyFen !== null) values.penaltyYuan = fenToYuan(penaltyFen)
    else if (rawPenalty !== null) values.penaltyYuan = fenToYuan(rawPenalty)
    else if (rule.kind === 'percent-of-base')
      values.penaltyPercent =
        limit.kind === 'percent-of-base'
          ? Math.min(penaltySteps * rule.percent, limit.percent)
          : penaltySteps * rule.percent
    if (penaltyFen === null && limit.kind === 'percent-of-base' && values.penaltyPercent === undefined)
      values.maxDownPercent = limit.percent
  }
  const known =
    values.incentiveYuan !== undefined ||
    values.incentivePercent !== undefined ||
    values.penaltyYuan !== undefined ||
    values.penaltyPercent !== undefined
  if (!known) ctx.steps.push(params.fixed.capUnknown)
  else explain(ctx, 'CAP_RELATIVE', values, cite)
}
