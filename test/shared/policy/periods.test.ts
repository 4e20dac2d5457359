// Enrollment periods with one or more windows (a region's extension) and the one function that says which
// coverage year a payment on a given day buys.

import { describe, expect, test } from 'vitest'
import {
  coverageYearBoughtOn,
  DEFAULT_TABLES,
  enrollmentPeriodsFor,
  enrollOn,
  type PolicyTables,
} from '../../../shared/policy/index'
import { resident, run } from './helpers'

// A Sichuan region that extends the period for each coverage year Y into January–February of Y.
const extended: PolicyTables = {
  ...DEFAULT_TABLES,
  regions: {
    ...DEFAULT_TABLES.regions,
    '510100': {
      code: '510100',
      nameZh: '成都市',
      province: '51',
      enrollmentPeriod: {
        2025: {
          value: [
            { start: { yearOffset: -1, month: 9, day: 1 }, end: { yearOffset: -1, month: 12, day: 31 } },
            { start: { yearOffset: 0, month: 1, day: 1 }, end: { yearOffset: 0, month: 2, day: 28 } },
          ],
          source: '成都市医保局通知（测试数据）',
          verified: false,
        },
      },
    },
  },
}

describe('coverage year bought by a payment', () => {
  test('D2 default: from September a payment buys next year, before it this year (late)', () => {
    expect(coverageYearBoughtOn('2026-09-01')).toBe(2027)
    expect(coverageYearBoughtOn('2026-12-31')).toBe(2027)
    expect(coverageYearBoughtOn('2026-08-31')).toBe(2026)
    expect(coverageYearBoughtOn('2026-03-15', { province: '14' })).toBe(2026)
  })

  test('a caller-published window for one coverage year wins', () => {
    const periodsOf = (y: number) => (y === 2027 ? [{ start: '2026-10-15', end: '2027-01-31' }] : undefined)
    expect(coverageYearBoughtOn('2026-10-01', { province: '51', periodsOf })).toBe(2026)
    expect(coverageYearBoughtOn('2026-10-15', { province: '51', periodsOf })).toBe(2027)
  })

  test('the region table can publish several windows', () => {
    expect(enrollmentPeriodsFor(2027, { province: '51', region: '510100', tables: extended })).toEqual([
      { start: '2026-09-01', end: '2026-12-31' },
      { start: '2027-01-01', end: '2027-02-28' },
    ])
    expect(enrollmentPeriodsFor(2027, { province: '23' })).toEqual([{ start: '2026-09-01', end: '2026-12-31' }])
  })
})

describe('late is judged against every window', () => {
  const base = { province: '51', year: 2027 }
  const paid = (paidOn: string) => [...resident(2025, 2026), { year: 2027, scheme: 'resident' as const, paidOn }]

  test('inside the second window is on time, after the last one late', () => {
    const enrollmentPeriods = [
      { start: '2026-09-01', end: '2026-12-31' },
      { start: '2027-01-01', end: '2027-02-28' },
    ]
    expect(run({ ...base, enrollmentPeriods, history: paid('2027-02-10') })).toMatchObject({
      late: false,
      waitingMonths: 0,
    })
    expect(run({ ...base, enrollmentPeriods, history: paid('2027-03-01') })).toMatchObject({
      late: true,
      waitingMonths: 3,
    })
    // the single form is still accepted
    expect(run({ ...base, enrollmentPeriod: enrollmentPeriods[0], history: paid('2027-02-10') })).toMatchObject({
      late: true,
    })
  })

  test('a region extension from the tables counts', () => {
    const input = { ...base, region: '510100', history: paid('2027-02-10') }
    expect(run(input, { tables: extended })).toMatchObject({ late: false, waitingMonths: 0 })
    expect(run(input)).toMatchObject({ late: true })
  })

  test('enrollOn uses the evaluated year own windows', () => {
    const input = {
      ...base,
      history: resident(2025, 2026),
      enrollmentPeriods: [{ start: '2026-10-15', end: '2027-01-31' }],
    }
    const r = enrollOn(input, '2027-01-20')
    expect(r.ok && r.value.year).toBe(2027)
    expect(r.ok && r.value.evaluation.late).toBe(false)
  })
})

describe('callers ask the same function', () => {
  test('family payments: next year only once its period has opened', async () => {
    const { payableYears } = await import('../../../shared/family/items')
    expect(payableYears('2026-11-22')).toEqual([2026, 2027])
    expect(payableYears('2026-05-10')).toEqual([2026])
  })
})
