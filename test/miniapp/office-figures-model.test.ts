import { describe, expect, it } from 'vitest'
import {
  buildProposal,
  emptyForm,
  fieldErrors,
  formValue,
  periodNote,
  sourceLineZh,
} from '../../miniapp/src/packages/office/figures-model'

const source = { docNo: '洪医保发〔2025〕9号', title: '通知', issuer: '南昌市医疗保障局', issuedOn: '2025-08-20' }

describe('office figures form', () => {
  it('turns yuan into whole fen without floating-point rounding', () => {
    expect(formValue({ ...emptyForm(2027, 'contribution'), amount: '400.10' })).toEqual({ ok: true, value: 40_010 })
    expect(formValue({ ...emptyForm(2027, 'contribution'), amount: '0.29' })).toEqual({ ok: true, value: 29 })
    expect(formValue({ ...emptyForm(2027, 'contribution'), amount: '400.123' })).toMatchObject({
      ok: false,
      field: 'amount',
    })
  })

  it('reads one window per line and shows the shared checks next to the fields before sending', () => {
    const form = {
      ...emptyForm(2027, 'periods' as const),
      ...source,
      windows: '2026-09-01 至 2026-12-31\n2026-12-15 至 2027-02-28',
    }
    const built = buildProposal(form, '360100', false)
    expect(built).toMatchObject({ ok: false, errors: { windows: expect.stringMatching(/第2段必须在第1段结束/) } })
    const ok = buildProposal({ ...form, windows: '2026-09-15 至 2027-02-28' }, '360100', false)
    expect(ok).toMatchObject({
      ok: true,
      body: {
        region: '360100',
        year: 2027,
        kind: 'periods',
        value: [{ start: '2026-09-15', end: '2027-02-28' }],
        source: { ...source, link: null },
      },
    })
  })

  it('asks for a reason once the period has started, and for the source fields', () => {
    const built = buildProposal({ ...emptyForm(2026, 'contribution'), amount: '400' }, '360100', true)
    expect(built.ok).toBe(false)
    if (built.ok) return
    expect(built.errors).toMatchObject({
      reason: expect.stringMatching(/修改原因/),
      docNo: expect.stringMatching(/文号/),
      issuer: expect.stringMatching(/发文机关/),
      issuedOn: expect.stringMatching(/发文日期/),
    })
  })

  it('puts server issues next to their fields', () => {
    const form = emptyForm(2027, 'periods')
    expect(
      fieldErrors(form, [
        { path: 'value.0.end', message: 'A' },
        { path: 'source.docNo', message: 'B' },
        { path: 'reason', message: 'C' },
      ]),
    ).toEqual({ windows: 'A', docNo: 'B', reason: 'C' })
  })

  it('does not say a period "已开始" as if published when the region has not published it', () => {
    const year = (status: 'published' | 'demo' | 'missing', periodStarted = true, periodEnded = false) => ({
      year: 2027,
      periodStarted,
      periodEnded,
      figures: [
        { kind: 'base-cap' as const, status: 'published' as const },
        { kind: 'periods' as const, status },
      ],
    })
    expect(periodNote(year('missing'))).toBe(
      '本地区还没有公布2027年度集中参保期；按默认参保期计算正在进行，现在修改该年度的数据需填写原因',
    )
    expect(periodNote(year('demo'))).toContain('还没有公布2027年度集中参保期')
    expect(periodNote(year('published'))).toBe('2027年度集中参保期正在进行，修改该年度的数据需填写原因')
    expect(periodNote(year('missing', false))).toBe(
      '本地区还没有公布2027年度集中参保期；按默认参保期计算还没开始，现在修改该年度的数据不需填写原因',
    )
    expect(periodNote(year('published', false))).toBe('2027年度集中参保期还没开始，修改该年度的数据不需填写原因')
  })

  it('says a past year\'s period has ended, never that it "已经开始" (review 53)', () => {
    const past = {
      year: 2026,
      periodStarted: true,
      periodEnded: true,
      figures: [{ kind: 'periods' as const, status: 'missing' as const }],
    }
    expect(periodNote(past)).toBe(
      '本地区还没有公布2026年度集中参保期；按默认参保期计算已经结束，现在修改该年度的数据需填写原因',
    )
    expect(periodNote({ ...past, figures: [{ kind: 'periods', status: 'published' }] })).toBe(
      '2026年度集中参保期已经结束，修改该年度的数据需填写原因',
    )
    expect(periodNote(past)).not.toContain('已经开始')
  })
})

describe('a figure source line', () => {
  it('writes the issue date in words, not as an ISO date (review 22)', () => {
    expect(
      sourceLineZh({ issuer: '南昌市医疗保障局', docNo: '洪医保发〔2026〕9号', title: '通知', issuedOn: '2026-08-20' }),
    ).toBe('来源：南昌市医疗保障局 洪医保发〔2026〕9号《通知》2026年8月20日')
  })
})
