// What-if questions: enrolling on a day, back-paying years, staying enrolled for n years.

import { describe, expect, test } from 'vitest'
import { backPay, enrollOn, stayEnrolled, type PolicyInput } from '../../../shared/policy/index'
import { resident } from './helpers'

describe('enrollOn', () => {
  const lapsed: PolicyInput = { province: '51', year: 2027, history: resident(2025, 2026) }

  test('a day inside the enrollment period buys the next coverage year, on time', () => {
    const result = enrollOn(lapsed, '2026-10-08')
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.value.year).toBe(2027)
    expect(result.value.evaluation.covered).toBe(true)
    expect(result.value.evaluation.late).toBe(false)
    expect(result.value.evaluation.waitingMonths).toBe(0)
    expect(result.value.evaluation.benefitStart).toBe('2027-01-01')
  })

  test('any other day buys the current calendar year, late', () => {
    const result = enrollOn(lapsed, '2027-05-31')
    if (!result.ok) throw new Error('unexpected issues')
    expect(result.value.year).toBe(2027)
    expect(result.value.evaluation.late).toBe(true)
    expect(result.value.evaluation.waitingMonths).toBe(3)
    // 05-31 + 3 months = 08-31
    expect(result.value.evaluation.benefitStart).toBe('2027-08-31')
  })

  test('after a gap the waiting period counts the gap up to the year bought', () => {
    const result = enrollOn({ province: '51', year: 2025, history: resident(2025, 2025) }, '2028-11-10')
    if (!result.ok) throw new Error('unexpected issues')
    expect(result.value.year).toBe(2029)
    expect(result.value.evaluation.gapYears).toBe(3)
    expect(result.value.evaluation.waitingMonths).toBe(6)
    expect(result.value.evaluation.capYuan).toBe(288_000)
  })

  test('replaces an existing entry for that year', () => {
    const result = enrollOn({ province: '51', year: 2027, history: resident(2025, 2027) }, '2027-02-01')
    if (!result.ok) throw new Error('unexpected issues')
    expect(result.value.evaluation.late).toBe(true)
    expect(result.value.paidOn).toBe('2027-02-01')
  })

  test('a year a whole-programme payment already covers is answered as paid, not refused as a duplicate', () => {
    // Sichuan student (000 (一)): one payment at school for 2026–2028; asked in the 2027 enrollment period.
    const student: PolicyInput = {
      province: '51',
      year: 2026,
      history: [{ year: 2026, scheme: 'resident', paidOn: '2025-10-01', programmeYears: 3 }],
    }
    const result = enrollOn(student, '2026-10-08')
    if (!result.ok) throw new Error(`unexpected issues ${JSON.stringify(result.issues)}`)
    expect(result.value.year).toBe(2027)
    expect(result.value.alreadyPaid).toBe(true)
    expect(result.value.evaluation.covered).toBe(true)
    expect(result.value.evaluation.late).toBe(false)
  })

  test('a year with no payment yet is not already paid', () => {
    const result = enrollOn(lapsed, '2026-10-08')
    if (!result.ok) throw new Error('unexpected issues')
    expect(result.value.alreadyPaid).toBe(false)
  })

  test('a date that does not exist is an issue', () => {
    const result = enrollOn(lapsed, '2027-02-29')
    expect(result).toEqual({ ok: false, issues: [expect.objectContaining({ code: 'INVALID_DATE', path: ['date'] })] })
  })
})

describe('backPay', () => {
  const gap: PolicyInput = {
    province: '51',
    year: 2029,
    contributionFen: 40_000,
    history: [...resident(2025, 2026), { year: 2029, scheme: 'resident', paidOn: '2028-11-10' }],
  }

  test('back-paying both gap years saves 2 months at 2 × the standard', () => {
    const result = backPay(gap, [2027, 2028])
    if (!result.ok) throw new Error('unexpected issues')
    expect(result.value.waitingMonthsBefore).toBe(5)
    expect(result.value.waitingMonthsAfter).toBe(3)
    expect(result.value.monthsSaved).toBe(2)
    expect(result.value.benefitStartBefore).toBe('2029-06-01')
    expect(result.value.benefitStartAfter).toBe('2029-04-01')
    expect(result.value.costFen).toBe(80_000)
    expect(result.value.repairableYears).toEqual([])
    // the cap does not change: back-payment repairs the waiting period only (D11)
    expect(result.value.after.capYuan).toBe(result.value.before.capYuan)
  })

  test('one year at a time, with what is left to repair', () => {
    const result = backPay(gap, [2028])
    if (!result.ok) throw new Error('unexpected issues')
    expect(result.value.monthsSaved).toBe(1)
    expect(result.value.costFen).toBe(40_000)
    expect(result.value.repairableYears).toEqual([2027])
  })

  test('without a published standard the cost is unknown', () => {
    const result = backPay({ ...gap, contributionFen: undefined }, [2027])
    if (!result.ok) throw new Error('unexpected issues')
    expect(result.value.costFen).toBeNull()
    expect(result.value.after.assumptions).toContain('CONTRIBUTION_UNPUBLISHED')
  })

  test('a covered year cannot be back-paid', () => {
    const result = backPay(gap, [2026])
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.issues[0]?.code).toBe('BACK_PAID_NOT_GAP')
  })
})

describe('stayEnrolled', () => {
  test('Sichuan from 2027: the cap series for a chart, rising after 4 years and held at 360,000', () => {
    const result = stayEnrolled({ province: '51', year: 2027, history: resident(2025, 2027) }, 20)
    if (!result.ok) throw new Error('unexpected issues')
    const { series } = result.value
    expect(series).toHaveLength(21)
    expect(series[0]).toMatchObject({
      year: 2027,
      capYuan: 300_000,
      capFen: 30_000_000,
      continuousSteps: 0,
      zeroClaimSteps: 0,
    })
    expect(series.map((p) => p.capYuan).slice(0, 6)).toEqual([300_000, 300_000, 304_000, 308_000, 312_000, 316_000])
    expect(series.at(-1)).toMatchObject({
      year: 2047,
      capYuan: 360_000,
      capFen: 36_000_000,
      continuousSteps: 19,
      zeroClaimSteps: 0,
    })
  })

  test('assuming zero-claim years adds a step per year from the year after', () => {
    const result = stayEnrolled({ province: '51', year: 2027, history: resident(2025, 2027) }, 3, {
      assumeZeroClaim: true,
    })
    if (!result.ok) throw new Error('unexpected issues')
    expect(result.value.series.map((p) => [p.continuousSteps, p.zeroClaimSteps, p.capYuan])).toEqual([
      [0, 0, 300_000],
      [0, 0, 300_000],
      [1, 1, 308_000],
      [2, 2, 316_000],
    ])
  })

  test('a penalty persists through the projection', () => {
    const input: PolicyInput = {
      province: '51',
      year: 2029,
      history: [...resident(2025, 2026), ...resident(2029, 2029)],
    }
    const result = stayEnrolled(input, 4)
    if (!result.ok) throw new Error('unexpected issues')
    expect(result.value.series.map((p) => p.capYuan)).toEqual([292_000, 292_000, 292_000, 292_000, 296_000])
  })

  test('n must be a whole number within the years the engine knows', () => {
    expect(stayEnrolled({ province: '51', year: 2027, history: resident(2025, 2027) }, 1.5).ok).toBe(false)
    expect(stayEnrolled({ province: '51', year: 2027, history: resident(2025, 2027) }, 100).ok).toBe(false)
  })
})
