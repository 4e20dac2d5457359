import { describe, expect, it } from 'vitest'
import type { ProfileView } from '@canbao/shared/api/profile'
import {
  DELETE_CONFIRM,
  ELDER_MODE_HINT_ZH,
  editEndsVerification,
  exportSummary,
  noticesOf,
  profileFormBlockers,
  verificationPlan,
  verificationStatus,
} from '../../miniapp/src/pages/me/model'

const profile = (verifiedAt: string | null): ProfileView => ({
  name: '张三',
  idNumberMasked: '5101**********1234',
  birthDate: '1980-01-01',
  province: '51',
  provinceNameZh: '四川省',
  region: null,
  regionNameZh: null,
  updatedAt: '2026-12-01T00:00:00.000Z',
  verifiedAt,
})

describe('我的 page: verification', () => {
  it('an unverified profile says 未实名, offers 去实名认证 and lists what verification unlocks', () => {
    const s = verificationStatus(profile(null))
    expect(s).toMatchObject({ verified: false, label: '未实名', canStart: true })
    expect(s.unlocks.join()).toMatch(/经办机构.*参保缴费记录/)
    expect(s.unlocks.join()).toMatch(/家庭共济/)
  })

  it('a verified profile says 已实名 with the Beijing date of the face check, and offers nothing more', () => {
    // 2026-12-01 17:00 UTC is already 12-02 in Beijing.
    const s = verificationStatus(profile('2026-12-01T17:00:00.000Z'))
    expect(s).toMatchObject({ verified: true, label: '已实名', canStart: false, unlocks: [] })
    expect(s.detail).toBe('已于2026年12月2日通过微信人脸核身')
    expect(s.detail).not.toMatch(/\d{4}-\d{2}|T\d{2}:/)
  })

  it('without a profile there is nothing to verify yet', () => {
    expect(verificationStatus(null)).toMatchObject({ canStart: false, detail: expect.stringMatching(/先填写/) })
  })

  it('uses WeChat’s face check in the mini-program, the fake in development, and says H5 cannot verify in production', () => {
    expect(verificationPlan({ faceCheck: 'wechat' }, 'weapp')).toEqual({ kind: 'wechat-face' })
    expect(verificationPlan({ faceCheck: 'simulated' }, 'h5').kind).toBe('simulated')
    // what the resident reads after a simulated check: no developer words
    const plan = verificationPlan({ faceCheck: 'simulated' }, 'h5')
    expect(plan.kind === 'simulated' && plan.note).not.toMatch(/开发|模拟|fake|dev/i)
    expect(verificationPlan({ faceCheck: 'simulated' }, 'weapp').kind).toBe('simulated')
    const h5 = verificationPlan({ faceCheck: 'wechat' }, 'h5')
    expect(h5).toEqual({ kind: 'unavailable', message: expect.stringMatching(/网页版无法进行人脸核身.*小程序/) })
  })

  it('warns that changing the name or ID number ends a verification', () => {
    expect(editEndsVerification(profile('2026-01-01T00:00:00Z'), '张三', '')).toBe(false)
    expect(editEndsVerification(profile('2026-01-01T00:00:00Z'), '张叁', '')).toBe(true)
    expect(editEndsVerification(profile('2026-01-01T00:00:00Z'), '张三', '510104198001011234')).toBe(true)
    expect(editEndsVerification(profile(null), '李四', '')).toBe(false)
  })
})

describe('我的 page: profile form and data rights', () => {
  it('cannot save without the separate consent, and says what is missing in Chinese', () => {
    expect(profileFormBlockers({ name: '张三', idNumber: '1', consent: true })).toEqual([])
    expect(profileFormBlockers({ name: ' ', idNumber: '', consent: false })).toEqual([
      '请填写姓名',
      '请填写身份证号',
      '请阅读并勾选同意《敏感个人信息处理规则》',
    ])
  })

  it('the 注销 confirmation says what is deleted, what is kept and that it cannot be undone', () => {
    expect(DELETE_CONFIRM.content).toMatch(/身份证号/)
    expect(DELETE_CONFIRM.content).toMatch(/参保记录/)
    expect(DELETE_CONFIRM.content).toMatch(/提醒订阅/)
    expect(DELETE_CONFIRM.content).toMatch(/经办机构的参保记录不受影响/)
    expect(DELETE_CONFIRM.content).toMatch(/不可撤销/)
  })

  it('summarises an export by what it holds', () => {
    const lines = exportSummary({
      profile: { name: 'x' },
      selfRecords: [1, 2],
      officeRecords: [1],
      familyPaidForMe: [],
      sessions: [1],
    })
    expect(lines).toContain('自己填写的参保记录：2 条')
    expect(lines).toContain('医保经办机构的记录：1 条')
    expect(lines[0]).toBe('参保人信息：有')
  })

  it('a session stored before notices existed shows none', () => {
    expect(noticesOf({} as never)).toEqual([])
    expect(noticesOf(undefined)).toEqual([])
  })
})

describe('大字模式 hint', () => {
  it('says the buttons are easier to tap, not "更好点" (review 40)', () => {
    expect(ELDER_MODE_HINT_ZH).toBe('字更大、颜色更清楚、按钮更容易点')
    expect(ELDER_MODE_HINT_ZH).not.toContain('更好点')
  })
})
