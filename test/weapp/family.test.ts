import { describe, expect, inject, it } from 'vitest'
import { launchPerTest, forwardTo, signedInStorage } from './harness'
import { cstDate } from '@canbao/shared/api/dates'
import { coverageYearBoughtOn } from '@canbao/shared/policy/index'

const workerUrl = inject('weappWorkerUrl')
const worker = forwardTo(workerUrl)

const launch = launchPerTest()

const signedIn = (name: string) => signedInStorage(workerUrl, name)

// The year a contribution paid today is for: next year from September, this year before it.
const nextYear = coverageYearBoughtOn(cstDate(Date.now()), { province: '51' })
const MOTHER = 'fb_de0000000000000000000001'

describe('家庭 tab on the WeChat build', () => {
  it('signed out, explains what it is for and sends the resident to sign in', async () => {
    const app = await launch({ path: 'pages/family/index', request: worker })
    await app.page.waitForText('家庭共济')
    await app.page.tap('#family-sign-in')
    expect(app.wx.callsTo('switchTab')).toHaveLength(1)
  })

  it(
    'the demo payer pays the mother’s next year through wx.request with an Idempotency-Key, ' + 'and sees the receipt',
    async () => {
      const app = await launch({
        path: 'pages/family/index',
        request: worker,
        storage: await signedIn('demo-payer'),
      })
      await app.page.waitForText('2,000元')
      await app.page.tap(`#family-pay-${MOTHER}-${nextYear}-resident-contribution`)
      await app.page.waitForText('缴后余额：1,600元')
      // when the mother's benefits start, from the engine over her own records
      expect(app.page.get('#family-confirm-benefit').text).toMatch(
        /^今天缴费，刘秀英(没有等待期|有\d+个月待遇等待期)，\d{4}年\d{1,2}月\d{1,2}日起享受医保待遇。$/,
      )
      await app.page.tap('#family-confirm-pay')
      await app.page.waitForText('缴费成功')
      await app.page.waitForText('1,600元')
      const payCalls = app.wx.requests.filter(
        (r) => new URL(r.url).pathname === '/api/family/payments' && r.method === 'POST',
      )
      expect(payCalls).toHaveLength(1)
      const headers = Object.fromEntries(
        Object.entries(payCalls[0]!.header ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
      )
      expect(headers['idempotency-key']).toMatch(/^pay-/)
      expect(app.page.text()).toContain('周建国为刘秀英')
    },
  )

  it('asks through wx.showModal before unbinding, and unbinds nothing when the answer is 不解除', async () => {
    const app = await launch({ path: 'pages/family/index', request: worker, storage: await signedIn('demo-payer') })
    // the test above paid from the same account: wait for the relatives, not a balance
    await app.page.waitForText('刘秀英')
    app.wx.modalHandler = () => ({ confirm: false })
    await app.page.tap(`#family-unbind-${MOTHER}`)
    await new Promise((r) => setTimeout(r, 300))
    expect(app.wx.ui.modals.at(-1)).toMatchObject({ title: '解除与刘秀英的绑定？', cancelText: '不解除' })
    expect(String(app.wx.ui.modals.at(-1)?.content)).toContain('不能再用个人账户为刘秀英缴费')
    expect(app.wx.requests.filter((r) => r.method === 'DELETE')).toHaveLength(0)
  })

  it('shows 张三 (resident scheme only) what 家庭共济 is, with no balance and no invite form', async () => {
    const app = await launch({ path: 'pages/family/index', request: worker, storage: await signedIn('zhangsan') })
    await app.page.waitForText('什么是家庭共济')
    expect(app.page.find('#family-balance')).toBeUndefined()
    expect(app.page.find('#family-invite')).toBeUndefined()
  })
})
