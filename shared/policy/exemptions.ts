// SPEC §5: special groups whose enrollment has no waiting period. An exemption covers one enrollment: a
// group's `year` names it; without one it is the evaluated year (a newborn's is the birth year).

import { addDays, addMonths, firstDayOf, formatDate, lastDayOf, parseDate, yearOf } from './dates'
import { assume, explain, type Context, type Values } from './context'
import { joinCites } from './params'
import { EMPLOYEE, RESIDENT } from './history'
import type { GroupReason } from './step-codes'
import type { ExemptionKind, GroupMembership, HistoryEntry } from './types'

export interface Exemption {
  readonly kind: ExemptionKind
  /** ymd: benefits start here */
  readonly start: number
  /** ymd: coverage ends here */
  readonly coverageEnd: number
  readonly cite: string
  /** the rule's figures the explanation names (window months, required years) */
  readonly detail?: Values
}

/**
 * The exemption of Y's enrollment, if any. `paidOn` null means the payment date is unknown: windows are then
 * taken as met, as the payment is assumed to be on time (PAID_ON_UNKNOWN). A declared group always applies;
 * the scheme switch, which nobody declares but the history shows, only where the enrollment would wait.
 */
export function findExemption(ctx: Context, paidOn: number | null, wouldWait: boolean): Exemption | null {
  const y = ctx.input.year
  const start = Math.max(paidOn ?? 0, firstDayOf(y))
  const groups = ctx.input.groups
  const newbornGroup = groups?.find((g) => g.kind === 'newborn')
  const newborn = newbornExemption(ctx, paidOn, newbornGroup)
  if (newborn !== null) return newborn
  const student = ctx.table.student
  if (student !== null && y >= student.from && y <= student.to) {
    const from = Math.max(student.paidOn ?? 0, firstDayOf(y))
    return { kind: 'student-first-enrollment', start: from, coverageEnd: student.end, cite: ctx.params.cite.student }
  }
  if (groups !== undefined) {
    for (const group of groups) {
      if (group.kind === 'newborn' || (group.year !== undefined && group.year !== y)) continue
      const found = groupExemption(ctx, group, paidOn, start)
      if (found !== null) return found
    }
  }
  return wouldWait ? schemeSwitch(ctx, paidOn, start) : null
}

function newbornExemption(ctx: Context, paidOn: number | null, group: GroupMembership | undefined): Exemption | null {
  const y = ctx.input.year
  const { birthDate, birthYear, params } = ctx
  const enrollmentYear = group?.year ?? birthYear
  // A birth-year enrollment is a newborn's whether or not the input says so.
  if (birthDate === null || enrollmentYear !== y) return null
  const cite = params.cite.newborn
  const days = params.decisions.newbornWindowDays
  if (paidOn !== null && paidOn > addDays(birthDate, days)) {
    explain(ctx, 'GROUP_NOT_APPLIED', { group: 'newborn', reason: 'newborn-window-missed', days }, cite)
    return null
  }
  return {
    kind: 'newborn',
    start: Math.max(birthDate, firstDayOf(y)),
    coverageEnd: lastDayOf(y),
    cite,
    detail: { days },
  }
}

function groupExemption(ctx: Context, group: GroupMembership, paidOn: number | null, start: number): Exemption | null {
  const { params } = ctx
  const y = ctx.input.year
  const plain = (kind: ExemptionKind, cite: string, detail?: Values): Exemption => ({
    kind,
    start,
    coverageEnd: lastDayOf(y),
    cite,
    detail,
  })
  const notApplied = (reason: GroupReason, cite: string, months?: number): null => {
    const values: Values = { group: group.kind, reason }
    if (months !== undefined) values.months = months
    explain(ctx, 'GROUP_NOT_APPLIED', values, cite)
    return null
  }
  const provinceCite = params.cite.waiting

  switch (group.kind) {
    case 'student-first-enrollment': {
      // Shanxi's interval (table.student) was taken above; without a record of that enrollment nothing applies.
      if (params.student.value === null) return notApplied('not-in-province', provinceCite)
      return null
    }
    case 'veteran-discharged':
    case 'left-other-system': {
      const window = params.exitWindow
      if (window.value?.kinds.includes(group.kind)) {
        const months = window.value.months
        if (group.exitedOn === undefined) return notApplied('exit-date-missing', window.cite, months)
        const deadline = addMonths(parseDate(group.exitedOn), months)
        if (paidOn !== null && paidOn > deadline) return notApplied('window-missed', window.cite, months)
        return plain(group.kind, window.cite, { months })
      }
      const discharged = params.discharged
      if (discharged.value?.kinds.includes(group.kind)) {
        // 当年退出现役: discharged in Y itself; the exit date shows the year, so it is required.
        if (group.exitedOn === undefined) {
          if (discharged.value.exitDateRequired) return notApplied('discharge-date-missing', discharged.cite)
        } else if (yearOf(parseDate(group.exitedOn)) < y - discharged.value.yearsBefore) {
          return notApplied('discharged-earlier', discharged.cite)
        }
        return plain(group.kind, discharged.cite)
      }
      return notApplied('not-in-province', provinceCite)
    }
    case 'assistance-funded':
      if (!params.assistanceFunded.value) return notApplied('not-in-province', provinceCite)
      return plain(group.kind, params.assistanceFunded.cite)
    default:
      return null
  }
}

