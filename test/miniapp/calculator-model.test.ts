import { describe, expect, it } from 'vitest'
import {
  assumptionNotes,
  calculate,
  changeYear,
  coverageYearFor,
  defaultForm,
  ifNoClaimsText,
  setRowStatus,
  toPolicyInput,
  setRowFund,
  toggleBackPaid,
  toggleIncentiveUsed,
  stepMinimumYuan,
  stepUsedWhenEmpty,
  type CalculatorForm,
} from '../../miniapp/src/pages/calculator/model'
import { tablesFromFigures } from '../../shared/registry/figures'

const form = (changes: Partial<CalculatorForm> = {}): CalculatorForm => ({ ...defaultForm('2026-11-22'), ...changes })

function ok<T>(outcome: { ok: true; value: T } | { ok: false; issues: unknown[] }): T {
  if (!outcome.ok) throw new Error(`expected a result, got ${JSON.stringify(outcome.issues)}`)
  return outcome.value
}

describe('which coverage year a payment today buys', () => {
  it('is next year from September (the enrollment period), this year before', () => {
    expect(coverageYearFor('2026-11-22')).toBe(2027)
    expect(coverageYearFor('2026-09-01')).toBe(2027)
    expect(coverageYearFor('2026-08-31')).toBe(2026)
  })

  it('starts the form with one row per earlier year since 2025, all resident', () => {
    const f = defaultForm('2026-11-22')
    expect(f.year).toBe(2027)
    expect(f.rows.map((r) => [r.year, r.status])).toEqual([
      [2025, 'resident'],
      [2026, 'resident'],
    ])
  })

  it('keeps what was entered for a year when the target year changes', () => {
    const f = changeYear(setRowStatus(form(), 2025, 'employee'), 2029)
    expect(f.rows.map((r) => r.year)).toEqual([2025, 2026, 2027, 2028])
    expect(f.rows[0]?.status).toBe('employee')
  })
})

describe('a year not over yet', () => {
  it('counts "没有报销过" only as a condition: the headline is the cap already earned', () => {
    // 2026-11-22: 2025 is over, 2026 still running; both declared without reimbursement.
    const f = setRowFund(setRowFund(form(), 2025, 'zero'), 2026, 'zero')
    const result = ok(calculate(f, undefined, '2026-11-22'))
    expect(result.evaluation.capYuan).toBe(304000)
    expect(result.ifNoClaims?.years).toEqual([2026])
    expect(result.ifNoClaims?.evaluation.capYuan).toBe(308000)
    expect(ifNoClaimsText(2027, [2026], result.ifNoClaims!.evaluation)).toBe(
      '如2026年全年没有报销，2027年度限额为308,000元（2026年还没有结束，年底才能确定）',
    )
    // On an unpublished base (Jiangxi, 3000元 a step) the condition says what is known, not a formula.
    const unpublished = { ...result.ifNoClaims!.evaluation, capYuan: null, incentiveYuan: 6000, gapPenaltyYuan: 0 }
    expect(ifNoClaimsText(2027, [2026], unpublished)).toBe(
      '如2026年全年没有报销，2027年度限额比原封顶线高6,000元（2026年还没有结束，年底才能确定）',
    )
    // After 31 December the same answers earn both steps, with no condition left.
    const after = ok(calculate(f, undefined, '2027-01-02'))
    expect(after.evaluation.capYuan).toBe(308000)
    expect(after.ifNoClaims).toBeNull()
  })

  it('asks the reimbursement question with the records page answers, and the incentive only after 报销过', () => {
    let f = setRowFund(form(), 2025, 'paid')
    f = toggleIncentiveUsed(f, 2025)
    expect(toPolicyInput(f).history[0]).toEqual({ year: 2025, scheme: 'resident', fundPaidFen: 1, incentiveUsed: true })
    f = setRowFund(f, 2025, 'zero')
    expect(f.rows[0]?.incentiveUsed).toBe(false)
    f = setRowFund(f, 2025, 'unknown')
    expect(toPolicyInput(f).history[0]).toEqual({ year: 2025, scheme: 'resident' })
  })

  it('a year answered 不记得 is named in the note with that answer, not an amount "没有填写" (review 7)', () => {
    const f = setRowFund(setRowFund(changeYear(form(), 2027), 2025, 'unknown'), 2026, 'unknown')
    const result = ok(calculate(f, undefined, '2026-11-22'))
    const notes = assumptionNotes(result.evaluation)
    expect(notes).toContain(
      '2025年、2026年选了“不记得”报销情况，这两年不计零报销激励；如确实没有报销过，请改选“没有报销过”',
    )
    for (const n of notes) expect(n).not.toMatch(/填写|金额/)
  })
})

