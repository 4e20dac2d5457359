import { describe, expect, it } from 'vitest'
import {
  auditLine,
  decisionOutcome,
  decisionRequest,
  loadReviewsPage,
  conflictsLine,
  refusalProblem,
  reviewDetail,
  reviewsIntroZh,
  reviewTitle,
} from '../../miniapp/src/packages/office/reviews-model'

describe('office review page logic', () => {
  it('asks for a reason before refusing, since the payer reads it', () => {
    expect(refusalProblem('  ')).toMatch(/请填写不予确认的原因/)
    expect(refusalProblem('字'.repeat(101))).toMatch(/最多 100 个字/)
    expect(refusalProblem('户口本上没有付款人')).toBeNull()
  })

  it('writes an audit line in Beijing time with who, what and whom (masked)', () => {
    const line = auditLine({
      seq: 1,
      at: '2026-12-01T17:05:00.000Z',
      actor: 'u_1',
      officeScope: '510100',
      officeScopeNameZh: '成都市',
      idNumberMasked: '5101**********1234',
      route: 'GET /api/office/residents/:ref',
      routeZh: '查看参保人详情',
    })
    expect(line).toBe(
      '2026年12月2日 01:05 · 成都市 · 其他经办人员（账号尾号u_1） · 查看参保人详情 · 5101**********1234',
    )
    // The clerk reading the log is "您", not an account id.
    expect(
      auditLine(
        {
          seq: 3,
          at: '2026-12-01T17:05:00.000Z',
          actor: 'u_demooffice00000000000',
          officeScope: '510100',
          officeScopeNameZh: '成都市',
          idNumberMasked: null,
          route: 'x',
          routeZh: '浏览户口本审核列表',
        },
        'u_demooffice00000000000',
      ),
    ).toBe('2026年12月2日 01:05 · 成都市 · 您 · 浏览户口本审核列表 · （未查到此人）')
    expect(
      auditLine({
        seq: 2,
        at: '2026-12-01T00:00:00.000Z',
        actor: 'u_1',
        officeScope: '510100',
        officeScopeNameZh: '成都市',
        idNumberMasked: null,
        route: 'x',
        routeZh: '按身份证号查询参保人',
      }),
    ).toContain('（未查到此人）')
  })

  it('shows a decision’s review number short (尾号 + last 4), never the raw binding id', () => {
    const line = auditLine({
      seq: 4,
      at: '2026-12-01T17:05:00.000Z',
      actor: 'u_1',
      officeScope: '510100',
      officeScopeNameZh: '成都市',
      idNumberMasked: '5101****4368',
      route: 'POST /api/office/household-reviews/:id',
      routeZh: '确认监护关系（户口本审核），审核编号 fb_e0b235a0301f7d64f973f57a',
    })
    expect(line).toContain('确认监护关系（户口本审核），审核编号尾号 F57A · 5101****4368')
    expect(line).not.toContain('fb_')
  })

  it('says whether there are 重复参保 conflicts, and from which side', () => {
    expect(conflictsLine({ asImporter: 0, asHolder: 0 })).toBe('没有重复参保冲突。')
    expect(conflictsLine({ asImporter: 2, asHolder: 1 })).toMatch(/被拒绝 2 行.*覆盖本机构记录 1 行/)
  })

  it('names the payer and the child of a review', () => {
    const title = reviewTitle({
      bindingId: 'fb_x',
      childName: '小军',
      childIdNumberMasked: '5101**********0001',
      childBirthDate: '2017-07-07',
      childRegion: '510100',
      relationship: 'child',
      relationshipZh: '子女',
      payerName: '周建国',
      payerIdNumberMasked: '5101**********3315',
      commitmentVersion: 'guardian-2026-12',
      committedAt: '2026-12-01T00:00:00.000Z',
      proofUploadedAt: '2026-12-01T00:00:00.000Z',
      proofBytes: 2048,
    })
    expect(title).toBe('周建国（5101**********3315）申请作为监护人绑定子女 小军')
  })

  it('writes the review facts without internal ids: no commitment version, dates in words, Beijing time', () => {
    const detail = reviewDetail({
      bindingId: 'fb_x',
      childName: '小军',
      childIdNumberMasked: '5101**********0001',
      childBirthDate: '2017-07-07',
      childRegion: '510100',
      relationship: 'child',
      relationshipZh: '子女',
      payerName: '周建国',
      payerIdNumberMasked: '5101**********3315',
      commitmentVersion: 'guardian-2026-12',
      committedAt: '2026-12-01T00:00:00.000Z',
      proofUploadedAt: '2026-12-01T17:00:00.000Z',
      proofBytes: 2048,
    })
    expect(detail).toBe(
      '孩子身份证号 5101**********0001 · 出生日期 2017年7月7日 · 2026年12月1日 08:00签署《监护人承诺书》 · 户口本页面（2 KB）2026年12月2日 01:00上传',
    )
    expect(detail).not.toContain('guardian-')
    expect(detail).not.toContain('fb_')
  })
})

