import { describe, expect, it } from 'vitest'
import type { HistoryResponse } from '../../shared/api/history'
import { GROUP_CHOICES_ZH } from '../../shared/policy'
import { SPECIAL_GROUPS } from '../../miniapp/src/pages/calculator/model'
import {
  GROUP_LABELS,
  answerAsNone,
  fundQuestion,
  unansweredQuestion,
  unansweredYears,
  calculatorHistory,
  checkForm,
  formFromHistory,
  requestOf,
  savedNote,
  coveredBy,
  groupsOf,
  hasFieldErrors,
  programmeAllowed,
  serverErrors,
  updateGroup,
  updateYear,
} from '../../miniapp/src/packages/records/model'

const TODAY = '2026-12-01'
const PROFILE = { province: '51', region: '510100', birthDate: '1980-06-15' }

const history = (items: HistoryResponse['history'], extra: Partial<HistoryResponse> = {}): HistoryResponse => ({
  history: items,
  groups: [],
  backPaidYears: [],
  overriddenSelfYears: [],
  ignoredBackPaidYears: [],
  ...extra,
})

describe('我的参保年度 model', () => {
  it('a new user starts with no year answered, and saving asks before treating them as 没有参保 (review 7)', () => {
    let form = formFromHistory(history([]), TODAY)
    expect(form.years.map((y) => y.scheme)).toEqual([null, null, null, null, null, null])
    // Unanswered years send nothing: no gap is declared by a tap on 保存.
    expect(requestOf(form).body.history).toEqual([])
    form = updateYear(form, 2025, { scheme: 'resident' })
    expect(unansweredYears(form)).toEqual([2027, 2026, 2024, 2023, 2022])
    expect(unansweredQuestion(unansweredYears(form))).toBe(
      '这些年度还没有选择：2027、2026、2024、2023、2022年度，按没有参保保存吗？',
    )
    const confirmed = answerAsNone(form)
    expect(unansweredYears(confirmed)).toEqual([])
    expect(confirmed.years.map((y) => `${y.year}:${y.scheme}`)).toEqual([
      '2027:none',
      '2026:none',
      '2025:resident',
      '2024:none',
      '2023:none',
      '2022:none',
    ])
    // After that save the server has entries: the years left out come back as the 没有参保 the resident chose.
    const again = formFromHistory(history([{ year: 2025, scheme: 'resident', source: 'self' }]), TODAY)
    expect(unansweredYears(again)).toEqual([])
    // An office record alone is not the resident's answer for the other years.
    const officeOnly = formFromHistory(
      history([{ year: 2025, scheme: 'resident', paidOn: '2024-11-20', source: 'office' }]),
      TODAY,
    )
    expect(unansweredYears(officeOnly)).toEqual([2027, 2026, 2024, 2023, 2022])
  })

  it('asks about reimbursement only for a coverage year that has started, "so far" for this year (review 6)', () => {
    expect(fundQuestion(2027, '2026-12-02')).toBeNull()
    expect(fundQuestion(2026, '2026-12-02')).toBe('到目前为止，医保基金给您报销过吗')
    expect(fundQuestion(2025, '2026-12-02')).toBe('这一年医保基金给您报销过吗')
    expect(fundQuestion(2027, '2027-01-01')).toBe('到目前为止，医保基金给您报销过吗')
  })

  it('names the special groups as the calculator does, with no 刑满释放 example (review 44)', () => {
    const records = Object.values(GROUP_LABELS).map((g) => `${g.label} ${g.hint}`)
    const calculator = SPECIAL_GROUPS.map((g) => g.label)
    for (const text of [...records, ...calculator]) expect(text).not.toContain('刑满释放')
    for (const g of SPECIAL_GROUPS) expect(GROUP_LABELS[g.kind].label).toBe(g.label)
    expect(GROUP_LABELS['left-other-system'].label).toBe(GROUP_CHOICES_ZH['left-other-system'])
    expect(GROUP_LABELS['left-other-system'].label).toBe('退出其他制度保障人员')
  })

  it('shows office and family years read-only with provenance; says when an office record replaced one', () => {
    const form = formFromHistory(
      history(
        [
          { year: 2024, scheme: 'resident', paidOn: '2023-11-02', fundPaidFen: 86000, source: 'office' },
          { year: 2025, scheme: 'resident', paidOn: '2024-11-20', fundPaidFen: 0, source: 'office' },
          { year: 2026, scheme: 'resident', paidOn: '2025-10-15', source: 'self' },
          { year: 2027, scheme: 'resident', paidOn: '2026-11-20', source: 'family' },
        ],
        { overriddenSelfYears: [2025] },
      ),
      TODAY,
    )
    expect(form.locked.map((l) => `${l.year}:${l.provenance}:${l.replacedSelf}`)).toEqual([
      '2027:家人通过家庭共济代缴（平台已确认）:false',
      '2025:医保部门导入:true',
      '2024:医保部门导入:false',
    ])
    expect(form.locked.find((l) => l.year === 2025)?.summary).toBe('居民医保，2024年11月20日缴费，医保基金没有报销过')
    // Locked years are not editable rows; the others are, newest first.
    expect(form.years.map((y) => y.year)).toEqual([2026, 2023, 2022])
    expect(form.years[0]).toMatchObject({ scheme: 'resident', paidOn: '2025-10-15', fund: 'unknown' })
  })

  it('sends what was declared, in the API shape, with back-paid gap years', () => {
    let form = formFromHistory(history([]), TODAY)
    form = updateYear(form, 2025, { scheme: 'resident', paidOn: '2024-10-10', fund: 'zero' })
    form = updateYear(form, 2026, { scheme: 'none', backPaid: true })
    form = updateYear(form, 2027, { scheme: 'employee', endedOn: '2027-06-30' })
    const { body, sentYears } = requestOf(form)
    expect(body.history).toEqual([
      { year: 2025, scheme: 'resident', paidOn: '2024-10-10', fundPaidFen: 0 },
      { year: 2027, scheme: 'employee', endedOn: '2027-06-30' },
    ])
    expect(body.backPaidYears).toEqual([2026])
    expect(sentYears).toEqual([2025, 2027])
  })

  it('switching a year away from resident drops its resident-only answers', () => {
    let form = formFromHistory(history([]), TODAY)
    form = updateYear(form, 2026, { scheme: 'resident', paidOn: '2025-10-10', fund: 'paid', incentiveUsed: true })
    form = updateYear(form, 2026, { scheme: 'employee' })
    expect(form.years.find((y) => y.year === 2026)).toMatchObject({
      scheme: 'employee',
      paidOn: '2025-10-10',
      fund: 'unknown',
      incentiveUsed: false,
    })
    expect(requestOf(form).body.history).toEqual([{ year: 2026, scheme: 'employee' }])
  })

  it('refuses impossible inputs beside the field, as the engine and the API do', () => {
    let form = formFromHistory(history([]), TODAY)
    form = updateYear(form, 2026, { scheme: 'resident', paidOn: '2027-01-05' })
    form = updateYear(form, 2025, { scheme: 'resident', paidOn: '2022-03-15' })
    form = updateYear(form, 2024, { scheme: 'employee', endedOn: '2025-02-01' })
    const errors = checkForm(form, PROFILE, TODAY, [])
    expect(errors['2026.paidOn']?.join()).toContain('在今天之后')
    expect(errors['2025.paidOn']?.join()).toContain('不可能是2025年度的缴费')
    expect(errors['2024.endedOn']?.length).toBeGreaterThan(0)
    expect(errors.form).toBeUndefined()
  })

  it('a back-paid year the engine does not accept as a gap is flagged on that year', () => {
    let form = formFromHistory(history([]), TODAY)
    form = updateYear(form, 2023, { scheme: 'none', backPaid: true })
    const errors = checkForm(form, PROFILE, TODAY, [])
    expect(errors['2023.backPaid']?.length).toBe(1)
  })

  it("places the server's refusal next to the field it names, and keeps anything it cannot place", () => {
    let form = formFromHistory(history([]), TODAY)
    form = updateYear(form, 2025, { scheme: 'resident' })
    form = updateYear(form, 2026, { scheme: 'resident', paidOn: '2025-10-10' })
    const { body } = requestOf(form)
    const errors = serverErrors(
      [
        { path: 'history.1.paidOn', message: '缴费日期在今天之后' },
        { path: 'extra', message: '别的问题' },
      ],
      form,
      body,
      '保存失败',
    )
    expect(errors['2026.paidOn']).toEqual(['缴费日期在今天之后'])
    expect(errors.form).toEqual(['别的问题'])
    // Review 49: a refusal naming no field says that nothing typed is lost.
    expect(serverErrors(undefined, form, body, '服务暂时不可用。').form).toEqual([
      '服务暂时不可用。您填写的内容还在，稍后再点“保存”即可。',
    ])
    // Only messages beside fields ask the resident to fix red text; a service failure does not.
    expect(hasFieldErrors(errors)).toBe(true)
    expect(hasFieldErrors(serverErrors(undefined, form, body, '服务暂时不可用'))).toBe(false)
  })

  it('不记得 is a valid payment date: nothing is refused, and a date refusal never sits under it', () => {
    let form = formFromHistory(history([]), TODAY)
    form = updateYear(form, 2025, { scheme: 'resident', fund: 'zero' })
    form = updateYear(form, 2026, { scheme: 'resident', paidOn: '2025-10-10' })
    form = updateYear(form, 2026, { paidOn: '' })
    expect(checkForm(form, PROFILE, TODAY, [])).toEqual({})
    const { body } = requestOf(form)
    expect(body.history.every((e) => e.paidOn === undefined)).toBe(true)
    // A server refusal about a payment date the resident did not give goes to the year, not under 不记得.
    const errors = serverErrors(
      [{ path: 'history.1.paidOn', code: 'PAID_IN_FUTURE', message: '缴费日期在今天之后' }],
      form,
      body,
      '保存失败',
    )
    expect(errors['2026.paidOn']).toBeUndefined()
    expect(errors['2026.year']).toEqual(['缴费日期在今天之后'])
  })

  it('after saving, says which declared years an office record replaced', () => {
    expect(savedNote(history([], { overriddenSelfYears: [2025] }))).toContain('2025年以医保部门或家庭共济的记录为准')
  })

  describe('issue 14: a mid-year switch, a whole-programme payment, special groups', () => {
    it('a switch year is sent as an employee entry ended mid-year and a resident entry paid after it', () => {
      let form = formFromHistory(history([]), TODAY)
      form = updateYear(form, 2026, { scheme: 'switch', endedOn: '2026-05-31', paidOn: '2026-06-10', fund: 'zero' })
      const { body, sentYears } = requestOf(form)
      expect(body.history).toEqual([
        { year: 2026, scheme: 'employee', endedOn: '2026-05-31' },
        { year: 2026, scheme: 'resident', paidOn: '2026-06-10', fundPaidFen: 0 },
      ])
      expect(sentYears).toEqual([2026, 2026])
      expect(checkForm(form, PROFILE, TODAY, [])).toEqual({})
    })

    it('reads a stored switch year back as one switch year', () => {
      const form = formFromHistory(
        history([
          { year: 2026, scheme: 'employee', endedOn: '2026-05-31', source: 'self' },
          { year: 2026, scheme: 'resident', paidOn: '2026-06-10', source: 'self' },
        ]),
        TODAY,
      )
      expect(form.years.find((y) => y.year === 2026)).toMatchObject({
        scheme: 'switch',
        endedOn: '2026-05-31',
        paidOn: '2026-06-10',
      })
    })

    it('a resident payment before the employee end is refused by the payment date; a missing end by the end', () => {
      let form = formFromHistory(history([]), TODAY)
      form = updateYear(form, 2026, { scheme: 'switch', endedOn: '2026-05-31', paidOn: '2026-05-20' })
      const errors = checkForm(form, PROFILE, TODAY, [])
      expect(errors['2026.paidOn']?.join()).toMatch(/缴费日期应在职工医保停保日期（2026年5月31日）之后/)
      form = updateYear(form, 2026, { endedOn: '' })
      const missing = checkForm(form, PROFILE, TODAY, [])
      expect(missing['2026.endedOn']?.join()).toMatch(/请填写职工医保停保日期/)
      // What was typed stays in the form.
      expect(form.years.find((y) => y.year === 2026)).toMatchObject({ scheme: 'switch', paidOn: '2026-05-20' })
    })

    it('a Sichuan whole-programme payment covers its later years, which are not sent but keep what was typed', () => {
      expect(programmeAllowed('51', 2026)).toBe(true)
      expect(programmeAllowed('14', 2026)).toBe(false)
      let form = formFromHistory(history([]), TODAY)
      form = updateYear(form, 2027, { scheme: 'employee' })
      form = updateYear(form, 2025, { scheme: 'resident', paidOn: '2024-11-01' })
      form = updateYear(form, 2026, { scheme: 'resident', paidOn: '2025-08-20', programmeYears: 2 })
      expect(coveredBy(form, 2027)).toBe(2026)
      expect(requestOf(form).body.history).toEqual([
        { year: 2025, scheme: 'resident', paidOn: '2024-11-01' },
        { year: 2026, scheme: 'resident', paidOn: '2025-08-20', programmeYears: 2 },
      ])
      // Paid before 2026's enrollment period opened: allowed for a whole programme (000 (一)).
      expect(checkForm(form, PROFILE, TODAY, [])).toEqual({})
      form = updateYear(form, 2026, { programmeYears: 1 })
      expect(coveredBy(form, 2027)).toBeNull()
      expect(requestOf(form).body.history.map((e) => `${e.year}:${e.scheme}`)).toContain('2027:employee')
    })

    it('the calculator gets one resident year for each year of the programme, the switch year as two entries', () => {
      let form = formFromHistory(history([]), TODAY)
      form = updateYear(form, 2025, { scheme: 'switch', endedOn: '2025-03-31', paidOn: '2025-04-02' })
      form = updateYear(form, 2026, { scheme: 'resident', paidOn: '2025-08-20', programmeYears: 2 })
      const office = [{ year: 2024, scheme: 'resident' as const, paidOn: '2023-11-01', source: 'office' as const }]
      expect(calculatorHistory(form, office).map((e) => `${e.year}:${e.scheme}`)).toEqual([
        '2024:resident',
        '2025:employee',
        '2025:resident',
        '2026:resident',
        '2027:resident',
      ])
    })

    it('outside Sichuan a whole-programme payment is refused next to its field, in Chinese', () => {
      let form = formFromHistory(history([]), TODAY)
      form = updateYear(form, 2026, { scheme: 'resident', paidOn: '2025-11-01', programmeYears: 3 })
      const errors = checkForm(form, { province: '14', region: '140500', birthDate: '1980-06-15' }, TODAY, [])
      expect(errors['2026.programmeYears']?.join()).toMatch(/四川/)
    })

    it('special groups are sent with their year and exit date, and refused beside the field', () => {
      let form = formFromHistory(history([], { groups: [{ kind: 'newborn', year: 2025 }] }), TODAY, '2025-03-01')
      expect(form.groups.find((g) => g.kind === 'newborn')).toMatchObject({ on: true, year: 2025 })
      form = updateGroup(form, 'veteran-discharged', { on: true, year: 2026, exitedOn: '2026-08-01' })
      form = updateYear(form, 2026, { scheme: 'resident', paidOn: '2026-07-01' })
      expect(groupsOf(form)).toEqual([
        { kind: 'newborn', year: 2025 },
        { kind: 'veteran-discharged', year: 2026, exitedOn: '2026-08-01' },
      ])
      const errors = checkForm(form, { ...PROFILE, birthDate: '2025-03-01' }, TODAY, [])
      expect(errors['group.veteran-discharged.exitedOn']?.join()).toMatch(/退出日期/)
      expect(requestOf(form).body.groups).toEqual(groupsOf(form))
    })

    it('an office record of a switch year: the page shows it and that the declared year was not used', () => {
      const form = formFromHistory(
        history([{ year: 2026, scheme: 'resident', paidOn: '2025-11-05', source: 'office' }], {
          overriddenSelfYears: [2026],
        }),
        TODAY,
      )
      expect(form.locked).toEqual([
        expect.objectContaining({ year: 2026, replacedSelf: true, provenance: '医保部门导入' }),
      ])
      expect(form.years.some((y) => y.year === 2026)).toBe(false)
    })
  })
})
