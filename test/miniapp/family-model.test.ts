import { describe, expect, it } from 'vitest'
import type { AccountResponse, Member, Payment, YearStatus } from '@canbao/shared/api/family'
import {
  accountStateOf,
  benefitText,
  canPay,
  confirmationOf,
  familyOf,
  payButtons,
  receiptLines,
  shortReference,
  syncedText,
  unbindQuestion,
  yearLine,
  youText,
} from '../../miniapp/src/pages/family/model'

const account: AccountResponse = {
  balanceFen: 200_000,
  accountNoMasked: 'PA****1234',
  syncedAt: '2026-12-01T19:19:00.000Z',
  pendingFen: 0,
  ledger: [],
}
const row = (over: Partial<YearStatus> = {}): YearStatus => ({
  year: 2027,
  item: 'resident-contribution',
  paidBy: null,
  pendingPaymentId: null,
  amountDueFen: 40_000,
  amountSource: 'demo',
  amountIsDemo: false,
  amountMessage: null,
  deadline: '2026-12-31',
  ...over,
})
const member = (over: Partial<Member> = {}): Member => ({
  id: 'fb_000000000000000000000001',
  relationship: 'parent',
  relationshipZh: '父母',
  name: '刘秀英',
  idNumberMasked: '5101**********3423',
  birthDate: '1950-09-20',
  province: '51',
  region: '510100',
  status: 'active',
  consent: { kind: 'relative', at: '2026-01-01T00:00:00.000Z' },
  invitedAt: '2026-01-01T00:00:00.000Z',
  inviteExpiresAt: null,
  unboundAt: null,
  years: [row()],
  entitlement: null,
  guardianReview: null,
  ...over,
})
const notPayer = {
  ok: false as const,
  error: { code: 'FAMILY_NOT_PAYER' as const, message: '没有查到您的职工医保个人账户。', status: 409 },
}

describe('who may pay for relatives', () => {
  it('only someone the platform knows with an employee personal account', () => {
    expect(accountStateOf({ ok: true, data: account }).kind).toBe('employee')
    // 张三, the payer's mother, a new user: no personal account — the explanation, not an error or a balance
    expect(accountStateOf(notPayer)).toEqual({ kind: 'none' })
    // a new user without a profile cannot be looked up yet: the explanation, and what to do first
    const fresh = accountStateOf({ ok: false, error: { code: 'PROFILE_REQUIRED', message: '请先填写', status: 409 } })
    expect(fresh).toEqual({ kind: 'none', profileMissing: true })
    if (fresh.kind === 'none') expect(youText(fresh)).toContain('请先在“我的”里填写本人的参保人信息')
    expect(
      accountStateOf({
        ok: false,
        error: { code: 'UPSTREAM_UNAVAILABLE', message: '医保平台暂时无法连接', status: 502 },
      }).kind,
    ).toBe('unknown')
  })

  it('offers the pay button to an employee only, for an unpaid, priced year of an active relative', () => {
    const employee = accountStateOf({ ok: true, data: account })
    expect(canPay(employee, member(), row())).toBe(true)
    expect(canPay({ kind: 'none' }, member(), row())).toBe(false)
    expect(canPay(employee, member({ status: 'invited' }), row())).toBe(false)
    expect(canPay(employee, member(), row({ paidBy: 'family' }))).toBe(false)
    expect(canPay(employee, member(), row({ pendingPaymentId: 'fp_1' }))).toBe(false)
    expect(canPay(employee, member(), row({ amountDueFen: null }))).toBe(false)
  })

  it('loads the tab as one shape: a members failure fails the tab; a missing account is no failure', () => {
    const members = { ok: true as const, data: { members: [member()], payers: [] } }
    const view = familyOf(members, notPayer, { ok: true, data: { payments: [] } })
    expect(view.ok).toBe(true)
    if (view.ok) expect(view.data.account.kind).toBe('none')
    const offline = familyOf(
      { ok: false, error: { code: 'NETWORK_OFFLINE', message: '网络连接失败', status: null } },
      notPayer,
      { ok: true, data: { payments: [] } },
    )
    expect(offline.ok ? null : offline.error.message).toBe('网络连接失败')
  })
})

