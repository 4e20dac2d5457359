// SPEC §8: the worked examples, one test each, enrolled inside the enrollment period unless said.

import { describe, expect, test } from 'vitest'
import { SHANXI_NEWBORN, resident, run, codes } from './helpers'

describe('SPEC §8 worked examples', () => {
  test('1. Sichuan, resident 2025–2031 with claims: 3 continuous steps, cap 312,000, no waiting', () => {
    const e = run({ province: '51', year: 2031, history: resident(2025, 2031) })
    expect(e.continuousSteps).toBe(3)
    expect(e.zeroClaimSteps).toBe(0)
    expect(e.incentiveYuan).toBe(12_000)
    expect(e.capYuan).toBe(312_000)
    expect(e.capFen).toBe(31_200_000)
    expect(e.waitingMonths).toBe(0)
    expect(e.benefitStart).toBe('2031-01-01')
    expect(e.coverageEnd).toBe('2031-12-31')
    expect(e.explanation.find((s) => s.code === 'STREAK')?.values).toEqual({ years: 7, from: 2025, to: 2031 })
  })

  test(
    '2. Sichuan, zero-claim 2025 and 2026: 2 steps and cap 308,000; ' +
      'using the incentive in 2027 clears them for 2028',
    () => {
      const history = [...resident(2025, 2026, { fundPaidFen: 0 }), ...resident(2027, 2027, { fundPaidFen: 120_000 })]
      const e2027 = run({ province: '51', year: 2027, history })
      expect(e2027.zeroClaimSteps).toBe(2)
      expect(e2027.capYuan).toBe(308_000)

      const used = [
        ...resident(2025, 2026, { fundPaidFen: 0 }),
        ...resident(2027, 2027, { fundPaidFen: 9_000_000, incentiveUsed: true }),
        ...resident(2028, 2028),
      ]
      // the reset acts from the following year: 2027 itself keeps its 2 steps
      expect(run({ province: '51', year: 2027, history: used }).capYuan).toBe(308_000)
      const e2028 = run({ province: '51', year: 2028, history: used })
      expect(e2028.zeroClaimSteps).toBe(0)
      expect(e2028.capYuan).toBe(300_000)
      expect(e2028.explanation.find((s) => s.code === 'ZERO_CLAIM_RESET')?.values).toEqual({ year: 2027, cleared: 2 })
    },
  )

  test('3. Sichuan, resident 2025–2045: 17 steps = 68,000 held to 60,000, cap 360,000', () => {
    const e = run({ province: '51', year: 2045, history: resident(2025, 2045) })
    expect(e.continuousSteps).toBe(17)
    expect(e.incentiveYuan).toBe(60_000)
    expect(e.capYuan).toBe(360_000)
    expect(e.explanation.find((s) => s.code === 'INCENTIVE_LIMIT')?.values).toEqual({
      rawYuan: 68_000,
      maxUpYuan: 60_000,
      percent: 20,
    })
  })

  describe('4. Sichuan, resident 2025–2026, gap 2027–2028, paid 2028-11-10 for 2029', () => {
    const base = {
      province: '51',
      year: 2029,
      contributionFen: 40_000,
      history: [...resident(2025, 2026), { year: 2029, scheme: 'resident', paidOn: '2028-11-10', fundPaidFen: 50_000 }],
    }

    test('penalty 8,000, cap 292,000; waiting 3 + 2 = 5 months, benefits from 2029-06-01', () => {
      const e = run(base)
      expect(e.gapYears).toBe(2)
      expect(e.penaltySteps).toBe(2)
      expect(e.gapPenaltyYuan).toBe(8_000)
      expect(e.capYuan).toBe(292_000)
      expect(e.fixedWaitingMonths).toBe(3)
      expect(e.variableWaitingMonths).toBe(2)
      expect(e.waitingMonths).toBe(5)
      expect(e.late).toBe(false)
      expect(e.benefitStart).toBe('2029-06-01')
      expect(e.repairCostFen).toBe(0)
    })

    test('back-paying both years: 3 months from 2029-04-01 at 2 × the 2029 standard; the penalty stays', () => {
      const e = run({ ...base, backPaidYears: [2027, 2028] })
      expect(e.waitingMonths).toBe(3)
      expect(e.variableWaitingMonths).toBe(0)
      expect(e.benefitStart).toBe('2029-04-01')
      expect(e.repairCostFen).toBe(80_000)
      expect(e.gapPenaltyYuan).toBe(8_000)
      expect(e.capYuan).toBe(292_000)
    })

    test('back-paying one year: 4 months from 2029-05-01', () => {
      const e = run({ ...base, backPaidYears: [2028] })
      expect(e.waitingMonths).toBe(4)
      expect(e.benefitStart).toBe('2029-05-01')
      expect(e.repairCostFen).toBe(40_000)
    })
  })

  describe('5. resident 2025–2030, gap 2031, enrolled for 2032', () => {
    const history = [...resident(2025, 2030), { year: 2032, scheme: 'resident', paidOn: '2031-10-15' }]

    test('Jiangxi (base 300,000) keeps 2 steps: 6,000 − 3,000 = cap 303,000; waits 4 months', () => {
      const e = run({ province: '36', baseCapYuan: 300_000, year: 2032, history })
      expect(e.continuousSteps).toBe(2)
      expect(e.incentiveYuan).toBe(6_000)
      expect(e.gapPenaltyYuan).toBe(3_000)
      expect(e.capYuan).toBe(303_000)
      expect(e.waitingMonths).toBe(4)
      expect(e.benefitStart).toBe('2032-05-01')
      expect(codes(e)).toContain('CONTINUOUS_KEPT')
    })

    test('the same history in Sichuan loses the steps: cap 296,000', () => {
      const e = run({ province: '51', year: 2032, history })
      expect(e.continuousSteps).toBe(0)
      expect(e.capYuan).toBe(296_000)
      expect(codes(e)).toContain('CONTINUOUS_LOST')
    })
  })

  test('6. Sichuan, 2027 paid late on 2027-03-15 without a gap: 3 months from the payment, to 2027-06-15', () => {
    const history = [...resident(2025, 2026), { year: 2027, scheme: 'resident', paidOn: '2027-03-15' }]
    const e = run({ province: '51', year: 2027, history })
    expect(e.late).toBe(true)
    expect(e.gapYears).toBe(0)
    expect(e.waitingMonths).toBe(3)
    expect(e.variableWaitingMonths).toBe(0)
    expect(e.benefitStart).toBe('2027-06-15')
    expect(e.capYuan).toBe(300_000)
    expect(e.assumptions).toContain('ENROLLMENT_PERIOD_DEFAULT')
  })

  describe('7. Sichuan, resident 2025, gap 2026–2029, paid 2029-10-01 for 2030', () => {
    const base = {
      province: '51',
      year: 2030,
      history: [...resident(2025, 2025), { year: 2030, scheme: 'resident', paidOn: '2029-10-01' }],
    }

    test('waits 3 + 4 = 7 months, from 2030-08-01; cap 284,000', () => {
      const e = run(base)
      expect(e.gapYears).toBe(4)
      expect(e.waitingMonths).toBe(7)
      expect(e.benefitStart).toBe('2030-08-01')
      expect(e.gapPenaltyYuan).toBe(16_000)
      expect(e.capYuan).toBe(284_000)
    })

    test.each([
      [[2028, 2029], 6],
      [[2026, 2027, 2028, 2029], 6],
      [[2029], 6],
    ])('back-paying %j still leaves %i months (from 2030-07-01)', (years, months) => {
      const e = run({ ...base, backPaidYears: years })
      expect(e.waitingMonths).toBe(months)
      expect(e.benefitStart).toBe('2030-07-01')
      expect(e.capYuan).toBe(284_000)
    })

    test('the 6-month floor is explained with the months it replaced', () => {
      const e = run({ ...base, backPaidYears: [2026, 2027, 2028, 2029] })
      expect(e.explanation.find((s) => s.code === 'WAITING_FLOOR')?.values).toEqual({
        gapYears: 4,
        before: 3,
        months: 6,
      })
    })
  })

  test('8. Guizhou, base 200,000: 2 continuous + 5 zero-claim steps of 4,000 = 28,000, cap 228,000', () => {
    const history = [...resident(2025, 2029, { fundPaidFen: 0 }), ...resident(2030, 2030)]
    const e = run({ province: '52', baseCapYuan: 200_000, year: 2030, history })
    expect(e.stepYuan).toBe(4_000)
    expect(e.continuousSteps).toBe(2)
    expect(e.zeroClaimSteps).toBe(5)
    expect(e.incentiveYuan).toBe(28_000)
    expect(e.capYuan).toBe(228_000)
  })

  test('9. Shanxi, born 2027-06-10, registered 2027-07-20: covered from birth, no waiting, nothing to pay', () => {
    const e = run(SHANXI_NEWBORN)
    expect(e.covered).toBe(true)
    expect(e.exemption).toBe('newborn')
    expect(e.waitingMonths).toBe(0)
    expect(e.benefitStart).toBe('2027-06-10')
    expect(e.contributionDueFen).toBe(0)
  })
})
