// The one home for checking a payment date against what can have happened (SPEC §5): not after today, not
// before the birth, not after the coverage year ended (a newborn's birth-year registration within D12's
// days excepted), not before the coverage year's enrollment period opens (a Shanxi newborn's next-year
// payment within D12's days, D16, and a Sichuan student's whole-programme payment excepted). The engine's
// validation, the Worker's history route and the CSV import all ask this function.

import { addDays, isDateString, lastDayOf, parseDate, yearOf } from './dates'
import { resolveParams, type ResolveOptions } from './params'
import { timingOf, type YmdWindow } from './periods'
import { isProvinceCode } from './provinces'
import type { EnrollmentWindow, ProvinceCode } from './types'

export type PaidOnProblem = 'PAID_IN_FUTURE' | 'PAID_BEFORE_BIRTH' | 'PAID_AFTER_YEAR_END' | 'PAID_BEFORE_PERIOD'

export interface PaidOnFacts {
  /** the coverage year the payment is recorded for */
  readonly year: number
  /** YYYY-MM-DD */
  readonly paidOn: string
  /** absent → the D2 default period and SPEC decisions */
  readonly province?: ProvinceCode | string
  readonly region?: string
  readonly birthDate?: string | null
  /** CST today; absent → the future is not checked (a projection may pay ahead) */
  readonly today?: string
  /** the coverage year's own published windows, before the region's tables */
  readonly windows?: readonly EnrollmentWindow[]
  /** a Sichuan whole-programme payment covering more years than `year` */
  readonly programmeYears?: number
}

/**
 * What is wrong with a payment date, or null. Dates must be valid `YYYY-MM-DD` (else null: shape is checked elsewhere).
 */
export function paidOnProblem(facts: PaidOnFacts, options: ResolveOptions = {}): PaidOnProblem | null {
  if (!isDateString(facts.paidOn)) return null
  const province: ProvinceCode = isProvinceCode(facts.province) ? facts.province : '51'
  const params = resolveParams(province, isProvinceCode(facts.province) ? facts.region : undefined, facts.year, options)
  const windows = facts.windows?.length
    ? facts.windows.map((w) => ({ start: parseDate(w.start), end: parseDate(w.end) }))
    : params.periods
  const birth = facts.birthDate != null && isDateString(facts.birthDate) ? parseDate(facts.birthDate) : null
  const today = facts.today !== undefined && isDateString(facts.today) ? parseDate(facts.today) : null
  return paidOnProblemYmd(facts.year, parseDate(facts.paidOn), {
    birth,
    today,
    windows,
    newbornWindowDays: params.decisions.newbornWindowDays,
    newbornNextYearNeverLate: params.decisions.newbornNextYearNeverLate,
    wholeProgramme: (facts.programmeYears ?? 1) > 1 && params.studentProgramme.value,
  })
}

export interface PaidOnRules {
  readonly birth: number | null
  readonly today: number | null
  readonly windows: readonly YmdWindow[]
  readonly newbornWindowDays: number
  readonly newbornNextYearNeverLate: boolean
  readonly wholeProgramme: boolean
}

/** The same on ymd numbers, for the engine's validation. */
export function paidOnProblemYmd(year: number, paid: number, rules: PaidOnRules): PaidOnProblem | null {
  const { birth } = rules
  if (rules.today !== null && paid > rules.today) return 'PAID_IN_FUTURE'
  if (birth !== null && paid < birth) return 'PAID_BEFORE_BIRTH'
  const withinNewbornDays = birth !== null && paid <= addDays(birth, rules.newbornWindowDays)
  if (paid > lastDayOf(year) && !(withinNewbornDays && yearOf(birth as number) === year)) return 'PAID_AFTER_YEAR_END'
  if (timingOf(paid, rules.windows) === 'before-period') {
    const newbornNextYear = rules.newbornNextYearNeverLate && withinNewbornDays && yearOf(birth as number) === year - 1
    if (!newbornNextYear && !rules.wholeProgramme) return 'PAID_BEFORE_PERIOD'
  }
  return null
}

/** What a resident or clerk reads next to the payment date, naming the year. */
export function paidOnMessageZh(problem: PaidOnProblem, year: number, paidOn: string): string {
  switch (problem) {
    case 'PAID_IN_FUTURE':
      return `缴费日期 ${paidOn} 在今天之后：只能填写已经缴过的费用`
    case 'PAID_BEFORE_BIRTH':
      return '缴费日期早于出生日期，请核对出生日期或缴费日期'
    case 'PAID_AFTER_YEAR_END':
      return (
        `缴费日期晚于 ${year} 年底：年度结束后不能再为 ${year} 年度参保（出生90天内办理的新生儿除外），` +
        '补缴请填在“补缴年度”里'
      )
    case 'PAID_BEFORE_PERIOD':
      return `缴费日期早于 ${year} 年度集中参保期的开始日期，不可能是 ${year} 年度的缴费，请核对年度或缴费日期`
  }
}
