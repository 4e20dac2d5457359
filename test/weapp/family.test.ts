import { afterEach, describe, expect, inject, it } from 'vitest'
import { WeappApp, forwardTo, signedInStorage } from './harness'
import { cstDate } from '@canbao/shared/api/dates'
import { coverageYearBoughtOn } from '@canbao/shared/policy/index'

const workerUrl = inject('weappWorkerUrl')
const worker = forwardTo(workerUrl)

let app: WeappApp | undefined
afterEach(() => {
  app?.close()
  app = undefined
})

const signedIn = (name: string) => signedInStorage(workerUrl, name)

// The year a contribution paid today is for: next year from September, this year before it.
const nextYear = coverageYearBoughtOn(cstDate(Date.now()), { province: '51' })
const MOTHER = 'fb_de0000000000000000000001'

describe('家庭 tab on the WeChat build', () => {
  it('signed out, explains what it is for and sends the resident to sign in', async () => {
    app = await WeappApp.launch({ path: 'pages/family/index', request: worker })
    await app.page.waitForText('家庭共济')
    await app.page.tap('#family-sign-in')
    expect(app.wx.callsTo('switchTab')).toHaveLength(1)
  })

  it('the demo payer pays the mother’s next year through wx.request with an Idempotency-Key, and sees the receipt', async () => {
    app = await WeappApp.launch({ path: 'pages/family/index', request: worker, storage: await signedIn('demo-payer') })
    await app.page.waitForText('2000.00 元')
    await app.page.tap(`#family-pay-${MOTHER}-${nextYear}-resident-contribution`)
    await app.page.waitForText('缴后余额：1600.00 元')
    await app.page.tap('#family-confirm-pay')
    await app.page.waitForText('缴费成功')
    await app.page.waitForText('1600.00 元')
    const payCalls = app.wx.requests.filter((r) => new URL(r.url).pathname === '/api/family/payments' && r.method === 'POST')
    expect(payCalls).toHaveLength(1)
    const headers = Object.fromEntries(Object.entries(payCalls[0]!.header ?? {}).map(([k, v]) => [k.toLowerCase(), v]))
    expect(headers['idempotency-key']).toMatch(/^pay-/)
    expect(app.page.text()).toContain('周建国 为 刘秀英')
  })
})
