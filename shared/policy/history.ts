// The person's years from the mechanism's start (D1) to the evaluated year Y as a small array of bit flags,
// indexed by year − start: the history may come in any order, and the scan (scan.ts) then walks it once.
// A year may hold two entries (SPEC §5: employee cover ended mid-year, then a resident enrollment): the year
// is resident-covered. A Sichuan whole-programme payment covers several years; a Shanxi student's first
// enrollment covers the payment's year and the next (D17).

import { formatDate, lastDayOf, parseDate, yearOf } from './dates'
import type { ResolvedParams } from './params'
import type { HistoryEntry, PolicyInput } from './types'

export const RESIDENT = 1
export const EMPLOYEE = 2
/** a resident year in which the pooled fund paid nothing */
export const ZERO_CLAIM = 4
/** a resident year whose fund payment was not given */
export const FUND_UNKNOWN = 8
export const INCENTIVE_USED = 16
export const BACK_PAID = 32
/** a back-paid gap year counted as covered because D11 says so */
export const RESTORED = 128

/** The interval a Shanxi student's first enrollment covers (001 (三)). */
export interface StudentCover {
  /** first and last calendar year covered */
  readonly from: number
  readonly to: number
  /** ymd of the payment, or null when not given */
  readonly paidOn: number | null
  /** ymd: 12-31 of `to` */
  readonly end: number
  /** the coverage year the record names */
  readonly recordYear: number
}

export interface YearTable {
  /** first year held: the mechanism's start year */
  readonly start: number
  /** years start … Y; length Y − start + 1 (0 when Y is before the start) */
  readonly length: number
  readonly flags: Uint8Array
  /** the resident entry for Y (or the only entry), if any */
  readonly current: HistoryEntry | undefined
  /** the entry for Y − 1, if any (the resident one where there are two) */
  readonly previous: HistoryEntry | undefined
  /** Y's employee entry when Y also has a resident one: a mid-year switch */
  readonly currentEmployee: HistoryEntry | undefined
  readonly student: StudentCover | null
}

// One buffer reused by every evaluation: the core is synchronous and nothing reads the table after the
// evaluation returns, so sharing it avoids an allocation per call without changing any answer.
const SCRATCH = new Uint8Array(256)

function flagsOf(entry: HistoryEntry): number {
  if (entry.scheme !== 'resident') return EMPLOYEE
  let f = RESIDENT
  if (entry.fundPaidFen === 0) f |= ZERO_CLAIM
  else if (entry.fundPaidFen === undefined) f |= FUND_UNKNOWN
  // only a resident year's critical-illness claim can use the resident incentive
  if (entry.incentiveUsed === true) f |= INCENTIVE_USED
  return f
}

export function buildYearTable(input: PolicyInput, params: ResolvedParams): YearTable {
  const y = input.year
  const start = params.decisions.mechanismStartYear
  const length = y >= start ? y - start + 1 : 0
  const flags = length <= SCRATCH.length ? SCRATCH : new Uint8Array(length)
  flags.fill(0, 0, length)

  let current: HistoryEntry | undefined
  let previous: HistoryEntry | undefined
  let currentEmployee: HistoryEntry | undefined
  const history = input.history
  for (let i = 0; i < history.length; i++) {
    const entry = history[i] as HistoryEntry
    const year = entry.year
    const resident = entry.scheme === 'resident'
    if (year === y) {
      if (current === undefined || resident) {
        if (current !== undefined) currentEmployee = current
        current = entry
      } else currentEmployee = entry
    } else if (year === y - 1) {
      if (previous === undefined || resident) previous = entry
    }
    const span = entry.programmeYears
    if (span !== undefined && span > 1) {
      // later years of a whole-programme payment: covered, their fund payments unknown
      for (let k = 1; k < span; k++) {
        const covered = year + k
        if (covered === y && current === undefined) current = entry
        else if (covered === y - 1 && previous === undefined) previous = entry
        if (covered >= start && covered <= y)
          flags[covered - start] = (flags[covered - start] as number) | RESIDENT | FUND_UNKNOWN
      }
    }
    if (year < start || year > y) continue
    // A mid-year switch year is resident-covered: RESIDENT dominates EMPLOYEE wherever flags are read.
    flags[year - start] = (flags[year - start] as number) | flagsOf(entry)
  }

  const student = input.groups === undefined || params.student.value === null ? null : studentCover(input, params)
  if (student !== null) {
    for (let year = student.from; year <= student.to; year++) {
      if (year >= start && year <= y && ((flags[year - start] as number) & RESIDENT) === 0) {
        flags[year - start] = (flags[year - start] as number) | RESIDENT | FUND_UNKNOWN
      }
    }
    // asked about the other calendar year of the student's interval: that enrollment covers it
    const paidOn = student.paidOn === null ? undefined : formatDate(student.paidOn)
    if (current === undefined && y >= student.from && y <= student.to) current = { year: y, scheme: 'resident', paidOn }
    if (previous === undefined && y - 1 >= student.from && y - 1 <= student.to)
      previous = { year: y - 1, scheme: 'resident', paidOn }
  }

  const restore = params.decisions.backPayRestoresContinuity
  const backPaid = input.backPaidYears
  if (backPaid !== undefined) {
    for (let i = 0; i < backPaid.length; i++) {
      const year = backPaid[i] as number
      if (year < start || year >= y) continue
      const index = year - start
      flags[index] = (flags[index] as number) | BACK_PAID | (restore ? RESIDENT | RESTORED : 0)
    }
  }

  return { start, length, flags, current, previous, currentEmployee, student }
}

/**
 * Shanxi 001 (三): the first enrollment of a student at school covers from the payment date to 12-31 of the
 * year after it (D17; changed: after the coverage year the record names). Both calendar years are insured.
 */
function studentCover(input: PolicyInput, params: ResolvedParams): StudentCover | null {
  const group = input.groups?.find((g) => g.kind === 'student-first-enrollment')
  if (group === undefined || params.student.value === null) return null
  const recordYear = group.year ?? input.year
  const entry = input.history.find((e) => e.year === recordYear && e.scheme === 'resident')
  if (entry === undefined) return null
  const paidOn = entry.paidOn === undefined ? null : parseDate(entry.paidOn)
  const extra = params.student.value.extraCoverageYears
  const fromPayment = params.decisions.studentNextYearFromPayment
  let from = recordYear
  let to = recordYear + extra
  if (fromPayment) {
    // Without a payment date only the year the record names is known to be covered.
    from = paidOn === null ? recordYear : Math.min(recordYear, yearOf(paidOn))
    to = paidOn === null ? recordYear : Math.max(recordYear, yearOf(paidOn) + extra)
  }
  return { from, to, paidOn, end: lastDayOf(to), recordYear }
}
