// SPEC §5 special groups and the edges of coverage: who waits, who does not, and why.

import { describe, expect, test } from 'vitest'
import { renderStepZh } from '../../../shared/policy/index'
import { codes, resident, run } from './helpers'

describe('newborns (all five provinces, D12)', () => {
  test.each(['51', '14', '23', '52', '36'])(
    'province %s: a birth-year enrollment within 90 days needs no group flag',
    (province) => {
      const e = run({
        province,
        baseCapYuan: 300_000,
        year: 2027,
        birthDate: '2027-03-01',
        history: [{ year: 2027, scheme: 'resident', paidOn: '2027-05-30' }],
      })
      expect(e.exemption).toBe('newborn')
      expect(e.waitingMonths).toBe(0)
      expect(e.benefitStart).toBe('2027-03-01')
      expect(e.gapYears).toBe(0)
    },
  )

  test('registered after 90 days: §4 applies, late from the payment date', () => {
    const e = run({
      province: '51',
      year: 2027,
      birthDate: '2027-03-01',
      groups: [{ kind: 'newborn' }],
      history: [{ year: 2027, scheme: 'resident', paidOn: '2027-06-01' }],
    })
    expect(e.exemption).toBeNull()
    expect(e.late).toBe(true)
    expect(e.waitingMonths).toBe(3)
    expect(e.benefitStart).toBe('2027-09-01')
    expect(codes(e)).toContain('GROUP_NOT_APPLIED')
  })

  test('only Shanxi makes the birth year free', () => {
    const input = {
      year: 2027,
      birthDate: '2027-03-01',
      contributionFen: 40_000,
      history: [{ year: 2027, scheme: 'resident', paidOn: '2027-04-01' }],
    }
    expect(run({ ...input, province: '14', baseCapYuan: 400_000 }).contributionDueFen).toBe(0)
    expect(run({ ...input, province: '51' }).contributionDueFen).toBe(40_000)
  })

  test('the year after birth is an ordinary enrollment, and the birth year is no gap', () => {
    const e = run({ province: '51', year: 2028, birthDate: '2027-03-01', history: resident(2028, 2028) })
    expect(e.exemption).toBeNull()
    expect(e.gapYears).toBe(0)
    expect(e.waitingMonths).toBe(0)
  })
})