/**
 * Shanxi 001 (四), Heilongjiang 002 (三): someone with ≥ 2 continuous years of basic insurance (either scheme;
 * D14: years before 2025 count) whose employee coverage ended — in Y − 1, or earlier in Y itself (a mid-year
 * switch, SPEC §5) — and who enrolls as a resident within 3 months of that end.
 */
function schemeSwitch(ctx: Context, paidOn: number | null, start: number): Exemption | null {
  const rule = ctx.params.schemeSwitch
  const { table } = ctx
  const ended = table.currentEmployee ?? (table.previous?.scheme === 'employee' ? table.previous : undefined)
  if (rule.value === null || ended === undefined) return null
  const y = ctx.input.year
  const covered = insuredYearsEndingAt(ctx, y - 1)
  if (covered < rule.value.minCoveredYears) return null
  const months = rule.value.windowMonths
  if (ended.endedOn === undefined) {
    explain(ctx, 'GROUP_NOT_APPLIED', { group: 'scheme-switch', reason: 'switch-end-missing', months }, rule.cite)
    return null
  }
  if (paidOn !== null && paidOn > addMonths(parseDate(ended.endedOn), months)) {
    explain(ctx, 'GROUP_NOT_APPLIED', { group: 'scheme-switch', reason: 'window-missed', months }, rule.cite)
    return null
  }
  if (rule.value.backPayRequired) assume(ctx, 'SWITCH_REQUIRES_BACK_PAY')
  const detail = { years: rule.value.minCoveredYears, months }
  const cite = covered > 0 && y - covered < table.start ? joinCites(rule.cite, ctx.params.cite.insured) : rule.cite
  return { kind: 'scheme-switch', start, coverageEnd: lastDayOf(y), cite, detail }
}

/** Consecutive insured years (either scheme) ending at `last`; before D1's start from the history (D14). */
function insuredYearsEndingAt(ctx: Context, last: number): number {
  const { table, input } = ctx
  let count = 0
  let year = last
  for (; year >= table.start; year--) {
    if (
      year - table.start >= table.length ||
      ((table.flags[year - table.start] as number) & (RESIDENT | EMPLOYEE)) === 0
    )
      return count
    count++
  }
  if (!ctx.params.decisions.insuredBeforeMechanismCounts) return count
  for (; ; year--) {
    let insured = false
    for (const entry of input.history) if (entry.year === year) insured = true
    if (!insured) return count
    count++
  }
}

/**
 * A year whose employee cover ended before 12-31 with no resident enrollment for the rest of it (王五: employee
 * until 06-30): the months after the end have no basic medical insurance. Where the province has the switch
 * rule (Shanxi 001 (四), Heilongjiang 002 (三)) the person learns the window in which a resident enrollment
 * would have had no waiting period.
 */
export function explainEmployeeEnded(ctx: Context, ended: HistoryEntry): void {
  const y = ctx.input.year
  if (ended.endedOn === undefined) return
  const end = parseDate(ended.endedOn)
  if (end >= lastDayOf(y)) return
  const rule = ctx.params.schemeSwitch
  const values: Values = { endedOn: ended.endedOn, fromDate: formatDate(addDays(end, 1)), coverageEnd: y + '-12-31' }
  const next = ctx.input.history.find((e) => e.year === y + 1 && e.scheme === 'resident')
  if (next?.paidOn !== undefined) {
    values.next = y + 1
    values.paidOn = next.paidOn
  }
  if (rule.value === null) {
    explain(ctx, 'EMPLOYEE_ENDED', values, ctx.params.cite.waiting)
    return
  }
  values.years = rule.value.minCoveredYears
  values.months = rule.value.windowMonths
  values.deadline = formatDate(addMonths(end, rule.value.windowMonths))
  // Heilongjiang: 可按转入地规定办理基本医保费补缴手续，补缴后不设待遇等待期
  if (rule.value.backPayRequired) values.condition = '按规定补缴后'
  explain(ctx, 'EMPLOYEE_ENDED_SWITCH', values, rule.cite)
}
