import { describe, expect, it } from 'vitest'
import type { EntitlementResponse } from '../../shared/api/entitlement'
import { evaluate } from '../../shared/policy'
import { nextAction, provenanceText, yearCard } from '../../miniapp/src/pages/index/status-model'
import type { EnrollmentWindow } from '../../shared/status/enrollment-window'

function answer(year: number, history: object[], extra: Partial<EntitlementResponse['whatIf']> = {}, input: object = {}): EntitlementResponse {
  const evaluated = evaluate({ province: '51', year, history, ...input })
  if (!evaluated.ok) throw new Error(JSON.stringify(evaluated.issues))
  return {
    year,
    asOf: '2026-11-22',
    evaluation: evaluated.value,
    explanationZh: [],
    assumptionsZh: [],
    suppliedFigures: [],
    whatIf: { enrollToday: null, backPay: null, stayEnrolled: [], ...extra },
  }
}

const paid = (year: number) => ({ year, scheme: 'resident', paidOn: `${year - 1}-11-01`, fundPaidFen: 100 })
const openWindow: EnrollmentWindow = { year: 2027, start: '2026-09-01', end: '2026-12-31', phase: 'open', daysUntilStart: 0, daysLeft: 40, isDefault: true }

describe('status page', () => {
  it('asks to pay for next year while its enrollment period is open and it is unpaid', () => {
    const action = nextAction(answer(2026, [paid(2025), paid(2026)]), answer(2027, [paid(2025), paid(2026)]), openWindow)
    expect(action.kind).toBe('pay')
    expect(action.detail).toContain('2026年12月31日前缴费')
  })

  it('has nothing to do when both years are paid', () => {
    const history = [paid(2025), paid(2026), paid(2027)]
    expect(nextAction(answer(2026, history), answer(2027, history), openWindow).kind).toBe('none')
  })

  it('shows the Sichuan cap without the local-authority note that only unpublished figures need', () => {
    const card = yearCard(answer(2026, [paid(2025), paid(2026)]))
    expect(card.capText).toBe('300,000元')
    expect(card.localNote).toBeNull()
  })

  it('flags a cap that rests on an unpublished regional figure', () => {
    const card = yearCard(answer(2026, [paid(2025), paid(2026)], {}, { province: '23', baseCapYuan: 250000 }))
    expect(card.localNote).toBe('以当地医保部门公布为准')
  })

  it('says where the records came from, office first', () => {
    const text = provenanceText({
      history: [
        { year: 2025, scheme: 'resident', source: 'office' },
        { year: 2026, scheme: 'resident', source: 'self' },
      ],
      groups: [],
      backPaidYears: [],
      overriddenSelfYears: [],
      ignoredBackPaidYears: [],
    })
    expect(text).toBe('记录来源：医保部门导入1年，本人填写1年（以医保部门记录为准）')
  })

  it('names years a relative paid through family mutual aid', () => {
    const text = provenanceText({
      history: [
        { year: 2026, scheme: 'resident', source: 'self' },
        { year: 2027, scheme: 'resident', paidOn: '2026-11-20', source: 'family' },
      ],
      groups: [],
      backPaidYears: [],
      overriddenSelfYears: [],
      ignoredBackPaidYears: [],
    })
    expect(text).toBe('记录来源：家人共济代缴1年，本人填写1年')
  })
})
