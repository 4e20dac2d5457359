import { describe, expect, inject, it } from 'vitest'
import { launchPerTest, type WeappApp, forwardTo, signedInStorage } from './harness'

const workerUrl = inject('weappWorkerUrl')
const worker = forwardTo(workerUrl)

const launch = launchPerTest()

const signedIn = (name: string) => signedInStorage(workerUrl, name)

const consentCalls = (a: WeappApp) => a.wx.requests.filter((r) => new URL(r.url).pathname === '/api/reminders/consents')

describe('提醒 tab on the WeChat build', () => {
  it('asks WeChat for one template group on a tap, reports each answer, and shows what is left', async () => {
    const app = await launch({
      path: 'pages/reminders/index',
      request: worker,
      storage: await signedIn('weapp-reminders'),
    })
    await app.page.waitForText('缴费截止提醒')
    expect(app.page.text()).toContain('还没有订阅')
    app.wx.subscribeHandler = (ids) =>
      Object.fromEntries(ids.map((id, i) => [id, i === 1 ? ('reject' as const) : ('accept' as const)]))

    await app.page.tap('#reminders-subscribe-enrollment')
    await app.page.waitForText('已订阅 2 项提醒')
    const asked = app.wx.callsTo('requestSubscribeMessage')
    expect(asked).toHaveLength(1)
    // The enrollment group only: period opens, deadline, waiting period ends.
    expect((asked[0]?.args[0] as { tmplIds?: string[] } | undefined)?.tmplIds).toEqual([
      'dev-tpl-period-open',
      'dev-tpl-deadline',
      'dev-tpl-waiting-end',
    ])
    expect(consentCalls(app)).toHaveLength(1)
    expect(JSON.parse(String(consentCalls(app)[0]?.body))).toEqual({
      results: [
        { templateId: 'dev-tpl-period-open', result: 'accept' },
        { templateId: 'dev-tpl-deadline', result: 'reject' },
        { templateId: 'dev-tpl-waiting-end', result: 'accept' },
      ],
    })
    expect(app.page.text()).toContain('还可以收到 1 次')
    expect(app.page.text()).toContain('最近一次：已拒绝')

    // Switched off: kept, but nothing will be sent.
    await app.page.change('#reminder-switch-period_open', false)
    await app.page.waitForText('已关闭，不会发送')
    expect(app.problems()).toEqual([])
  })

  it('says so when WeChat does not complete the subscription, and sends nothing to the Worker', async () => {
    const app = await launch({
      path: 'pages/reminders/index',
      request: worker,
      storage: await signedIn('weapp-reminders-fail'),
    })
    await app.page.waitForText('宣传通知')
    app.wx.subscribeHandler = () => ({ fail: 'requestSubscribeMessage:fail can only be invoked by user TAP gesture.' })
    await app.page.tap('#reminders-subscribe-campaign')
    await app.page.waitForText('微信没有完成订阅')
    expect(consentCalls(app)).toHaveLength(0)
  })

  it('offers sign-in when signed out', async () => {
    const app = await launch({ path: 'pages/reminders/index', request: worker })
    await app.page.waitForText('参保提醒')
    await app.page.tap('#reminders-sign-in')
    await app.settle()
    expect(app.page.route).toBe('pages/me/index')
  })
})
