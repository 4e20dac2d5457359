// Issue 14: the defects found on the second reading of the documents (SPEC §2, §3, §5, D14–D17), each as
// what a resident would see, and the rules the engine gains.

import { describe, expect, test } from 'vitest'
import {
  DEFAULT_TABLES,
  evaluate,
  renderStepZh,
  stayEnrolled,
  validatePolicyInput,
  type HistoryEntry,
  type IssueCode,
  type PolicyTables,
} from '../../../shared/policy/index'
import { codes, resident, run } from './helpers'

function refusedWith(raw: unknown): IssueCode[] {
  const result = validatePolicyInput(raw)
  if (result.ok) throw new Error('expected the input to be refused')
  const evaluated = evaluate(raw)
  expect(evaluated.ok).toBe(false)
  return result.issues.map((i) => i.code)
}

const employee = (year: number, endedOn = `${year}-12-31`): HistoryEntry => ({ year, scheme: 'employee', endedOn })
const paid = (year: number, paidOn: string, extra: Partial<HistoryEntry> = {}): HistoryEntry => ({
  year,
  scheme: 'resident',
  paidOn,
  ...extra,
})

describe('Sichuan fixes its base cap (000 (三))', () => {
  test('a base cap given as input is ignored, and the explanation says the province fixes it', () => {
    const e = run({ province: '51', baseCapYuan: 250_000, year: 2027, history: resident(2025, 2027) })
    expect(e.baseCapYuan).toBe(300_000)
    expect(e.capYuan).toBe(300_000)
    const step = e.explanation.find((s) => s.code === 'BASE_CAP_INPUT_IGNORED')
    expect(step && renderStepZh(step)).toContain('全省统一')
    expect(codes(e)).not.toContain('BASE_CAP_INPUT')
  })
})

describe('Heilongjiang: 当年退出现役军人 (002 (三))', () => {
  const base = { province: '23', baseCapYuan: 250_000, year: 2027 }
  const history = [...resident(2025, 2026), paid(2027, '2027-03-10')]
  const veteran = (exitedOn?: string) => ({
    ...base,
    history,
    groups: [{ kind: 'veteran-discharged', ...(exitedOn ? { exitedOn } : {}) }],
  })

  test('discharged in the coverage year itself: no waiting', () => {
    expect(run(veteran('2027-02-01'))).toMatchObject({ exemption: 'veteran-discharged', waitingMonths: 0 })
  })
  test('discharged the year before and enrolling late: the general rule', () => {
    expect(run(veteran('2026-11-10'))).toMatchObject({ exemption: null, late: true, waitingMonths: 3 })
  })
  test('no exit date: not exempt', () => {
    expect(run(veteran())).toMatchObject({ exemption: null, waitingMonths: 3 })
  })
  test('an exit date after the payment, or years ahead, is refused', () => {
    expect(refusedWith(veteran('2027-04-01'))).toContain('EXIT_AFTER_PAYMENT')
    expect(
      refusedWith({ ...veteran('2030-01-05'), history: [...resident(2025, 2026), { year: 2027, scheme: 'resident' }] }),
    ).toContain('EXIT_AFTER_PAYMENT')
  })
})

describe('D14: years before 2025 count where a rule asks whether someone was insured', () => {
  test('Shanxi switch test: employee 2023–2024, resident for 2025 within 3 months → no waiting', () => {
    const e = run({
      province: '14',
      baseCapYuan: 400_000,
      year: 2025,
      history: [employee(2023), employee(2024, '2024-12-15'), paid(2025, '2025-02-20')],
    })
    expect(e).toMatchObject({ exemption: 'scheme-switch', waitingMonths: 0, benefitStart: '2025-02-20' })
  })
  test('Heilongjiang switch test for 2026 sees 2024', () => {
    const e = run({
      province: '23',
      baseCapYuan: 250_000,
      year: 2026,
      history: [...resident(2024, 2024), employee(2025, '2025-12-20'), paid(2026, '2026-01-10')],
    })
    expect(e.exemption).toBe('scheme-switch')
  })
  test('Shanxi 5:1 conversion counts resident years before 2025', () => {
    const e = run({ province: '14', baseCapYuan: 400_000, year: 2027, history: resident(2018, 2027) })
    expect(e.convertedEmployeeYears).toBe(2)
    expect(
      run({ province: '14', baseCapYuan: 400_000, year: 2026, history: resident(2022, 2026) }).convertedEmployeeYears,
    ).toBe(1)
  })
})