describe('Shanxi groups (001 (三), (四))', () => {
  const shanxi = { province: '14', baseCapYuan: 400_000, year: 2027 }

  test('a new student is covered from payment to the end of the next year', () => {
    const e = run({
      ...shanxi,
      groups: [{ kind: 'student-first-enrollment' }],
      history: [{ year: 2027, scheme: 'resident', paidOn: '2027-09-20' }],
    })
    expect(e.exemption).toBe('student-first-enrollment')
    expect(e.benefitStart).toBe('2027-09-20')
    expect(e.coverageEnd).toBe('2028-12-31')
    expect(e.explanation.find((s) => s.code === 'COVERAGE_END')?.cite).toBe('001 (三); D17')
  })

  test('left another system: within 3 months of leaving no waiting, later the general rule', () => {
    const history = [...resident(2025, 2025), { year: 2027, scheme: 'resident' as const, paidOn: '2027-06-30' }]
    const within = run({ ...shanxi, groups: [{ kind: 'left-other-system', exitedOn: '2027-03-31' }], history })
    expect(within.exemption).toBe('left-other-system')
    expect(within.benefitStart).toBe('2027-06-30')
    const after = run({ ...shanxi, groups: [{ kind: 'left-other-system', exitedOn: '2027-03-29' }], history })
    expect(after.exemption).toBeNull()
    expect(after.waitingMonths).toBe(4)
    const unknown = run({ ...shanxi, groups: [{ kind: 'left-other-system' }], history })
    expect(unknown.exemption).toBeNull()
    expect(unknown.explanation.find((s) => s.code === 'GROUP_NOT_APPLIED')?.values).toEqual({
      group: 'left-other-system',
      reason: 'exit-date-missing',
      months: 3,
    })
  })

  test('a group naming another enrollment year does not exempt this one', () => {
    const e = run({
      ...shanxi,
      groups: [{ kind: 'veteran-discharged', exitedOn: '2024-10-01', year: 2025 }],
      history: [...resident(2025, 2026), { year: 2027, scheme: 'resident', paidOn: '2027-02-01' }],
    })
    expect(e.exemption).toBeNull()
    expect(e.waitingMonths).toBe(3)
  })

  test('employee coverage interrupted after 2 covered years: resident enrollment within 3 months waits nothing', () => {
    const history = [
      ...resident(2025, 2025),
      { year: 2026, scheme: 'employee' as const, endedOn: '2026-11-30' },
      { year: 2027, scheme: 'resident' as const, paidOn: '2027-02-28' },
    ]
    const e = run({ ...shanxi, history })
    expect(e.exemption).toBe('scheme-switch')
    expect(e.waitingMonths).toBe(0)
    expect(e.benefitStart).toBe('2027-02-28')
    const late = run({
      ...shanxi,
      history: [...history.slice(0, 2), { year: 2027, scheme: 'resident', paidOn: '2027-03-01' }],
    })
    expect(late.exemption).toBeNull()
    expect(late.waitingMonths).toBe(3)
    // one covered year is not enough
    const short = run({ ...shanxi, history: history.slice(1) })
    expect(short.exemption).toBeNull()
    // paid inside the period nothing waits anyway: no exemption is claimed
    const onTime = run({
      ...shanxi,
      history: [...history.slice(0, 2), { year: 2027, scheme: 'resident', paidOn: '2026-12-01' }],
    })
    expect(onTime.exemption).toBeNull()
    expect(onTime.waitingMonths).toBe(0)
    expect(onTime.benefitStart).toBe('2027-01-01')
  })

  test('resident years convert 5:1 when moving to the employee scheme', () => {
    expect(run({ ...shanxi, year: 2034, history: resident(2025, 2034) }).convertedEmployeeYears).toBe(2)
    expect(run({ province: '51', year: 2034, history: resident(2025, 2034) }).convertedEmployeeYears).toBeNull()
  })
})

describe('Heilongjiang groups (002 (三))', () => {
  const hlj = { province: '23', baseCapYuan: 250_000, stepYuan: 1_500, year: 2028 }
  const lateAfterGap = [...resident(2025, 2025), { year: 2028, scheme: 'resident' as const, paidOn: '2028-04-01' }]

  test('medical-assistance funded enrollees wait nothing; their contribution is subsidised', () => {
    const e = run({ ...hlj, groups: [{ kind: 'assistance-funded' }], history: lateAfterGap })
    expect(e.exemption).toBe('assistance-funded')
    expect(e.waitingMonths).toBe(0)
    expect(e.benefitStart).toBe('2028-04-01')
    expect(e.contributionDueFen).toBeNull()
    expect(e.assumptions).toContain('CONTRIBUTION_SUBSIDISED')
    expect(e.gapPenaltyYuan).toBe(3_000)
  })

  test("soldiers discharged in the coverage year itself (当年) wait nothing; last year's do", () => {
    expect(
      run({ ...hlj, groups: [{ kind: 'veteran-discharged', exitedOn: '2028-03-01' }], history: lateAfterGap })
        .exemption,
    ).toBe('veteran-discharged')
    const earlier = run({
      ...hlj,
      groups: [{ kind: 'veteran-discharged', exitedOn: '2026-10-01' }],
      history: lateAfterGap,
    })
    expect(earlier.exemption).toBeNull()
    expect(earlier.waitingMonths).toBe(5)
  })

  test('leaving prison exempts nothing in Heilongjiang', () => {
    const e = run({ ...hlj, groups: [{ kind: 'left-other-system', exitedOn: '2028-02-01' }], history: lateAfterGap })
    expect(e.exemption).toBeNull()
    expect(renderStepZh(e.explanation.find((s) => s.code === 'GROUP_NOT_APPLIED')!)).toContain('本省文件没有免除')
  })

  test('without the region step the document minimum of 1,000 yuan is used and flagged', () => {
    const e = run({ province: '23', baseCapYuan: 250_000, year: 2031, history: resident(2025, 2031) })
    expect(e.stepYuan).toBe(1_000)
    expect(e.capYuan).toBe(253_000)
    expect(e.assumptions).toContain('STEP_IS_DOCUMENT_MINIMUM')
  })
})

