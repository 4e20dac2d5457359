import { describe, expect, it } from 'vitest'
import { launchPerTest, type RequestHandler } from './harness'

const launch = launchPerTest()

/** Pages that must work without a network: any wx.request is a fault, and the test says which one. */
const noNetwork: RequestHandler = (request) => ({
  fail: `request:fail this page must not need the network (${request.method} ${request.url})`,
})

describe('the main action of each page on the WeChat build', () => {
  it('the calculator recomputes on the phone when the province and its cap change, with no wx.request', async () => {
    const app = await launch({ path: 'pages/calculator/index', request: noNetwork })
    await app.page.waitForText('大病保险最高支付限额')
    await app.page.tap('#calc-province-14')
    await app.page.waitForText('当地原封顶线尚未公布')
    await app.page.input('#calc-base-cap', '200000')
    await app.page.waitForText('200,000元')
    expect(app.wx.requests).toEqual([])
  })

  it('大字模式 applies at once and is remembered after the mini-program restarts', async () => {
    const app = await launch({ path: 'pages/me/index', request: noNetwork })
    expect(app.page.get('#me-page').className.split(' ')).not.toContain('elder')
    await app.page.change('#elder-mode-switch', true)
    expect(app.page.get('#me-page').className.split(' ')).toContain('elder')
    const storage = app.wx.storage
    app.close()

    const restarted = await launch({ path: 'pages/me/index', request: noNetwork, storage })
    expect(restarted.page.get('#me-page').className.split(' ')).toContain('elder')
    expect(restarted.page.get('#elder-mode-switch').attrs.checked).toBe(true)
  })

  it('大字模式 starts on when WeChat’s own font is large (关怀模式), stays off once the resident turns it off', async () => {
    const app = await launch({ path: 'pages/me/index', request: noNetwork, fontSizeSetting: 23.8 })
    expect(app.page.get('#me-page').className.split(' ')).toContain('elder')
    expect(app.page.get('#elder-mode-switch').attrs.checked).toBe(true)
    await app.page.change('#elder-mode-switch', false)
    expect(app.page.get('#me-page').className.split(' ')).not.toContain('elder')
    const storage = app.wx.storage
    app.close()

    const restarted = await launch({ path: 'pages/me/index', request: noNetwork, storage, fontSizeSetting: 23.8 })
    expect(restarted.page.get('#me-page').className.split(' ')).not.toContain('elder')
  })

  it('the policy page shows the chosen province’s own document', async () => {
    const app = await launch({ path: 'packages/policy/index', request: noNetwork })
    await app.page.waitForText('川办发')
    await app.page.tap('#policy-province-14')
    await app.page.waitForText('晋医保发')
    expect(app.page.text()).not.toContain('川办发')
  })
})
