// The person's years from the mechanism's start (D1) to the evaluated year Y as a small array of bit flags,
// indexed by year − start: the history may come in any order, and the scan (scan.ts) then walks it once.

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

export interface YearTable {
  /** first year held: the mechanism's start year */
  readonly start: number
  /** years start … Y; length Y − start + 1 (0 when Y is before the start) */
  readonly length: number
  readonly flags: Uint8Array
  /** the entry for Y, if any */
  readonly current: HistoryEntry | undefined
  /** the entry for Y − 1, if any */
  readonly previous: HistoryEntry | undefined
}

// One buffer reused by every evaluation: the core is synchronous and nothing reads the table after the
// evaluation returns, so sharing it avoids an allocation per call without changing any answer.
const SCRATCH = new Uint8Array(256)

export function buildYearTable(input: PolicyInput, params: ResolvedParams): YearTable {
  const y = input.year
  const start = params.decisions.mechanismStartYear
  const length = y >= start ? y - start + 1 : 0
  const flags = length <= SCRATCH.length ? SCRATCH : new Uint8Array(length)
  for (let i = 0; i < length; i++) flags[i] = 0

  let current: HistoryEntry | undefined
  let previous: HistoryEntry | undefined
  const history = input.history
  for (let i = 0; i < history.length; i++) {
    const entry = history[i] as HistoryEntry
    const year = entry.year
    if (year === y) current = entry
    else if (year === y - 1) previous = entry
    if (year < start || year > y) continue
    let f: number
    if (entry.scheme === 'resident') {
      f = RESIDENT
      if (entry.fundPaidFen === 0) f |= ZERO_CLAIM
      else if (entry.fundPaidFen === undefined) f |= FUND_UNKNOWN
      // only a resident year's critical-illness claim can use the resident incentive
      if (entry.incentiveUsed === true) f |= INCENTIVE_USED
    } else f = EMPLOYEE
    flags[year - start] = f
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

  return { start, length, flags, current, previous }
}

