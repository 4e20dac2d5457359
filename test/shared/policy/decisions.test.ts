// SPEC §7: every decision D1–D13 is a named parameter; changing it (caller overrides or region data)
// changes an answer. Each test shows the SPEC default first, then the changed value.

import { describe, expect, test } from 'vitest'
import {
  DEFAULT_TABLES,
  PROVINCES,
  REGIONS,
  type DecisionOverrides,
  type PolicyInput,
  type PolicyTables,
} from '../../../shared/policy/index'
import { SHANXI_NEWBORN, resident, run } from './helpers'

const both = (input: PolicyInput, overrides: DecisionOverrides) => [run(input), run(input, { overrides })] as const

describe('decisions D1–D13 as parameters', () => {
  test('D1 mechanismStartYear: counting from 2026 gives one continuous step fewer', () => {
    const [spec, changed] = both(
      { province: '51', year: 2031, history: resident(2025, 2031) },
      { mechanismStartYear: 2026 },
    )
    expect(spec.continuousSteps).toBe(3)
    expect(spec.capYuan).toBe(312_000)
    expect(changed.continuousSteps).toBe(2)
    expect(changed.capYuan).toBe(308_000)
    expect(changed.assumptions).toContain('DECISION_OVERRIDDEN')
    expect(changed.explanation.find((s) => s.code === 'DECISION_OVERRIDDEN')).toEqual({
      code: 'DECISION_OVERRIDDEN',
      values: { decision: 'D1' },
      cite: 'D1',
    })
  })

  test('D2 enrollmentPeriod: a period running to February makes a January payment on time', () => {
    const input: PolicyInput = {
      province: '51',
      year: 2027,
      history: [...resident(2025, 2026), { year: 2027, scheme: 'resident', paidOn: '2027-01-20' }],
    }
    const period = { start: { yearOffset: -1, month: 9, day: 1 }, end: { yearOffset: 0, month: 2, day: 28 } }
    const [spec, changed] = both(input, { enrollmentPeriod: period })
    expect(spec.late).toBe(true)
    expect(spec.waitingMonths).toBe(3)
    expect(spec.benefitStart).toBe('2027-04-20')
    expect(changed.late).toBe(false)
    expect(changed.waitingMonths).toBe(0)
    expect(changed.benefitStart).toBe('2027-01-01')
  })

  test('D2 from region data: a region publishing its period overrides the default, without assumption', () => {
    const tables: PolicyTables = {
      provinces: PROVINCES,
      regions: {
        ...REGIONS,
        '510100': {
          code: '510100',
          nameZh: '测试市',
          province: '51',
          enrollmentPeriod: {
            2025: {
              value: { start: { yearOffset: -1, month: 9, day: 1 }, end: { yearOffset: 0, month: 2, day: 28 } },
              source: '测试通知',
              verified: true,
            },
          },
        },
      },
    }
    const input: PolicyInput = {
      province: '51',
      region: '510100',
      year: 2027,
      history: [...resident(2025, 2026), { year: 2027, scheme: 'resident', paidOn: '2027-01-20' }],
    }
    expect(run({ ...input, region: undefined }).late).toBe(true)
    const e = run(input, { tables })
    expect(e.late).toBe(false)
    expect(e.waitingMonths).toBe(0)
    const late = run(
      { ...input, history: [...resident(2025, 2026), { year: 2027, scheme: 'resident', paidOn: '2027-03-02' }] },
      { tables },
    )
    expect(late.late).toBe(true)
    expect(late.assumptions).not.toContain('ENROLLMENT_PERIOD_DEFAULT')
    expect(late.explanation.find((s) => s.code === 'LATE')?.cite).toBe('000 (三); 测试通知')
  })

  test('D3 employeeYearIsGap: an employee year becomes a gap year with its penalty and waiting', () => {
    const history = [...resident(2025, 2026), { year: 2027, scheme: 'employee' as const }, ...resident(2028, 2028)]
    const [spec, changed] = both({ province: '51', year: 2028, history }, { employeeYearIsGap: true })
    expect(spec.gapYears).toBe(0)
    expect(spec.gapPenaltyYuan).toBe(0)
    expect(spec.waitingMonths).toBe(0)
    expect(changed.gapYears).toBe(1)
    expect(changed.gapPenaltyYuan).toBe(4_000)
    expect(changed.waitingMonths).toBe(4)
  })

  test('D4 keepContinuousStepsAfterGap: Sichuan keeping, Jiangxi losing', () => {
    const history = [...resident(2025, 2030), ...resident(2032, 2032)]
    const [sichuan, sichuanKeeps] = both({ province: '51', year: 2032, history }, { keepContinuousStepsAfterGap: true })
    expect(sichuan.capYuan).toBe(296_000)
    expect(sichuanKeeps.continuousSteps).toBe(2)
    expect(sichuanKeeps.capYuan).toBe(304_000)
    const [jiangxi, jiangxiLoses] = both(
      { province: '36', baseCapYuan: 300_000, year: 2032, history },
      { keepContinuousStepsAfterGap: false },
    )
    expect(jiangxi.capYuan).toBe(303_000)
    expect(jiangxiLoses.continuousSteps).toBe(0)
    expect(jiangxiLoses.capYuan).toBe(297_000)
  })

  test('D5 zeroClaimSurvivesGap: a gap clears zero-claim steps when changed', () => {
    const history = [...resident(2025, 2026, { fundPaidFen: 0 }), ...resident(2028, 2028)]
    const [spec, changed] = both({ province: '51', year: 2028, history }, { zeroClaimSurvivesGap: false })
    expect(spec.zeroClaimSteps).toBe(2)
    expect(spec.capYuan).toBe(304_000)
    expect(changed.zeroClaimSteps).toBe(0)
    expect(changed.capYuan).toBe(296_000)
    expect(changed.explanation.find((s) => s.code === 'ZERO_CLAIM_CLEARED_BY_GAP')?.values).toEqual({
      year: 2027,
      cleared: 2,
    })
  })

  test('D6 gapPenaltyPersists: only the gap just before Y lowers the cap when changed', () => {
    const history = [...resident(2025, 2025), ...resident(2027, 2028)]
    const [spec, changed] = both({ province: '51', year: 2028, history }, { gapPenaltyPersists: false })
    expect(spec.penaltySteps).toBe(1)
    expect(spec.capYuan).toBe(296_000)
    expect(changed.penaltySteps).toBe(0)
    expect(changed.capYuan).toBe(300_000)
  })

  test('D7 penaltyPerReenrollment: Guizhou counts re-enrollments, Sichuan changed counts them too', () => {
    const history = [...resident(2025, 2026), ...resident(2029, 2029)]
    const [sichuan, perReenrollment] = both({ province: '51', year: 2029, history }, { penaltyPerReenrollment: true })
    expect(sichuan.gapPenaltyYuan).toBe(8_000)
    expect(perReenrollment.penaltySteps).toBe(1)
    expect(perReenrollment.gapPenaltyYuan).toBe(4_000)
    const [guizhou, perYear] = both(
      { province: '52', baseCapYuan: 200_000, year: 2029, history },
      { penaltyPerReenrollment: false },
    )
    expect(guizhou.gapPenaltyYuan).toBe(4_000)
    expect(perYear.gapPenaltyYuan).toBe(8_000)
  })

  test('D8 birthYearCanBeGap: a child first enrolled the year after birth has a gap when changed', () => {
    const input: PolicyInput = { province: '51', year: 2027, birthDate: '2026-03-01', history: resident(2027, 2027) }
    const [spec, changed] = both(input, { birthYearCanBeGap: true })
    expect(spec.gapYears).toBe(0)
    expect(spec.waitingMonths).toBe(0)
    expect(spec.explanation.map((s) => s.code)).toContain('BIRTH_YEAR_NOT_GAP')
    expect(changed.gapYears).toBe(1)
    expect(changed.waitingMonths).toBe(4)
    expect(changed.capYuan).toBe(296_000)
  })

  test('D9 backPayStandard: each gap year at its own standard when changed', () => {
    const tables: PolicyTables = {
      provinces: PROVINCES,
      regions: {
        ...REGIONS,
        '510000': {
          ...(REGIONS['510000'] as (typeof REGIONS)[string]),
          contributionFen: {
            2027: { value: 38_000, source: '测试', verified: true },
            2028: { value: 40_000, source: '测试', verified: true },
            2029: { value: 42_000, source: '测试', verified: true },
          },
        },
      },
    }
    const input: PolicyInput = {
      province: '51',
      year: 2029,
      backPaidYears: [2027, 2028],
      history: [...resident(2025, 2026), ...resident(2029, 2029)],
    }
    expect(run(input).repairCostFen).toBeNull()
    expect(run(input, { tables }).repairCostFen).toBe(84_000)
    expect(run(input, { tables, overrides: { backPayStandard: 'gap-year' } }).repairCostFen).toBe(78_000)
  })

  test('D10 oneYearGapAddsMonth: a one-year gap adds no month when changed', () => {
    const history = [...resident(2025, 2026), ...resident(2028, 2028)]
    const [spec, changed] = both({ province: '51', year: 2028, history }, { oneYearGapAddsMonth: false })
    expect(spec.waitingMonths).toBe(4)
    expect(spec.benefitStart).toBe('2028-05-01')
    expect(changed.waitingMonths).toBe(3)
    expect(changed.benefitStart).toBe('2028-04-01')
  })

  test('D11 backPayRestoresContinuity: back-paid years count as covered when changed', () => {
    const input: PolicyInput = {
      province: '51',
      year: 2029,
      backPaidYears: [2027, 2028],
      history: [...resident(2025, 2026), { year: 2029, scheme: 'resident', paidOn: '2028-11-10' }],
    }
    const [spec, changed] = both(input, { backPayRestoresContinuity: true })
    expect(spec.gapPenaltyYuan).toBe(8_000)
    expect(spec.waitingMonths).toBe(3)
    expect(changed.gapYears).toBe(0)
    expect(changed.gapPenaltyYuan).toBe(0)
    // 2025–2029 now count as five continuous years: the fifth earns a step
    expect(changed.continuousSteps).toBe(1)
    expect(changed.capYuan).toBe(304_000)
    expect(changed.waitingMonths).toBe(0)
    expect(changed.explanation.map((s) => s.code)).toContain('BACK_PAY_RESTORED')
  })

  test('D12 newbornWindowDays: a 30-day window leaves a 40-day-old newborn waiting', () => {
    const [spec, changed] = both(SHANXI_NEWBORN, { newbornWindowDays: 30 })
    expect(spec.exemption).toBe('newborn')
    expect(spec.benefitStart).toBe('2027-06-10')
    expect(changed.exemption).toBeNull()
    expect(changed.waitingMonths).toBe(3)
    expect(changed.benefitStart).toBe('2027-10-20')
    // Shanxi's birth year stays free either way: 出生当年不缴费 does not depend on the window
    expect(changed.contributionDueFen).toBe(0)
  })

  test('D13 conversionRounding: 8 resident years convert to 1 year rounded down, 2 rounded', () => {
    const [spec, changed] = both(
      { province: '14', baseCapYuan: 400_000, year: 2032, history: resident(2025, 2032) },
      { conversionRounding: 'round' },
    )
    expect(spec.convertedEmployeeYears).toBe(1)
    expect(changed.convertedEmployeeYears).toBe(2)
  })

  test('a region can change a decision through its own data', () => {
    const tables: PolicyTables = {
      ...DEFAULT_TABLES,
      regions: {
        ...REGIONS,
        '510100': { code: '510100', nameZh: '测试市', province: '51', decisions: { oneYearGapAddsMonth: false } },
      },
    }
    const history = [...resident(2025, 2026), ...resident(2028, 2028)]
    expect(run({ province: '51', region: '510100', year: 2028, history }).waitingMonths).toBe(4)
    expect(run({ province: '51', region: '510100', year: 2028, history }, { tables }).waitingMonths).toBe(3)
  })

  test('the province tables cite their decisions', () => {
    expect(PROVINCES['52'].decisions.penaltyPerReenrollment[2025]).toEqual({ value: true, cite: '003 §二; D7' })
    expect(PROVINCES['36'].decisions.keepContinuousStepsAfterGap[2025]).toEqual({ value: true, cite: '004 (四); D4' })
    expect(PROVINCES['51'].decisions.oneYearGapAddsMonth[2025]).toEqual({ value: true, cite: 'D10' })
    expect(PROVINCES['52'].maxDown[2025]?.cite).toBe('D7')
  })
})