describe('form → engine input', () => {
  it('leaves gap years out of the history and marks employee and zero-claim years', () => {
    let f = changeYear(form(), 2028)
    f = setRowStatus(f, 2026, 'gap')
    f = setRowStatus(f, 2027, 'employee')
    f = setRowFund(f, 2025, 'zero')
    const input = toPolicyInput(f)
    expect(input.history).toEqual([
      { year: 2025, scheme: 'resident', fundPaidFen: 0 },
      { year: 2027, scheme: 'employee' },
      { year: 2028, scheme: 'resident', paidOn: '2026-11-22' },
    ])
  })

  it('uses Sichuan’s province-wide base cap and ignores a typed one, but passes a Shanxi base cap', () => {
    expect(toPolicyInput(form({ baseCapYuan: '1' })).baseCapYuan).toBeUndefined()
    expect(toPolicyInput(form({ province: '14', baseCapYuan: '400,000' })).baseCapYuan).toBe(400000)
  })

  it('turns a contribution typed in yuan into integer fen', () => {
    expect(toPolicyInput(form({ contributionYuan: '380.5' })).contributionFen).toBe(38050)
  })
})

describe('what the calculator shows', () => {
  it('a one-year gap waits four months; back-paying it, three, at the contribution standard', () => {
    const gap = setRowStatus(form({ contributionYuan: '400' }), 2026, 'gap')
    const before = ok(calculate(gap))
    expect(before.evaluation.waitingMonths).toBe(4)
    expect(before.repair?.monthsSaved).toBe(1)
    const repaired = ok(calculate(toggleBackPaid(gap, 2026)))
    expect(repaired.evaluation.waitingMonths).toBe(3)
    expect(repaired.evaluation.repairCostFen).toBe(40000)
  })

  it('forgets a back-paid year once that year is no longer a gap', () => {
    const f = setRowStatus(toggleBackPaid(setRowStatus(form(), 2026, 'gap'), 2026), 2026, 'resident')
    expect(f.backPaidYears).toEqual([])
  })

  it('projects the cap for the next ten years for the chart', () => {
    const { series } = ok(calculate(form()))
    expect(series).toHaveLength(11)
    expect(series[0]).toMatchObject({ year: 2027, capYuan: 300000 })
    // 2025–2031 continuous: the 5th year (2029) earns the first 4000-yuan step.
    expect(series.find((p) => p.year === 2029)?.capYuan).toBe(304000)
  })

  it('names a bad base cap in Chinese instead of computing a wrong figure', () => {
    const outcome = calculate(form({ province: '14', baseCapYuan: '三十万' }))
    expect(outcome.ok).toBe(false)
    if (!outcome.ok) expect(outcome.issues[0]?.message).toMatch(/[\u4e00-\u9fff]/)
  })
})

describe('special groups in the calculator', () => {
  it('a new Shanxi student paying late has no waiting and is covered to the end of next year', () => {
    const f = changeYear(
      form({ province: '14', baseCapYuan: '400000', paidOn: '2027-09-20', group: 'student-first-enrollment' }),
      2027,
    )
    const { evaluation } = ok(calculate(f))
    expect(evaluation.waitingMonths).toBe(0)
    expect(evaluation.benefitStart).toBe('2027-09-20')
    expect(evaluation.coverageEnd).toBe('2028-12-31')
  })

  it('a Shanxi veteran enrolling within 3 months of discharge waits nothing; later the usual rules apply', () => {
    const base = changeYear(
      form({ province: '14', baseCapYuan: '400000', paidOn: '2027-05-10', group: 'veteran-discharged' }),
      2027,
    )
    expect(ok(calculate({ ...base, exitedOn: '2027-03-01' })).evaluation.waitingMonths).toBe(0)
    expect(ok(calculate({ ...base, exitedOn: '2026-12-01' })).evaluation.waitingMonths).toBe(3)
  })

  it('sends the group with the enrollment year and the exit date only where it matters', () => {
    const input = toPolicyInput(form({ group: 'left-other-system', exitedOn: '2026-10-01' }))
    expect(input.groups).toEqual([{ kind: 'left-other-system', year: 2027, exitedOn: '2026-10-01' }])
    expect(toPolicyInput(form({ group: 'assistance-funded' })).groups).toEqual([
      { kind: 'assistance-funded', year: 2027 },
    ])
  })
})

