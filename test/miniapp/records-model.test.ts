import { describe, expect, it } from 'vitest'
import type { HistoryResponse } from '../../shared/api/history'
import {
  checkForm,
  formFromHistory,
  requestOf,
  savedNote,
  serverErrors,
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
  it('shows office and family years read-only with their provenance, and says when an office record replaced a declared year', () => {
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
    expect(form.locked.find((l) => l.year === 2025)?.summary).toBe('居民医保，2024年11月20日缴费，全年基金零报销')
    // Locked years are not editable rows; the others are, newest first.
    expect(form.years.map((y) => y.year)).toEqual([2026, 2023, 2022])
    expect(form.years[0]).toMatchObject({ scheme: 'resident', paidOn: '2025-10-15', fund: 'unknown' })
  })

  it('sends what was declared, in the API shape, with back-paid gap years', () => {
    let form = formFromHistory(history([]), TODAY)
    form = updateYear(form, 2025, { scheme: 'resident', paidOn: '2024-10-10', fund: 'zero' })
    form = updateYear(form, 2026, { backPaid: true })
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
    form = updateYear(form, 2023, { backPaid: true })
    const errors = checkForm(form, PROFILE, TODAY, [])
    expect(errors['2023.backPaid']?.length).toBe(1)
  })

  it("places the server's refusal next to the field it names, and keeps anything it cannot place", () => {
    const errors = serverErrors(
      [
        { path: 'history.1.paidOn', message: '缴费日期在今天之后' },
        { path: 'groups', message: '别的问题' },
      ],
      [2025, 2026],
      [],
      '保存失败',
    )
    expect(errors['2026.paidOn']).toEqual(['缴费日期在今天之后'])
    expect(errors.form).toEqual(['别的问题'])
    expect(serverErrors(undefined, [], [], '服务暂时不可用').form).toEqual(['服务暂时不可用'])
  })

  it('after saving, says which declared years an office record replaced', () => {
    expect(savedNote(history([], { overriddenSelfYears: [2025] }))).toContain('2025年以医保部门或家庭共济的记录为准')
  })
})