describe('office review page: loading and deciding', () => {
  const review = {
    bindingId: 'b1',
    childName: '周小雨',
    childIdNumberMasked: '5101**********3528',
    childBirthDate: '2016-05-01',
    childRegion: '510100',
    relationship: 'child' as const,
    relationshipZh: '子女',
    payerName: '周建国',
    payerIdNumberMasked: '5101**********1234',
    commitmentVersion: 'v1',
    committedAt: '2026-12-01T02:00:00.000Z',
    proofUploadedAt: '2026-12-01T02:05:00.000Z',
    proofBytes: 20480,
  }
  const offline = {
    ok: false as const,
    error: { code: 'NETWORK_OFFLINE' as const, message: '网络连接不上', status: null },
  }

  it('asks for the audit only after the list (the list read is itself audited), and shows all three', async () => {
    const order: string[] = []
    const answer =
      <T>(name: string, data: T) =>
      async () => {
        order.push(name)
        return { ok: true as const, data }
      }
    const result = await loadReviewsPage({
      reviews: answer('reviews', { reviews: [review] }),
      conflicts: answer('conflicts', { asImporter: 0, asHolder: 0 }),
      audit: answer('audit', { entries: [] }),
    })
    expect(order.at(-1)).toBe('audit')
    expect(result).toEqual({
      ok: true,
      data: { reviews: [review], conflicts: '没有重复参保冲突。', audit: [], partError: null },
    })
  })

  it('keeps the reviews on screen when only the audit fails, with its error beside them', async () => {
    const result = await loadReviewsPage({
      reviews: async () => ({ ok: true, data: { reviews: [review] } }),
      conflicts: async () => ({ ok: true, data: { asImporter: 1, asHolder: 0 } }),
      audit: async () => offline,
    })
    expect(result.ok && result.data.reviews).toHaveLength(1)
    expect(result.ok && result.data.audit).toBeNull()
    expect(result.ok && result.data.partError?.message).toBe('网络连接不上')
  })

  it('without the review list the page fails (and offers a retry)', async () => {
    const result = await loadReviewsPage({
      reviews: async () => offline,
      conflicts: async () => ({ ok: true, data: { asImporter: 0, asHolder: 0 } }),
      audit: async () => ({ ok: true, data: { entries: [] } }),
    })
    expect(result).toEqual(offline)
  })

  it('a refusal is not sent without a reason; a confirmation needs none', () => {
    expect(decisionRequest('refuse', ' ')).toEqual({ ok: false, message: '请填写不予确认的原因，付款人会看到它。' })
    expect(decisionRequest('refuse', ' 户口本上没有付款人 ')).toEqual({
      ok: true,
      body: { decision: 'refuse', reason: '户口本上没有付款人' },
    })
    expect(decisionRequest('confirm', '')).toEqual({ ok: true, body: { decision: 'confirm' } })
  })

  it('after a confirmation the clerk reads whose binding now holds and that the payer can pay', () => {
    const outcome = decisionOutcome(review, 'confirm', { ok: true, data: {} })
    expect(outcome).toEqual({
      ok: true,
      message: '已确认周建国是周小雨（子女）的监护人，绑定已生效，周建国现在可以为孩子缴费。',
    })
    const refused = decisionOutcome(review, 'refuse', { ok: true, data: {} })
    expect(refused.ok).toBe(true)
    expect(refused.message).toBe('已退回周建国绑定周小雨（子女）的申请，周建国会看到不予确认的原因。')
    // review finding 11: no "：" after 已确认 and no stray space between the relationship and the name
    expect(outcome.ok && outcome.message).not.toMatch(/已确认：| 周小雨/)
  })

  it('a failed decision says the server’s reason and is no success', () => {
    expect(decisionOutcome(review, 'confirm', offline)).toEqual({ ok: false, message: '网络连接不上' })
    const invalid = {
      ok: false as const,
      error: {
        code: 'VALIDATION_FAILED' as const,
        message: '信息有误',
        status: 422,
        issues: [{ path: 'reason', code: 'x', message: '原因太长' }],
      },
    }
    expect(decisionOutcome(review, 'refuse', invalid)).toEqual({ ok: false, message: '原因太长' })
  })
})

describe('office review page: the intro', () => {
  it('names the office and says what a confirmation allows, with no stray spaces between the sentences', () => {
    const text = reviewsIntroZh('四川省成都市')
    expect(text).toMatch(/^四川省成都市：为未满16周岁的孩子/)
    expect(text).toContain('确认前不能代缴，付款人也看不到孩子的参保信息。')
    expect(text).not.toMatch(/[，。；] /)
  })
})
