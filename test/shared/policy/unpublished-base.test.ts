// Issue 15: where a region has not published its base cap (原封顶线), the answer still states what is known —
// the incentive and the penalty the person has earned or incurred ("原封顶线 + 6000元").

import { describe, expect, test } from 'vitest'
import { enrollOn, renderExplanationZh, type Evaluation, type HistoryEntry } from '../../../shared/policy/index'
import { resident, run } from './helpers'

const capStep = (e: Evaluation) => e.explanation.find((s) => s.code.startsWith('CAP'))
const zeroClaim = (from: number, to: number): HistoryEntry[] => resident(from, to, { fundPaidFen: 0 })

describe('cap with an unpublished base', () => {
  test('Jiangxi (3000元 a step): two zero-claim years read 原封顶线 + 6000元, with the 20% limit named', () => {
    const e = run({ province: '36', year: 2027, history: zeroClaim(2025, 2027) })
    expect(e.capYuan).toBeNull()
    expect(e.zeroClaimSteps).toBe(2)
    expect(capStep(e)?.values).toEqual({ incentiveYuan: 6000, maxUpPercent: 20 })
    expect(renderExplanationZh(e.explanation).join('\n')).toContain(
      '本年度大病保险最高支付限额 = 原封顶线 + 6000元（提高的额度累计不超过原封顶线的20%）；原封顶线尚未公布',
    )
  })

  test('Shanxi (3000元, limits in yuan): a gap year reads 原封顶线 − 3000元', () => {
    const e = run({ province: '14', year: 2027, history: [...resident(2025, 2025), ...resident(2027, 2027)] })
    expect(capStep(e)?.values).toEqual({ penaltyYuan: 3000 })
    expect(renderExplanationZh(e.explanation).join('\n')).toContain('本年度大病保险最高支付限额 = 原封顶线 − 3000元；')
  })

  test('Guizhou (2% of the base a step): amounts in percent of the base, the 20% limit applied', () => {
    const e = run({ province: '52', year: 2031, history: zeroClaim(2025, 2031) })
    // 3 continuous + 6 zero-claim steps = 18%; limit 20%
    expect(capStep(e)?.values).toEqual({ incentivePercent: 18 })
    const capped = run({ province: '52', year: 2036, history: zeroClaim(2025, 2036) })
    expect(capStep(capped)?.values).toEqual({ incentivePercent: 20 })
    expect(renderExplanationZh(capped.explanation).join('\n')).toContain('原封顶线 + 原封顶线的20%')
  })

  test('nothing earned or lost: the cap is the base itself, said in words', () => {
    const e = run({ province: '36', year: 2026, history: resident(2025, 2026, { fundPaidFen: 10_000 }) })
    expect(capStep(e)?.code).toBe('CAP_IS_BASE')
    expect(renderExplanationZh(e.explanation).join('\n')).toContain('本年度大病保险最高支付限额就是原封顶线')
  })

  test("paying today (the home's what-if) says the same", () => {
    const input = { province: '36' as const, year: 2026, history: zeroClaim(2025, 2026) }
    const today = enrollOn(input, '2026-11-20')
    if (!today.ok) throw new Error(JSON.stringify(today.issues))
    expect(today.value.year).toBe(2027)
    expect(capStep(today.value.evaluation)?.values).toEqual({ incentiveYuan: 6000, maxUpPercent: 20 })
  })

  test('a published base keeps the full sum', () => {
    const e = run({ province: '36', baseCapYuan: 400_000, year: 2027, history: zeroClaim(2025, 2027) })
    expect(capStep(e)?.code).toBe('CAP')
    expect(e.capYuan).toBe(406_000)
  })
})
