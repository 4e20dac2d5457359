import { describe, expect, it } from 'vitest'
import {
  auditLine,
  conflictsLine,
  refusalProblem,
  reviewDetail,
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