describe('D17: a Shanxi student is covered from the payment date to 12-31 of the year after it', () => {
  const student = (year: number) => ({ kind: 'student-first-enrollment', year })
  const base = { province: '14', baseCapYuan: 400_000 }

  test('a September payment booked for the next coverage year ends with that year', () => {
    const e = run({ ...base, year: 2026, groups: [student(2026)], history: [paid(2026, '2025-09-10')] })
    expect(e).toMatchObject({
      covered: true,
      exemption: 'student-first-enrollment',
      coverageEnd: '2026-12-31',
      waitingMonths: 0,
    })
  })
  test('booked for the payment year: the next year is covered too, and is no gap', () => {
    const history = [paid(2025, '2025-09-10')]
    const next = run({ ...base, year: 2026, groups: [student(2025)], history })
    expect(next).toMatchObject({ covered: true, waitingMonths: 0, coverageEnd: '2026-12-31' })
    const after = run({ ...base, year: 2027, groups: [student(2025)], history: [...history, paid(2027, '2026-11-01')] })
    expect(after).toMatchObject({ gapYears: 0, gapPenaltyYuan: 0, waitingMonths: 0, capYuan: 400_000 })
  })
})

describe('impossible inputs are refused, never answered', () => {
  const valid = { province: '51', year: 2027, history: resident(2025, 2027) }
  test.each<[string, unknown, IssueCode]>([
    [
      'payment before birth',
      { ...valid, birthDate: '2026-12-01', history: [paid(2027, '2026-11-20')] },
      'PAID_BEFORE_BIRTH',
    ],
    [
      'incentive used in a zero-claim year',
      {
        ...valid,
        history: [...resident(2025, 2026), paid(2027, '2026-11-01', { fundPaidFen: 0, incentiveUsed: true })],
      },
      'INCENTIVE_USED_ZERO_CLAIM',
    ],
    [
      'a payment date on an employee year',
      { ...valid, history: [{ ...employee(2025), paidOn: '2024-11-01' }, ...resident(2026, 2027)] },
      'RESIDENT_FIELD_ON_EMPLOYEE',
    ],
    [
      'a fund payment on an employee year',
      { ...valid, history: [{ ...employee(2025), fundPaidFen: 0 }, ...resident(2026, 2027)] },
      'RESIDENT_FIELD_ON_EMPLOYEE',
    ],
    ['Shanxi base cap 1', { ...valid, province: '14', baseCapYuan: 1 }, 'BASE_CAP_TOO_LOW'],
    [
      'Shanxi base cap equal to its 80,000 limit',
      { ...valid, province: '14', baseCapYuan: 80_000 },
      'BASE_CAP_TOO_LOW',
    ],
    [
      'a payment long before the enrollment period',
      { ...valid, history: [...resident(2025, 2026), paid(2027, '2026-03-01')] },
      'PAID_BEFORE_PERIOD',
    ],
    [
      'two resident entries for one year',
      { ...valid, history: [...resident(2025, 2027), paid(2027, '2027-05-01')] },
      'DUPLICATE_YEAR',
    ],
    [
      'a resident part paid before the employee part ended',
      { ...valid, history: [...resident(2025, 2026), employee(2027, '2027-05-31'), paid(2027, '2027-05-01')] },
      'SWITCH_ORDER',
    ],
  ])('%s', (_, raw, code) => {
    expect(refusedWith(raw)).toContain(code)
  })
})

