import { describe, expect, it } from 'vitest'
import {
  amountLabel,
  decisionOutcome,
  decisionProblem,
  figureStateText,
  figuresReducer,
  initialFiguresUi,
  PROPOSED_ZH,
  proposalRefusal,
  reasonLabel,
  splitProposals,
  buildProposal,
  emptyForm,
  fieldErrors,
  formValue,
  periodNote,
  SOURCE_HINTS_ZH,
  sourceLineZh,
} from '../../miniapp/src/packages/office/figures-model'

const source = { docNo: '洪医保发〔2025〕9号', title: '通知', issuer: '南昌市医疗保障局', issuedOn: '2025-08-20' }

describe('office figures form', () => {
  it('gives examples of no one region (a Chengdu clerk saw Nanchang’s document number, review 13)', () => {
    const built = buildProposal({ ...emptyForm(2027, 'contribution'), amount: '400' }, '510100', false)
    expect(built.ok).toBe(false)
    const errors = built.ok ? {} : built.errors
    const shown = [...Object.values(SOURCE_HINTS_ZH), errors.docNo, errors.issuer, errors.issuedOn].join('\n')
    expect(shown).not.toMatch(/洪|南昌|赣|成都|川/)
    expect(errors.docNo).toBe('请填写文号，例如 ××医保发〔2026〕×号')
    expect(errors.issuer).toBe('请填写发文机关，例如 ××市医疗保障局')
    // the date format with its reading, for a clerk not used to 2026-08-20
    expect(errors.issuedOn).toContain('即2026年8月20日')
  })

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

describe('office figures page: what the clerk sees while working', () => {
  const typed = figuresReducer(initialFiguresUi(2027), {
    type: 'edit',
    patch: { kind: 'contribution', amount: '400', ...source, link: '' },
  })

  it('a refused proposal keeps every typed field and shows the messages beside them', () => {
    const refused = figuresReducer(typed, {
      type: 'refused',
      errors: proposalRefusal(typed.form, {
        code: 'VALIDATION_FAILED',
        message: '信息有误',
        status: 422,
        issues: [{ path: 'source.docNo', code: 'x', message: '文号格式不对' }],
      }),
    })
    expect(refused.form).toEqual(typed.form)
    expect(refused.errors).toEqual({ docNo: '文号格式不对' })
    expect(refused.notice).toBeNull()
    // a refusal without field issues goes under the form
    expect(proposalRefusal(typed.form, { code: 'NETWORK_OFFLINE', message: '网络连接不上', status: null })).toEqual({
      form: '网络连接不上',
    })
  })

  it('a sent proposal says it waits for a colleague and empties the form, keeping year and kind', () => {
    const sent = figuresReducer(typed, { type: 'proposed' })
    expect(sent.notice).toBe(PROPOSED_ZH)
    expect(sent.notice).toMatch(/另一位经办人员审核/)
    expect(sent.form).toMatchObject({ year: 2027, kind: 'contribution', amount: '', docNo: '' })
    expect(sent.errors).toEqual({})
    // typing again hides the old success line
    expect(figuresReducer(sent, { type: 'edit', patch: { amount: '1' } }).notice).toBeNull()
  })

  it('returning a proposal needs a note; approving does not', () => {
    expect(decisionProblem(false, '  ')).toBe('请填写退回原因，方便提议人修改')
    expect(decisionProblem(false, '金额写错了')).toBeNull()
    expect(decisionProblem(true, '')).toBeNull()
  })

  it('a decision says what now holds for residents, and clears that proposal’s note and error', () => {
    const p = { year: 2027, labelZh: '居民医保个人缴费标准' }
    expect(decisionOutcome(p, true, { ok: true })).toEqual({
      ok: true,
      message: '已审核通过：2027年度居民医保个人缴费标准现已对居民生效。',
    })
    expect(decisionOutcome(p, false, { ok: true }).message).toMatch(/^已退回：2027年度居民医保个人缴费标准的提议/)
    let ui = figuresReducer(typed, { type: 'note', id: 'p1', text: '核对过' })
    ui = figuresReducer(ui, { type: 'decision-refused', id: 'p1', message: '网络连接不上' })
    expect(ui.decisionErrors.p1).toBe('网络连接不上')
    expect(ui.notes.p1).toBe('核对过')
    ui = figuresReducer(ui, { type: 'decided', id: 'p1', message: '已审核通过' })
    expect(ui.notes.p1).toBeUndefined()
    expect(ui.decisionErrors.p1).toBeUndefined()
    expect(ui.notice).toBe('已审核通过')
  })

  it('a refused decision lists the server’s messages', () => {
    const outcome = decisionOutcome({ year: 2027, labelZh: 'x' }, true, {
      ok: false,
      error: {
        code: 'VALIDATION_FAILED',
        message: '信息有误',
        status: 422,
        issues: [
          { path: 'note', code: 'x', message: '意见太长' },
          { path: 'id', code: 'x', message: '提议已被取代' },
        ],
      },
    })
    expect(outcome).toEqual({ ok: false, message: '意见太长；提议已被取代' })
  })

  it('labels say the unit and when a reason is required', () => {
    expect(amountLabel('base-cap')).toBe('金额（元，整数）')
    expect(amountLabel('contribution')).toBe('金额（元，可精确到分）')
    expect(reasonLabel(true)).toMatch(/必填/)
    expect(reasonLabel(false)).toMatch(/可不填/)
  })

  it('a figure row reads its state and value; pending proposals are apart from decided ones', () => {
    expect(figureStateText({ status: 'published', valueZh: '400元' })).toBe('已公布：400元')
    expect(figureStateText({ status: 'missing', valueZh: null })).toBe('缺失')
    const split = splitProposals([{ status: 'pending' }, { status: 'approved' }, { status: 'rejected' }])
    expect(split.pending).toHaveLength(1)
    expect(split.decided).toHaveLength(2)
    expect(splitProposals(undefined)).toEqual({ pending: [], decided: [] })
  })
})
