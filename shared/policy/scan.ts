// One pass over the years from the mechanism's start to Y − 1 that finds every run the rules need: resident
// streaks (continuous steps, SPEC §3.2), zero-claim years since the latest clearing (§3.3), gap runs (§3.5,
// §4.2). The rules and their explanation then read this summary instead of walking the years again.

import type { Context } from './context'
import { BACK_PAID, EMPLOYEE, FUND_UNKNOWN, INCENTIVE_USED, RESIDENT, RESTORED, ZERO_CLAIM } from './history'

export interface Scan {
  /** resident years ending at Y (0 when Y is not resident) */
  readonly streak: number
  /** the year before the streak was an employee year, which ends a streak without being a gap (D3) */
  readonly employeeBeforeStreak: boolean
  /** earlier streaks long enough to earn continuous steps, as (first, last) year pairs in STREAK_RUNS */
  readonly earlierStreaks: number
  /** gap years in [start, Y − 1] */
  readonly gapYears: number
  /** maximal runs of gap years, as (first, last) pairs in GAP_RUNS */
  readonly gapRuns: number
  /** G: the gap run that ends at Y − 1 */
  readonly lastRun: number
  /** B: back-paid years inside that run */
  readonly lastRunBackPaid: number
  /** back-paid years in earlier runs, which shorten no waiting period */
  readonly backPaidElsewhere: number
  /** back-paid years counted as covered (D11 changed) */
  readonly restored: number
  /** the latest year before Y that cleared zero-claim steps, or 0 */
  readonly clearYear: number
  /** that clearing was a gap (D5 changed), not the use of the incentive */
  readonly clearedByGap: boolean
  /** zero-claim steps that clearing removed */
  readonly cleared: number
  /** zero-claim and fund-unknown runs since the clearing, as (first, last, kind) triples in ZERO_RUNS */
  readonly zeroRuns: number
  readonly zeroClaimSteps: number
  /** resident years in [start, Y] (Shanxi's conversion) */
  readonly residentYears: number
}

// Shared run buffers: written by one scan and read by the same synchronous evaluation before the next.
export const STREAK_RUNS = new Int32Array(256)
export const GAP_RUNS = new Int32Array(256)
export const ZERO_RUNS = new Int32Array(384)

export function scanYears(ctx: Context): Scan {
  const { table, params, birthYear } = ctx
  const { flags, start } = table
  const y = ctx.input.year
  const d = params.decisions
  const after = params.continuousAfterYears
  const employeeIsGap = d.employeeYearIsGap
  const gapClearsZeroClaim = !d.zeroClaimSurvivesGap
  // D8: years up to the birth year (or before it, when the birth year may be a gap) are never gaps.
  const firstGap = birthYear === null ? start : d.birthYearCanBeGap ? birthYear : birthYear + 1

  let residentYears = 0
  let runStart = 0
  let runLength = 0
  let earlierStreaks = 0
  let gapYears = 0
  let gapRuns = 0
  let gapStart = 0
  let gapLength = 0
  let gapBackPaid = 0
  let backPaid = 0
  let restored = 0
  let clearYear = 0
  let clearedByGap = false
  let cleared = 0
  let zeroRuns = 0
  let zeroSteps = 0
  let zeroKind = 0
  let zeroStart = 0

  for (let year = start; year < y; year++) {
    const f = flags[year - start] as number
    const resident = (f & RESIDENT) !== 0
    const gap = !resident && ((f & EMPLOYEE) === 0 || employeeIsGap) && year >= firstGap
    if ((f & RESTORED) !== 0) restored++

    if (resident) {
      residentYears++
      if (runLength === 0) runStart = year
      runLength++
    } else if (runLength > 0) {
      if (runLength > after) {
        STREAK_RUNS[2 * earlierStreaks] = runStart
        STREAK_RUNS[2 * earlierStreaks + 1] = year - 1
        earlierStreaks++
      }
      runLength = 0
    }

    if (gap) {
      if (gapLength === 0) {
        gapStart = year
        gapBackPaid = 0
      }
      gapLength++
      gapYears++
      if ((f & BACK_PAID) !== 0) {
        gapBackPaid++
        backPaid++
      }
    } else if (gapLength > 0) {
      GAP_RUNS[2 * gapRuns] = gapStart
      GAP_RUNS[2 * gapRuns + 1] = year - 1
      gapRuns++
      gapLength = 0
    }

    // Zero-claim years accumulate until a year clears them: the use of the incentive (or a gap, D5 changed).
    const clears = (f & INCENTIVE_USED) !== 0 || (gap && gapClearsZeroClaim)
    if (clears) {
      cleared = zeroSteps + ((f & ZERO_CLAIM) !== 0 ? 1 : 0)
      clearedByGap = (f & INCENTIVE_USED) === 0
      clearYear = year
      zeroSteps = 0
      zeroRuns = 0
      zeroKind = 0
      continue
    }
    const kind = f & (ZERO_CLAIM | FUND_UNKNOWN)
    if (kind !== zeroKind) {
      if (zeroKind !== 0) zeroRuns = closeZeroRun(zeroRuns, zeroStart, year - 1, zeroKind)
      zeroStart = year
      zeroKind = kind
    }
    if (kind === ZERO_CLAIM) zeroSteps++
  }
  if (zeroKind !== 0) zeroRuns = closeZeroRun(zeroRuns, zeroStart, y - 1, zeroKind)
  if (gapLength > 0) {
    GAP_RUNS[2 * gapRuns] = gapStart
    GAP_RUNS[2 * gapRuns + 1] = y - 1
    gapRuns++
  }

  const current = y >= start ? (flags[y - start] as number) : 0
  const coveredNow = (current & RESIDENT) !== 0
  if (coveredNow) residentYears++
  const streak = coveredNow ? runLength + 1 : 0
  const before = streak > 0 && y - streak >= start ? (flags[y - streak - start] as number) : 0
  const lastRunBackPaid = gapLength > 0 ? gapBackPaid : 0
  return {
    streak,
    employeeBeforeStreak: (before & EMPLOYEE) !== 0 && !employeeIsGap,
    earlierStreaks,
    gapYears,
    gapRuns,
    lastRun: gapLength,
    lastRunBackPaid,
    backPaidElsewhere: backPaid - lastRunBackPaid,
    restored,
    clearYear,
    clearedByGap,
    cleared,
    zeroRuns,
    zeroClaimSteps: zeroSteps,
    residentYears,
  }
}

function closeZeroRun(runs: number, from: number, to: number, kind: number): number {
  ZERO_RUNS[3 * runs] = from
  ZERO_RUNS[3 * runs + 1] = to
  ZERO_RUNS[3 * runs + 2] = kind
  return runs + 1
}

/** Before the mechanism starts there is nothing to scan. */
export const EMPTY_SCAN: Scan = scanOfNothing()

function scanOfNothing(): Scan {
  return {
    streak: 0,
    employeeBeforeStreak: false,
    earlierStreaks: 0,
    gapYears: 0,
    gapRuns: 0,
    lastRun: 0,
    lastRunBackPaid: 0,
    backPaidElsewhere: 0,
    restored: 0,
    clearYear: 0,
    clearedByGap: false,
    cleared: 0,
    zeroRuns: 0,
    zeroClaimSteps: 0,
    residentYears: 0,
  }
}
