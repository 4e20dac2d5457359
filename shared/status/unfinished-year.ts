// A zero-claim year (零报销) earns its step for the next year only once it is over: until 31 December (China
// Standard Time) the fund may still pay a claim, so "全年没有报销" is a condition, not a fact. The engine counts
// what it is told; these helpers say which declared zero-claim years are not over yet, and give the engine's
// input with those years told as claim years. The entitlement API runs both and answers the figure already
// earned beside the conditional one (pendingZeroClaim); the offline calculator runs them on the phone.

import type { HistoryEntry, PolicyInput } from '../policy/types'

/** Any amount: the rules only ask whether the fund paid anything in a year. */
const A_CLAIM_FEN = 1

/** Declared zero-claim resident years before `askedYear` that have not ended on `today` (YYYY-MM-DD, CST). */
export function unfinishedZeroClaimYears(
  history: readonly Pick<HistoryEntry, 'year' | 'scheme' | 'fundPaidFen'>[],
  askedYear: number,
  today: string,
): number[] {
  const current = Number(today.slice(0, 4))
  const years = history
    .filter((h) => h.scheme === 'resident' && h.fundPaidFen === 0 && h.year >= current && h.year < askedYear)
    .map((h) => h.year)
  return [...new Set(years)].sort((a, b) => a - b)
}

/** The input with `years` told as claim years: what the resident has earned whatever the rest of the year brings. */
export function earnedOnlyInput(input: PolicyInput, years: readonly number[]): PolicyInput {
  return {
    ...input,
    history: input.history.map((h) =>
      h.scheme === 'resident' && years.includes(h.year) && h.fundPaidFen === 0 ? { ...h, fundPaidFen: A_CLAIM_FEN } : h,
    ),
  }
}