describe('a mid-year switch: employee cover ends in May, resident enrollment in June (SPEC §5)', () => {
  const switched = (province: string) => ({
    province,
    baseCapYuan: 250_000,
    year: 2027,
    history: [employee(2025), employee(2026), employee(2027, '2027-05-31'), paid(2027, '2027-06-15')],
  })
  test('Shanxi: insured, resident-covered, the switch rule waives waiting', () => {
    const e = run(switched('14'))
    expect(e).toMatchObject({
      covered: true,
      exemption: 'scheme-switch',
      waitingMonths: 0,
      benefitStart: '2027-06-15',
      gapYears: 0,
    })
  })
  test('Heilongjiang: the same, after back-paying the break', () => {
    const e = run(switched('23'))
    expect(e.exemption).toBe('scheme-switch')
    expect(e.assumptions).toContain('SWITCH_REQUIRES_BACK_PAY')
  })
  test('Sichuan has no switch rule: late, 3 months', () => {
    const { baseCapYuan: _, ...input } = switched('51')
    expect(run(input)).toMatchObject({ exemption: null, late: true, waitingMonths: 3, benefitStart: '2027-09-15' })
  })
  test('the switch year counts for the streak and is no gap', () => {
    const input = {
      ...switched('51'),
      baseCapYuan: undefined,
      year: 2028,
      history: [...switched('51').history, paid(2028, '2027-11-01')],
    }
    delete input.baseCapYuan
    const e = run(input)
    expect(e).toMatchObject({ gapYears: 0, penaltySteps: 0, waitingMonths: 0 })
    expect(e.explanation.find((s) => s.code === 'STREAK')?.values).toMatchObject({ years: 2 })
  })
})

describe('D16: a Shanxi newborn paying for the year after birth within 90 days is never late', () => {
  const base = { province: '14', baseCapYuan: 400_000, year: 2027, groups: [{ kind: 'newborn', year: 2026 }] }
  test('paid in January after the period closed', () => {
    const e = run({ ...base, birthDate: '2026-11-20', history: [paid(2026, '2026-12-01'), paid(2027, '2027-01-15')] })
    expect(e).toMatchObject({ late: false, waitingMonths: 0, benefitStart: '2027-01-01' })
  })
  test('paid before the period opened: accepted in Shanxi, refused elsewhere', () => {
    const input = { ...base, birthDate: '2026-06-01', history: [paid(2026, '2026-06-20'), paid(2027, '2026-07-15')] }
    expect(run(input)).toMatchObject({ late: false, waitingMonths: 0 })
    const { baseCapYuan: _, ...sichuan } = { ...input, province: '51' }
    expect(refusedWith(sichuan)).toContain('PAID_BEFORE_PERIOD')
  })
  test('after 90 days the period applies again', () => {
    const e = run({ ...base, birthDate: '2026-10-01', history: [paid(2026, '2026-10-20'), paid(2027, '2027-01-15')] })
    expect(e).toMatchObject({ late: true, waitingMonths: 3 })
  })
})

describe("Sichuan students' whole-programme payment (000 (一))", () => {
  const programme = {
    province: '51',
    history: [...resident(2025, 2025), paid(2026, '2025-09-05', { programmeYears: 4 })],
  }
  test('each year of the programme is covered and on time', () => {
    for (const year of [2026, 2027, 2028, 2029]) {
      expect(run({ ...programme, year })).toMatchObject({
        covered: true,
        late: false,
        waitingMonths: 0,
        benefitStart: `${year}-01-01`,
      })
    }
    expect(run({ ...programme, year: 2030 }).covered).toBe(false)
    expect(run({ ...programme, year: 2029 }).explanation.map((s) => s.code)).toContain('PROGRAMME_PAID')
  })
  test('other provinces have no such payment', () => {
    expect(refusedWith({ ...programme, province: '14', year: 2027 })).toContain('PROGRAMME_NOT_IN_PROVINCE')
  })
})