describe('what the payer reads', () => {
  it('writes money with separators and dates in prose', () => {
    expect(yearLine(row({ amountDueFen: 123_456 }), '2026-12-01')).toBe(
      '2027年度城乡居民医保个人缴费：未缴，应缴1,234.56元，请在2026年12月31日前缴纳',
    )
    // in early September a late payment's 3-month wait still ends inside the year: it buys cover in it
    expect(yearLine(row({ year: 2026, deadline: '2025-12-31' }), '2026-09-01', member())).toContain(
      '集中缴费期已于2025年12月31日结束，现在缴费有待遇等待期',
    )
  })

  it('says on 2 December that paying this year buys no cover in it, only no gap, and puts next year first', () => {
    const late = row({
      year: 2026,
      deadline: '2025-12-31',
      ifPaidToday: { benefitStart: '2027-03-02', waitingMonths: 3 },
    })
    const line = yearLine(late, '2026-12-02', member())
    expect(line).toContain('现在缴2026年度：待遇等待期要到2027年才结束，2026年内已享受不到待遇')
    expect(line).toContain('但2026年不算断保')
    expect(line).not.toContain('现在缴费有待遇等待期')
    // no records of the relative: the province's 3-month wait alone says the same, as a likelihood
    expect(yearLine({ ...late, ifPaidToday: null }, '2026-12-02', member())).toContain('2026年内很可能已享受不到待遇')
    // the confirmation says it too
    expect(benefitText(member(), late)).toBe(
      '今天缴费，刘秀英有3个月待遇等待期，2027年3月2日起享受医保待遇：2026年内已享受不到待遇，但2026年不算断保。',
    )
    const buttons = payButtons(member({ years: [late, row()] }), '2026-12-02')
    expect(buttons.map((b) => [b.row.year, b.primary, b.label])).toEqual([
      [2027, true, '用个人账户缴2027年度'],
      [2026, false, '缴2026年度（只为不算断保）'],
    ])
  })

  it('calls an unpublished period the default estimate, not a firm date', () => {
    const estimated = { deadlineIsDefault: true, periodStart: '2026-09-01' }
    expect(yearLine(row(estimated), '2026-12-02', member())).toBe(
      '2027年度城乡居民医保个人缴费：未缴，应缴400元。当地尚未公布集中缴费期，按默认的9月1日至12月31日估计，请在2026年12月31日前缴纳',
    )
    expect(
      yearLine(row({ ...estimated, year: 2026, deadline: '2025-12-31', periodStart: '2025-09-01' }), '2026-12-02'),
    ).toContain('当地尚未公布集中缴费期，按默认的9月1日至12月31日估计，已于2025年12月31日结束')
  })

  it('dates a balance changed by a payment after the check as computed, not as checked then', () => {
    const paid: AccountResponse = {
      ...account,
      balanceFen: 160_000,
      ledger: [
        {
          seq: 2,
          kind: 'debit',
          amountFen: -40_000,
          balanceAfterFen: 160_000,
          paymentId: 'fp_1',
          createdAt: '2026-12-01T19:30:00.000Z',
        },
      ],
    }
    const now = Date.parse('2026-12-01T20:00:00.000Z')
    expect(syncedText(account, now)).toBe('以医保平台为准，12月2日 03:19核对')
    expect(syncedText(paid, now)).toBe('缴费后余额：12月2日 03:19核对的余额减去12月2日 03:30的缴费算出，以医保平台为准')
  })

  it("says in the confirmation when the relative's benefits start, waiting or not, from the engine's answer", () => {
    const onTime = confirmationOf(
      member(),
      row({ ifPaidToday: { benefitStart: '2027-01-01', waitingMonths: 0 } }),
      account,
    )
    expect(onTime.amount).toBe('金额：400元')
    expect(onTime.after).toBe('缴后余额：1,600元')
    expect(onTime.benefit).toBe('今天缴费，刘秀英没有等待期，2027年1月1日起享受医保待遇。')
    const late = benefitText(member(), row({ ifPaidToday: { benefitStart: '2027-06-01', waitingMonths: 5 } }))
    expect(late).toBe('今天缴费，刘秀英有5个月待遇等待期，2027年6月1日起享受医保待遇。')
    // no records of the relative: no guessed date
    expect(benefitText(member(), row({ ifPaidToday: null }))).not.toMatch(/\d+月\d+日起/)
  })

  it('refuses a payment the balance cannot cover before it is sent', () => {
    const c = confirmationOf(member(), row({ amountDueFen: 250_000 }), account)
    expect(c.tooLow).toBe(true)
    expect(c.after).toBe('余额不足：还差500元')
  })

  it('dates a receipt by the Beijing day, not the UTC one', () => {
    const payment: Payment = {
      id: 'fp_1',
      relativeId: 'fb_1',
      year: 2027,
      item: 'resident-contribution',
      amountFen: 40_000,
      amountSource: 'demo',
      status: 'succeeded',
      failureReason: null,
      createdAt: '2026-11-30T17:30:00.000Z',
      completedAt: '2026-11-30T17:30:01.000Z',
      receipt: {
        receiptNo: 'JZ1',
        transferNo: 'T1',
        payerName: '周建国',
        payeeName: '刘秀英',
        payeeIdNumberMasked: '5101**********3423',
        year: 2027,
        itemZh: '城乡居民医保个人缴费',
        amountFen: 40_000,
        completedAt: '2026-11-30T17:30:01.000Z',
      },
    }
    expect(receiptLines(payment).at(-1)).toBe('平台流水号 T1 · 2026年12月1日')
    // the fresh receipt repeats when benefits start
    expect(receiptLines(payment, '今天缴费，刘秀英没有等待期，2027年1月1日起享受医保待遇。')).toContain(
      '待遇：刘秀英没有等待期，2027年1月1日起享受医保待遇。',
    )
  })

  it('shows a long receipt number as a short reference a resident can read out', () => {
    expect(shortReference('JZ0123456789ABCDEF0123456789abcdef')).toBe('尾号 89AB-CDEF')
    const hex = 'JZ8E0C1D2F3A4B5C6D7E8F9A0B1C2D3E4F5A'
    expect(shortReference(hex)).toBe(`尾号 ${hex.slice(-8, -4)}-${hex.slice(-4)}`)
    expect(shortReference(hex).length).toBeLessThan(14)
    expect(shortReference('JZ1')).toBe('JZ1')
  })

  it('asks before unbinding and says what stops', () => {
    const q = unbindQuestion('payer', '刘秀英', 'active')
    expect(q.title).toBe('解除与刘秀英的绑定？')
    expect(q.content).toContain('不能再用个人账户为刘秀英缴费')
    expect(unbindQuestion('payer', '李芳', 'invited').content).toContain('邀请码立即失效')
    expect(unbindQuestion('relative', '周建国', 'active').content).toContain('周建国不能再用其个人账户为您缴费')
  })
})
