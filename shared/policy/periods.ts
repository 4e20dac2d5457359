// Enrollment periods (集中参保期, SPEC §2 D2): one or more windows per coverage year (a region may extend its
// period). The one home for "is a payment on date P on time, late or before the period opens" and for
// "which coverage year does a payment on date D buy"; every caller (the Worker, the calculator, family
// payments, campaigns, CSV import) asks these functions.

import { formatDate, isDateString, parseDate, yearOf } from './dates'
import { resolveParams, type ResolveOptions, type ResolvedParams } from './params'
import { isProvinceCode } from './provinces'
import type { EnrollmentWindow, PolicyInput, ProvinceCode } from './types'

/** A window as ymd numbers (dates.ts), both days included. */
export interface YmdWindow {
  readonly start: number
  readonly end: number
}

/**
 * on-time: inside any window; late: after the first window opened and outside every window (after the last
 * one's end, or between two windows); before-period: before the first window opens, which SPEC §5 refuses
 * except for its exemptions.
 */
export type PaymentTiming = 'on-time' | 'late' | 'before-period'

export function timingOf(paid: number, windows: readonly YmdWindow[]): PaymentTiming {
  let opened = false
  for (const w of windows) {
    if (paid >= w.start && paid <= w.end) return 'on-time'
    if (paid > w.start) opened = true
  }
  return opened ? 'late' : 'before-period'
}

export const firstStart = (windows: readonly YmdWindow[]): number => Math.min(...windows.map((w) => w.start))
export const lastEnd = (windows: readonly YmdWindow[]): number => Math.max(...windows.map((w) => w.end))

const toYmd = (w: EnrollmentWindow): YmdWindow => ({ start: parseDate(w.start), end: parseDate(w.end) })

/** The caller's own windows for the evaluated year, if it gave any (enrollmentPeriods wins). */
export function inputWindows(input: Pick<PolicyInput, 'enrollmentPeriod' | 'enrollmentPeriods'>): YmdWindow[] | null {
  if (input.enrollmentPeriods !== undefined && input.enrollmentPeriods.length > 0)
    return input.enrollmentPeriods.map(toYmd)
  if (input.enrollmentPeriod !== undefined) return [toYmd(input.enrollmentPeriod)]
  return null
}

/** The windows of coverage year `year` for an input: its own for the evaluated year, else the region's / D2. */
export function windowsForYear(input: PolicyInput, year: number, params: ResolvedParams): readonly YmdWindow[] {
  if (year === input.year) {
    const own = inputWindows(input)
    if (own !== null) return own
  }
  return params.year === year ? params.periods : resolveParams(params.province, input.region, year).periods
}

export interface CoverageYearWhere extends ResolveOptions {
  /** the region's province; absent → the D2 default period */
  readonly province?: ProvinceCode | string
  readonly region?: string
  /** published windows for particular coverage years (e.g. the evaluated year's own), before the tables */
  readonly periodsOf?: (coverageYear: number) => readonly EnrollmentWindow[] | undefined
}

/** The windows of one coverage year, as text, for a province and region (D2 default when none published). */
export function enrollmentPeriodsFor(coverageYear: number, where: CoverageYearWhere = {}): EnrollmentWindow[] {
  return ymdWindows(coverageYear, where).map((w) => ({ start: formatDate(w.start), end: formatDate(w.end) }))
}

function ymdWindows(coverageYear: number, where: CoverageYearWhere): readonly YmdWindow[] {
  const own = where.periodsOf?.(coverageYear)
  if (own !== undefined && own.length > 0) return own.map(toYmd)
  // Without a province the D2 default is the same in all five: Sichuan's table stands for it.
  const province: ProvinceCode = isProvinceCode(where.province) ? where.province : '51'
  const region = isProvinceCode(where.province) ? where.region : undefined
  return resolveParams(province, region, coverageYear, where).periods
}

/**
 * The coverage year a payment on `paidOn` buys: the next calendar year's when the payment falls inside one
 * of that year's windows, else the payment's own calendar year (on time inside an extension window, late
 * otherwise). `paidOn` is a `YYYY-MM-DD` date in China Standard Time.
 */
export function coverageYearBoughtOn(paidOn: string, where: CoverageYearWhere = {}): number {
  if (!isDateString(paidOn)) throw new RangeError('coverageYearBoughtOn: not a YYYY-MM-DD date: ' + paidOn)
  const paid = parseDate(paidOn)
  const calendarYear = yearOf(paid)
  if (timingOf(paid, ymdWindows(calendarYear + 1, where)) === 'on-time') return calendarYear + 1
  return calendarYear
}