describe('the Shanxi document is valid for five years (its last line)', () => {
  test('years past its end assume the rules continue', () => {
    const input = { province: '14', baseCapYuan: 400_000, year: 2029, history: resident(2025, 2029) }
    expect(run(input).assumptions).not.toContain('RULES_ASSUMED_CONTINUING')
    const later = run({ ...input, year: 2031, history: resident(2025, 2031) })
    expect(later.assumptions).toContain('RULES_ASSUMED_CONTINUING')
    const series = stayEnrolled(input, 3)
    expect(series.ok && series.value.series.map((p) => p.assumptions?.includes('RULES_ASSUMED_CONTINUING'))).toEqual([
      false,
      true,
      true,
      true,
    ])
  })
  test('Sichuan states no end: no such assumption', () => {
    expect(run({ province: '51', year: 2035, history: resident(2025, 2035) }).assumptions).not.toContain(
      'RULES_ASSUMED_CONTINUING',
    )
  })
})

describe('amounts', () => {
  test('the cap is never below zero, even from a regional base cap under the limit', () => {
    const tables: PolicyTables = {
      ...DEFAULT_TABLES,
      regions: {
        ...DEFAULT_TABLES.regions,
        '140100': {
          code: '140100',
          nameZh: '太原市',
          province: '14',
          baseCapYuan: { 2025: { value: 50_000, source: '测试数据', verified: false } },
        },
      },
    }
    const e = run(
      { province: '14', region: '140100', year: 2045, history: resident(2025, 2025).concat(paid(2045, '2044-11-01')) },
      { tables },
    )
    expect(e.capYuan).toBe(0)
  })
  test('Guizhou 2% of a base that is not a multiple of 50 carries two decimals', () => {
    const e = run({
      province: '52',
      baseCapYuan: 123_455,
      year: 2027,
      history: [...resident(2025, 2026), ...resident(2027, 2027)].map((h, i) => (i < 2 ? { ...h, fundPaidFen: 0 } : h)),
    })
    expect(e.stepFen).toBe(246_910)
    expect(e.stepYuan).toBe(2469.1)
    expect(e.capFen).toBe(12_345_500 + 2 * 246_910)
    const step = e.explanation.find((s) => s.code === 'STEP_PERCENT')
    expect(step && renderStepZh(step)).toContain('2469.10元')
  })
})

describe('D14–D17 are named parameters a region or caller can change', () => {
  test('D14 off: the switch test no longer sees 2023–2024', () => {
    const input = {
      province: '14',
      baseCapYuan: 400_000,
      year: 2025,
      history: [employee(2023), employee(2024, '2024-12-15'), paid(2025, '2025-02-20')],
    }
    const e = run(input, { overrides: { insuredBeforeMechanismCounts: false } })
    expect(e.exemption).toBeNull()
    expect(e.assumptions).toContain('DECISION_OVERRIDDEN')
  })
  test('D15: a region publishing another gap amount lowers by it', () => {
    const input = {
      province: '23',
      baseCapYuan: 250_000,
      stepYuan: 1_500,
      year: 2028,
      history: [...resident(2025, 2026), paid(2028, '2027-11-01')],
    }
    expect(run(input).gapPenaltyYuan).toBe(1_500)
    expect(run(input, { overrides: { gapStepYuan: 2_000 } }).gapPenaltyYuan).toBe(2_000)
  })
  test('D16 off: the Shanxi newborn paying in January is late', () => {
    const input = {
      province: '14',
      baseCapYuan: 400_000,
      year: 2027,
      birthDate: '2026-11-20',
      history: [paid(2026, '2026-12-01'), paid(2027, '2027-01-15')],
    }
    expect(run(input, { overrides: { newbornNextYearNeverLate: false } }).late).toBe(true)
  })
  test('D17 off: 次年 counts from the coverage year named', () => {
    const input = {
      province: '14',
      baseCapYuan: 400_000,
      year: 2026,
      groups: [{ kind: 'student-first-enrollment', year: 2026 }],
      history: [paid(2026, '2025-09-10')],
    }
    expect(run(input, { overrides: { studentNextYearFromPayment: false } }).coverageEnd).toBe('2027-12-31')
  })
})
