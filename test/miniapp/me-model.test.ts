import { describe, expect, it } from 'vitest'
import type { ProfileView } from '@canbao/shared/api/profile'
import {
  DELETE_CONFIRM,
  DELETE_LOSES_ZH,
  deleteAccountFlow,
  draftOf,
  exportDoneZh,
  meSections,
  profileFormOpenAtFirst,
  profileRequest,
  saveErrorLines,
  signInOutcome,
  verifyFlow,
  withProvince,
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

  it('uses WeChat’s face check in the mini-program, the fake in development, and says H5 cannot verify', () => {
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

describe('我的 page: the order of the cards', () => {
  it('an office clerk sees the workbench first and the resident part after it', () => {
    const office = meSections({ role: 'office', hasProfile: false })
    expect(office[0]).toBe('office-work')
    expect(office.indexOf('account')).toBeGreaterThan(0)
    // a clerk is verified as staff, not by the resident face check
    expect(office).not.toContain('verification')
  })

  it('a resident sees their own account first, and the records card only once there is a profile', () => {
    expect(meSections({ role: 'resident', hasProfile: false })).toEqual([
      'account',
      'verification',
      'my-data',
      'elder',
      'delete-account',
    ])
    expect(meSections({ role: 'resident', hasProfile: true }).slice(0, 2)).toEqual(['account', 'records'])
    expect(meSections(null)).toEqual(['sign-in', 'elder'])
  })

  it('注销 is the last card, away from 导出 with 大字模式 between them', () => {
    for (const role of ['resident', 'office'] as const) {
      const cards = meSections({ role, hasProfile: true })
      expect(cards.at(-1)).toBe('delete-account')
      expect(cards.indexOf('delete-account') - cards.indexOf('my-data')).toBeGreaterThan(1)
    }
  })
})

describe('我的 page: actions', () => {
  it('注销 deletes nothing until the resident confirms', async () => {
    let removed = 0
    const remove = async () => {
      removed++
      return { ok: true } as const
    }
    const shown: string[] = []
    const confirmed = () => shown.push('deleting')
    expect(await deleteAccountFlow({ confirm: async () => false, confirmed, remove })).toBeNull()
    expect(removed).toBe(0)
    // the button only shows the deletion running once the resident agreed
    expect(shown).toEqual([])
    expect(await deleteAccountFlow({ confirm: async () => true, confirmed, remove })).toEqual({
      ok: true,
      message: '账号已注销，您的信息已删除。',
    })
    expect(removed).toBe(1)
    expect(shown).toEqual(['deleting'])
  })

  it('a failed 注销 says that the data is still there, with the reason', async () => {
    const outcome = await deleteAccountFlow({
      confirm: async () => true,
      remove: async () => ({ ok: false, error: { message: '网络不太稳定，请稍后再试。' } }),
    })
    expect(outcome).toEqual({ ok: false, message: '账号没有注销，您的信息都还在。网络不太稳定，请稍后再试。' })
  })

  it('the danger card and the confirmation name the same things that are lost', () => {
    for (const thing of DELETE_LOSES_ZH) expect(DELETE_CONFIRM.content).toContain(thing)
    expect(DELETE_LOSES_ZH.join()).toMatch(/身份证号/)
  })

  const started = { ok: true as const, data: { verifyId: 'v1', faceCheck: 'wechat' as const } }
  const failed = (message: string) => ({ ok: false as const, error: { code: 'X', message } as never })

  it('verification on WeChat runs the face check with the server’s verifyId, then asks for the result', async () => {
    const calls: string[] = []
    const outcome = await verifyFlow({
      platform: 'weapp',
      start: async () => started,
      face: async (id) => {
        calls.push(`face ${id}`)
        return { ok: true }
      },
      finish: async (id) => {
        calls.push(`finish ${id}`)
        return { ok: true, data: {} }
      },
    })
    expect(calls).toEqual(['face v1', 'finish v1'])
    expect(outcome).toEqual({ ok: true, message: '实名认证成功。' })
  })

  it('verification stops at the first failing step with its message, without asking for a result', async () => {
    let finished = false
    const finish = async () => {
      finished = true
      return { ok: true as const, data: {} }
    }
    const old = await verifyFlow({
      platform: 'weapp',
      start: async () => started,
      face: async () => ({ ok: false, message: '当前微信版本不支持人脸核身' }),
      finish,
    })
    expect(old).toEqual({ ok: false, message: '当前微信版本不支持人脸核身' })
    expect(finished).toBe(false)
    const h5 = await verifyFlow({
      platform: 'h5',
      start: async () => started,
      face: async () => ({ ok: true }),
      finish,
    })
    expect(h5.ok).toBe(false)
    expect(h5.message).toMatch(/网页版无法进行人脸核身/)
    expect(finished).toBe(false)
    const refused = await verifyFlow({
      platform: 'weapp',
      start: async () => failed('请先填写并保存参保人信息'),
      face: async () => ({ ok: true }),
      finish,
    })
    expect(refused).toEqual({ ok: false, message: '请先填写并保存参保人信息' })
  })

  it('the demo face check says it was the demo service', async () => {
    const outcome = await verifyFlow({
      platform: 'h5',
      start: async () => ({ ok: true, data: { verifyId: 'v2', faceCheck: 'simulated' } }),
      face: async () => ({ ok: false, message: 'never asked' }),
      finish: async () => ({ ok: true, data: {} }),
    })
    expect(outcome.ok && outcome.message).toMatch(/^实名认证成功。这是演示版本/)
  })

  it('a failed sign-in says why; a good one says nothing (the page becomes the account)', () => {
    expect(signInOutcome(failed('登录失败，请重试。'))).toEqual({ ok: false, message: '登录失败，请重试。' })
    expect(signInOutcome({ ok: true, data: {} })).toBeNull()
  })

  it('the export says where the data went on each platform', () => {
    expect(exportDoneZh('weapp')).toMatch(/剪贴板/)
    expect(exportDoneZh('h5')).toMatch(/文件已下载/)
  })
})

describe('我的 page: the profile form', () => {
  it('starts from the saved profile without the ID number, and unticked consent', () => {
    const draft = draftOf(profile(null))
    expect(draft).toEqual({ name: '张三', idNumber: '', province: '51', region: null, consent: false })
  })

  it('choosing another province clears the region, which belonged to the old one', () => {
    const draft = { ...draftOf(null), region: '510100' }
    expect(withProvince(draft, '36')).toMatchObject({ province: '36', region: null })
  })

  it('sends the trimmed name, the upper-case ID number and the consent version', () => {
    const body = profileRequest({
      name: ' 张三 ',
      idNumber: ' 51010419800101123x ',
      province: '51',
      region: null,
      consent: true,
    })
    expect(body).toMatchObject({ name: '张三', idNumber: '51010419800101123X', province: '51' })
    expect(body).not.toHaveProperty('region')
    expect(body.sensitiveConsent.version).toBeTruthy()
  })

  it('a refused save lists each field’s message', () => {
    expect(saveErrorLines({ message: '信息有误', issues: [{ message: '身份证号校验位不对' }] })).toEqual([
      '身份证号校验位不对',
    ])
    expect(saveErrorLines({ message: '网络不太稳定' })).toEqual(['网络不太稳定'])
  })
})

describe('我的 page: the profile form at first', () => {
  it('is open for a resident without a profile, and waits behind a button for a clerk', () => {
    expect(profileFormOpenAtFirst({ role: 'resident', hasProfile: false })).toBe(true)
    expect(profileFormOpenAtFirst({ role: 'resident', hasProfile: true })).toBe(false)
    expect(profileFormOpenAtFirst({ role: 'office', hasProfile: false })).toBe(false)
  })
})
