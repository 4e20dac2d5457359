// SPEC §4: the waiting period of a resident enrollment for coverage year Y paid on P.

import { addDays, addMonths, firstDayOf, formatDate, lastDayOf, parseDate } from './dates'
import { assume, explain, type Context, type Values } from './context'
import { findExemption, type Exemption } from './exemptions'
import { firstStart, inputWindows, lastEnd, timingOf } from './periods'
import type { Scan } from './scan'

export interface WaitingResult {
  readonly late: boolean
  readonly waitingMonths: number
  readonly fixedMonths: number
  readonly variableMonths: number
  /** ymd */
  readonly benefitStart: number
  /** ymd */
  readonly coverageEnd: number
  readonly exemption: Exemption | null
}

export function evaluateWaiting(ctx: Context, scan: Scan): WaitingResult {
  const { params, input } = ctx
  const cite = params.cite
  const y = input.year
  const paidOnText = ctx.table.current?.paidOn
  const paidOn = paidOnText === undefined ? null : parseDate(paidOnText)
  if (paidOn === null) assume(ctx, 'PAID_ON_UNKNOWN')
  const coverageEnd = lastDayOf(y)

  const own = input.enrollmentPeriod === undefined && input.enrollmentPeriods === undefined ? null : inputWindows(input)
  const windows = own ?? params.periods
  // Inside any window is on time; outside every window once the first opened is late. A payment before the
  // period opens is refused by validation (SPEC §5) unless an exemption allows it, and then is not late.
  let late = paidOn !== null && timingOf(paidOn, windows) === 'late'
  const g = scan.lastRun
  const current = ctx.table.current
  if (current !== undefined && current.programmeYears !== undefined && current.programmeYears > 1) {
    // Sichuan 000 (一): paid at school for the whole programme; every year of it is on time.
    const values = {
      from: current.year,
      to: current.year + current.programmeYears - 1,
      years: current.programmeYears,
      paidOn: paidOnText as string,
    }
    explain(ctx, 'PROGRAMME_PAID', values, params.studentProgramme.cite)
    late = false
  }
  if (late && paidOn !== null && newbornNextYearOnTime(ctx, paidOn)) {
    explain(
      ctx,
      'NEWBORN_NEXT_YEAR_ON_TIME',
      { days: params.decisions.newbornWindowDays, next: y },
      cite.newbornNextYear,
    )
    late = false
  }

  // An exempt enrollment is not treated as late: its group's own rule sets when benefits start.
  const exemption = findExemption(ctx, paidOn, late || g > 0)
  if (exemption !== null) {
    const values: Values = { group: exemption.kind, date: formatDate(exemption.start), ...exemption.detail }
    explain(ctx, 'EXEMPT', values, exemption.cite)
    return finish(ctx, false, 0, 0, 0, exemption.start, exemption.coverageEnd, exemption)
  }

  if (late) {
    if (own === null && params.periodIsDefault) assume(ctx, 'ENROLLMENT_PERIOD_DEFAULT')
    const values = {
      paidOn: paidOnText as string,
      periodStart: formatDate(firstStart(windows)),
      periodEnd: formatDate(lastEnd(windows)),
    }
    explain(ctx, 'LATE', values, own === null ? cite.late : cite.waiting)
  }
  if (g === 0 && !late) {
    ctx.steps.push(params.fixed.noWaiting)
    return finish(ctx, false, 0, 0, 0, firstDayOf(y), coverageEnd, null)
  }
  if (g > 0) explain(ctx, 'GAP_LENGTH', { years: g }, cite.waiting)

  const rule = params.waiting
  const fixedMonths = rule.fixedMonths
  explain(ctx, 'WAITING_FIXED', { months: fixedMonths }, cite.waiting)
  // D10: a one-year gap already adds a month; the other reading lets the first gap year pass free.
  const counted = params.decisions.oneYearGapAddsMonth ? g : Math.max(0, g - 1)
  const unrepaired = Math.max(0, counted - scan.lastRunBackPaid)
  if (g > 0) explain(ctx, 'WAITING_VARIABLE', { gapYears: g, months: counted * rule.monthsPerGapYear }, cite.variable)
  if (scan.lastRunBackPaid > 0) {
    const monthsSaved = (counted - unrepaired) * rule.monthsPerGapYear
    explain(ctx, 'BACK_PAY', { years: scan.lastRunBackPaid, monthsSaved }, cite.backPay)
  }
  if (scan.backPaidElsewhere > 0) explain(ctx, 'BACK_PAY_OUTSIDE_GAP', { years: scan.backPaidElsewhere }, cite.backPay)
  let waitingMonths = fixedMonths + unrepaired * rule.monthsPerGapYear
  if (g >= rule.floorGapYears && waitingMonths < rule.floorMonths) {
    explain(ctx, 'WAITING_FLOOR', { gapYears: g, before: waitingMonths, months: rule.floorMonths }, cite.waiting)
    waitingMonths = rule.floorMonths
  }
  const from = Math.max(paidOn ?? 0, firstDayOf(y))
  const benefitStart = addMonths(from, waitingMonths)
  explain(
    ctx,
    'BENEFIT_START',
    { date: formatDate(benefitStart), fromDate: formatDate(from), months: waitingMonths },
    cite.waiting,
  )
  return finish(ctx, late, waitingMonths, fixedMonths, waitingMonths - fixedMonths, benefitStart, coverageEnd, null)
}

/** D16 (Shanxi): a payment for the year after birth within D12's days of the birth is never late. */
export function newbornNextYearOnTime(ctx: Context, paidOn: number): boolean {
  const { birthDate, birthYear, params } = ctx
  return (
    params.decisions.newbornNextYearNeverLate &&
    birthDate !== null &&
    birthYear === ctx.input.year - 1 &&
    paidOn <= addDays(birthDate, params.decisions.newbornWindowDays)
  )
}

function finish(
  ctx: Context,
  late: boolean,
  waitingMonths: number,
  fixedMonths: number,
  variableMonths: number,
  benefitStart: number,
  coverageEnd: number,
  exemption: Exemption | null,
): WaitingResult {
  const { params } = ctx
  const cite = params.cite.waiting
  if (benefitStart > coverageEnd) {
    explain(
      ctx,
      'BENEFIT_AFTER_COVERAGE',
      { date: formatDate(benefitStart), coverageEnd: formatDate(coverageEnd) },
      cite,
    )
  }
  // Only the Shanxi student's coverage runs past Y-12-31; that extension is the group's clause.
  if (exemption !== null && coverageEnd !== lastDayOf(ctx.input.year)) {
    explain(ctx, 'COVERAGE_END', { date: formatDate(coverageEnd) }, exemption.cite)
  } else ctx.steps.push(params.fixed.coverageEnd)
  return { late, waitingMonths, fixedMonths, variableMonths, benefitStart, coverageEnd, exemption }
}