describe('coverage edges', () => {
  test('an employee-covered year is not resident coverage', () => {
    const e = run({
      province: '51',
      year: 2027,
      history: [...resident(2025, 2026), { year: 2027, scheme: 'employee' }],
    })
    expect(e.covered).toBe(false)
    expect(e.capYuan).toBeNull()
    expect(e.benefitStart).toBeNull()
    expect(e.coverageEnd).toBeNull()
    expect(e.waitingMonths).toBeNull()
    expect(codes(e)).toContain('NOT_COVERED_EMPLOYEE')
  })

  test('not covered: the gap so far is still reported', () => {
    const e = run({ province: '51', year: 2028, history: resident(2025, 2025) })
    expect(e.covered).toBe(false)
    expect(e.gapYears).toBe(2)
    expect(codes(e).filter((c) => c === 'GAP_RUN')).toHaveLength(1)
  })

  test('Shanxi without a base cap: the incentive and penalty are known (absolute limits), the cap is not', () => {
    const e = run({ province: '14', year: 2031, history: [...resident(2025, 2025), ...resident(2027, 2031)] })
    expect(e.continuousSteps).toBe(1)
    expect(e.incentiveYuan).toBe(3_000)
    expect(e.gapPenaltyYuan).toBe(3_000)
    expect(e.capYuan).toBeNull()
    expect(e.capFen).toBeNull()
    expect(e.assumptions).toContain('BASE_CAP_UNPUBLISHED')
  })

  test('Jiangxi without a base cap: steps are counted, amounts limited by the base are unknown', () => {
    const e = run({ province: '36', year: 2031, history: resident(2025, 2031) })
    expect(e.continuousSteps).toBe(3)
    expect(e.stepYuan).toBe(3_000)
    expect(e.incentiveYuan).toBeNull()
    expect(e.gapPenaltyYuan).toBe(0)
    expect(e.capYuan).toBeNull()
  })

  test('a year before the mechanism: base cap, no waiting', () => {
    const e = run({ province: '51', year: 2024, history: [{ year: 2024, scheme: 'resident', paidOn: '2024-03-01' }] })
    expect(e.covered).toBe(true)
    expect(e.capYuan).toBe(300_000)
    expect(e.waitingMonths).toBe(0)
    expect(e.benefitStart).toBe('2024-01-01')
    expect(codes(e)).toContain('MECHANISM_NOT_IN_FORCE')
  })

  test('a region not in the table falls back to the province, and says so', () => {
    const e = run({ province: '51', region: '510999', year: 2027, history: resident(2025, 2027) })
    expect(e.capYuan).toBe(300_000)
    expect(e.assumptions).toContain('REGION_NOT_IN_TABLE')
  })

  test('a waiting period that outlasts the year is pointed out', () => {
    const e = run({
      province: '51',
      year: 2030,
      history: [...resident(2025, 2025), { year: 2030, scheme: 'resident', paidOn: '2030-08-15' }],
    })
    expect(e.waitingMonths).toBe(7)
    expect(e.benefitStart).toBe('2031-03-15')
    expect(codes(e)).toContain('BENEFIT_AFTER_COVERAGE')
  })

  test('a payment without a date is taken as on time, and flagged', () => {
    const e = run({
      province: '51',
      year: 2027,
      history: [...resident(2025, 2026), { year: 2027, scheme: 'resident' }],
    })
    expect(e.late).toBe(false)
    expect(e.waitingMonths).toBe(0)
    expect(e.assumptions).toContain('PAID_ON_UNKNOWN')
  })
})
