import { describe, expect, it } from 'vitest'
import { mergeHistory } from '../../functions/src/domain/merge'
import type { OfficeRecord, RecordEntry } from '../../functions/src/db/history'

// Which entry of a year wins (docs/ARCHITECTURE.md "Which record of a year wins"; SPEC §5 for the switch year).
const switch2026: RecordEntry[] = [
  { year: 2026, scheme: 'employee', endedOn: '2026-05-31' },
  { year: 2026, scheme: 'resident', paidOn: '2026-06-10', fundPaidFen: 0 },
]
const office = (entry: RecordEntry, updatedAt = '2026-07-01T00:00:00Z'): OfficeRecord => ({
  ...entry,
  scope: '510100',
  updatedAt,
})

describe('mergeHistory with a mid-year switch and a whole-programme payment (issue 14)', () => {
  it('keeps both entries of a declared switch year, employee first', () => {
    const merged = mergeHistory([...switch2026].reverse(), [], [])
    expect(merged.items.map((i) => `${i.year}:${i.scheme}:${i.source}`)).toEqual([
      '2026:employee:self',
      '2026:resident:self',
    ])
    expect(merged.overriddenSelfYears).toEqual([])
  })

  it('an office record of the year replaces both declared entries, once in overriddenSelfYears', () => {
    const merged = mergeHistory(switch2026, [office({ year: 2026, scheme: 'resident', paidOn: '2025-11-05' })], [])
    expect(merged.items).toEqual([{ year: 2026, scheme: 'resident', paidOn: '2025-11-05', source: 'office' }])
    expect(merged.overriddenSelfYears).toEqual([2026])
  })

  it('a family payment after the employee end keeps the employee half and replaces the resident half', () => {
    const merged = mergeHistory(switch2026, [], [], [{ year: 2026, completedAt: '2026-06-20T02:00:00Z' }])
    expect(merged.items).toEqual([
      { year: 2026, scheme: 'employee', endedOn: '2026-05-31', source: 'self' },
      { year: 2026, scheme: 'resident', paidOn: '2026-06-20', fundPaidFen: 0, source: 'family' },
    ])
    expect(merged.overriddenSelfYears).toEqual([2026])
  })

  it('a family payment before the employee end drops the employee half (it cannot be a switch)', () => {
    const merged = mergeHistory(switch2026, [], [], [{ year: 2026, completedAt: '2026-05-01T02:00:00Z' }])
    expect(merged.items.map((i) => `${i.scheme}:${i.source}`)).toEqual(['resident:family'])
    expect(merged.overriddenSelfYears).toEqual([2026])
  })

  it('a whole-programme payment covers its years, stops before a later office year, and is no gap to back-pay', () => {
    const programme: RecordEntry = { year: 2025, scheme: 'resident', paidOn: '2024-08-20', programmeYears: 4 }
    const whole = mergeHistory([programme], [], [2026, 2030])
    expect(whole.items).toEqual([{ ...programme, source: 'self' }])
    expect(whole.ignoredBackPaidYears).toEqual([2026])
    expect(whole.backPaidYears).toEqual([2030])
    const cut = mergeHistory([programme], [office({ year: 2027, scheme: 'employee' })], [])
    expect(cut.items).toEqual([
      { ...programme, programmeYears: 2, source: 'self' },
      { year: 2027, scheme: 'employee', source: 'office' },
    ])
  })
})
