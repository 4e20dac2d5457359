import { describe, expect, inject, it } from 'vitest'
import { launchPerTest, forwardTo } from './harness'

const worker = forwardTo(inject('weappWorkerUrl'))

const launch = launchPerTest()

const path = (url: string) => new URL(url).pathname

describe('a resident on the WeChat build', () => {
  it('signs in with wx.login, sends that code to /api/auth/login, and sees figures from the API', async () => {
    const app = await launch({ path: 'pages/me/index', request: worker })
    // The fake WeChat behind the local Worker turns `dev:<name>` codes into a stable demo user.
    app.wx.loginHandler = () => ({ code: 'dev:zhangsan' })
    await app.page.tap('#wechat-login')
    await app.page.waitForText('张三')
    const login = app.wx.requests.find((r) => path(r.url) === '/api/auth/login')
    expect(login?.method).toBe('POST')
    expect(login?.body).toContain('dev:zhangsan')
    expect(app.page.get('#profile-id-masked').text).toMatch(/^\d{4}\*{10}\d{3}[\dX]$/)

    await app.tapTab('首页')
    await app.page.waitForText('大病保险最高支付限额')
    const entitlement = app.wx.requests.filter((r) => path(r.url) === '/api/me/entitlement')
    expect(entitlement.length).toBeGreaterThanOrEqual(2)
    // Every request after sign-in carries the token the Worker issued.
    expect(
      entitlement.every((r) =>
        /^Bearer /.test(Object.entries(r.header).find(([k]) => k.toLowerCase() === 'authorization')?.[1] ?? ''),
      ),
    ).toBe(true)
    expect(app.page.text()).toMatch(/\d{3},\d{3}元/)
    expect(app.problems()).toEqual([])
  })
})
