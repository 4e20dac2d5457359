import { describe, expect, it } from 'vitest'
import { evaluate, type HistoryEntry, type PolicyInput } from '../../../shared/policy'
import { earnedOnlyInput, unfinishedZeroClaimYears } from '../../../shared/status/unfinished-year'

// A zero-claim year earns its step only once it is over (31 December, CST): these say which declared ones are
// not over yet, and what the engine answers when they are told as claim years.

const history: HistoryEntry[] = [
  { year: 2025, scheme: 'resident', paidOn: '2024-11-01', fundPaidFen: 0 },
  { year: 2026, scheme: 'resident', paidOn: '2025-11-01', fundPaidFen: 0 },
  { year: 2027, scheme: 'resident', paidOn: '2026-09-15' },
]

describe('unfinishedZeroClaimYears', () => {
  it('names a zero-claim year still running on the day asked, not one already over', () => {
    expect(unfinishedZeroClaimYears(history, 2027, '2026-12-31')).toEqual([2026])
    expect(unfinishedZeroClaimYears(history, 2027, '2027-01-01')).toEqual([])
  })

  it('ignores claim years, years of unknown claims and employee years', () => {
    const others: HistoryEntry[] = [
      { year: 2026, scheme: 'resident', paidOn: '2025-11-01', fundPaidFen: 120_00 },
      { year: 2026, scheme: 'employee' },
      { year: 2027, scheme: 'resident', paidOn: '2026-09-15' },
    ]
    expect(unfinishedZeroClaimYears(others, 2028, '2026-12-02')).toEqual([])
  })

  it('a year at or after the asked one cannot change it', () => {
    expect(unfinishedZeroClaimYears(history, 2026, '2026-12-02')).toEqual([])
  })
})

describe('earnedOnlyInput', () => {
  it('leaves out the step of the year not over, and only that one', () => {
    const input: PolicyInput = { province: '51', region: '510100', year: 2027, birthDate: '1956-03-08', history }
    const declared = evaluate(input)
    const earned = evaluate(earnedOnlyInput(input, [2026]))
    expect(declared.ok && earned.ok).toBe(true)
    if (!declared.ok || !earned.ok) return
    expect(declared.value.capYuan).toBe(308_000)
    expect(earned.value.capYuan).toBe(304_000)
    expect(earned.value.zeroClaimSteps).toBe(declared.value.zeroClaimSteps - 1)
    // The input asked about is not changed.
    expect(input.history[1]?.fundPaidFen).toBe(0)
  })
})