describe('calculator opens on the case shown', () => {
  it("opens on 李四's Shanxi gap case: province, region, the 2026 gap and his 2027 payment date", async () => {
    const { formFromCase, calculate } = await import('../../miniapp/src/pages/calculator/model')
    const form = formFromCase(
      {
        province: '14',
        region: '140500',
        year: 2027,
        history: [
          { year: 2025, scheme: 'resident', paidOn: '2024-12-05', fundPaidFen: 120000 },
          { year: 2027, scheme: 'resident', paidOn: '2026-11-10' },
        ],
      },
      '2026-12-01',
    )
    expect(form.province).toBe('14')
    expect(form.region).toBe('140500')
    expect(form.paidOn).toBe('2026-11-10')
    expect(form.rows.map((r) => `${r.year}:${r.status}`)).toEqual(['2025:resident', '2026:gap'])
    const outcome = calculate({ ...form, baseCapYuan: '300000' })
    expect(outcome.ok && outcome.value.evaluation.waitingMonths).toBeGreaterThan(0)
  })

  it('a negative contribution is reported in 元, beside the contribution field', async () => {
    const { defaultForm, calculate, fieldIssues } = await import('../../miniapp/src/pages/calculator/model')
    const { renderIssueZh } = await import('../../shared/policy')
    const form = { ...defaultForm('2026-11-22'), contributionYuan: '-5' }
    const outcome = calculate(form)
    expect(outcome.ok).toBe(false)
    const errors = outcome.ok ? {} : fieldIssues(form, outcome.issues, renderIssueZh)
    expect(errors.contribution?.join()).toContain('元')
    expect(errors.contribution?.join()).not.toContain('分')
  })

  it('an impossible payment date is reported beside the payment date field', async () => {
    const { defaultForm, changeYear, calculate, fieldIssues } = await import('../../miniapp/src/pages/calculator/model')
    const { renderIssueZh } = await import('../../shared/policy')
    const form = { ...changeYear(defaultForm('2026-11-22'), 2026), paidOn: '2027-02-01' }
    const outcome = calculate(form)
    expect(outcome.ok).toBe(false)
    const errors = outcome.ok ? {} : fieldIssues(form, outcome.issues, renderIssueZh)
    expect(errors.paidOn?.length).toBe(1)
  })
})

describe('calculator refuses what the engine refuses, beside the input', () => {
  const cases: [
    string,
    (
      f: import('../../miniapp/src/pages/calculator/model').CalculatorForm,
    ) => import('../../miniapp/src/pages/calculator/model').CalculatorForm,
    string,
  ][] = [
    ['a payment on 2024-03-15 for 2027', (f) => ({ ...f, paidOn: '2024-03-15' }), 'paidOn'],
    ['year 2040 with a 2024 payment', (f) => ({ ...f, year: 2040, paidOn: '2024-03-15' }), 'paidOn'],
    ['a base cap of 5 yuan (Shanxi)', (f) => ({ ...f, province: '14', baseCapYuan: '5' }), 'baseCap'],
  ]
  for (const [what, change, field] of cases) {
    it(what, async () => {
      const { defaultForm, changeYear, calculate, fieldIssues } = await import(
        '../../miniapp/src/pages/calculator/model'
      )
      const { renderIssueZh } = await import('../../shared/policy')
      const base = changeYear(defaultForm('2026-11-22'), 2027)
      let form = change(base)
      if (form.year !== base.year) form = { ...changeYear(form, form.year), paidOn: form.paidOn }
      const outcome = calculate(form)
      expect(outcome.ok).toBe(false)
      const errors = outcome.ok ? {} : fieldIssues(form, outcome.issues, renderIssueZh)
      expect(Object.keys(errors)).toContain(field)
      for (const m of Object.values(errors).flat()) expect(m).not.toMatch(/[A-Z_]{5,}|\bD\d+\b/)
    })
  }
})

describe("the step field's hint says the number an empty field stands for", () => {
  it("Heilongjiang: the document minimum, or the region's figure once the downloaded set has one", () => {
    expect(stepUsedWhenEmpty('23', 2027)).toBe(1000)
    const source = {
      docNo: '哈医保发〔2026〕1号',
      title: '通知',
      issuer: '哈尔滨市医疗保障局',
      issuedOn: '2026-08-01',
      link: null,
    }
    const tables = tablesFromFigures(
      [
        {
          region: '230100',
          year: 2027,
          kind: 'step',
          value: 2000,
          source,
          status: 'demo',
          publishedAt: '2026-08-01T00:00:00Z',
        },
      ],
      2027,
    )
    expect(stepUsedWhenEmpty('23', 2027, { tables, region: '230100' })).toBe(2000)
    // and the engine computes with that same figure when the field is left empty
    const answer = ok(calculate(form({ province: '23', year: 2027 }), { tables, region: '230100' }))
    expect(answer.evaluation.stepYuan).toBe(2000)
    expect(ok(calculate(form({ province: '23', year: 2027 }))).evaluation.stepYuan).toBe(1000)
  })

  it('provinces that fix the step have no step field to hint at', () => {
    expect(stepUsedWhenEmpty('51', 2027)).toBeNull()
    expect(stepMinimumYuan('51', 2027)).toBeNull()
    expect(stepMinimumYuan('23', 2027)).toBe(1000)
  })
})
