import { describe, expect, inject, it } from 'vitest'
import pkg from '../../package.json'
import { OFFLINE, TIMED_OUT, type WeappApp, forwardTo, launchPerTest, signedInStorage } from './harness'

const workerUrl = inject('weappWorkerUrl')
const worker = forwardTo(workerUrl)
/** The service-status card is shown to office users only. */
const office = () => signedInStorage(workerUrl, 'office-chengdu')

const launch = launchPerTest()

const healthCalls = (a: WeappApp) => a.wx.requests.filter((r) => new URL(r.url).pathname === '/api/health')

describe('home page on the WeChat build', () => {
  it('asks the real Worker through wx.request and shows that the service and database are up', async () => {
    const app = await launch({ request: worker, storage: await office() })
    await app.page.waitForText('服务正常，数据库已连接')
    expect(app.page.get('#health-status').text).toContain(`版本 ${pkg.version}`)
    const calls = healthCalls(app)
    expect(calls).toHaveLength(1)
    expect(calls[0]?.method).toBe('GET')
    expect(calls[0]?.outcome).toMatchObject({ statusCode: 200 })
  })

  it('shows the Chinese network error and 重试 when wx.request fails, and recovers on 重试', async () => {
    const storage = await office()
    const app = await launch({
      request: (r) => (new URL(r.url).pathname === '/api/health' ? OFFLINE : worker(r)),
      storage,
    })
    await app.page.waitForText('网络连接失败')
    expect(app.page.get('#health-error').text).toBe('网络连接失败，请检查网络后点“重试”。')
    expect(app.page.find('#health-status')).toBeUndefined()

    app.wx.requestHandler = worker
    await app.page.tap('重试')
    await app.page.waitForText('服务正常，数据库已连接')
    expect(healthCalls(app)).toHaveLength(2)
    expect(app.page.find('#health-error')).toBeUndefined()
    expect(app.page.find('#health-retry')).toBeUndefined()
  })

  it('tells a timeout apart from being offline', async () => {
    const storage = await office()
    const app = await launch({
      request: (r) => (new URL(r.url).pathname === '/api/health' ? TIMED_OUT : worker(r)),
      storage,
    })
    await app.page.waitForText('服务器响应超时')
    expect(app.page.get('#health-retry').text).toBe('重试')
  })

  it('reports a 5xx as the service being unavailable, not the network', async () => {
    const storage = await office()
    const app = await launch({
      request: (r) =>
        new URL(r.url).pathname === '/api/health'
          ? { statusCode: 502, data: '<html>Bad gateway</html>', header: { 'content-type': 'text/html' } }
          : worker(r),
      storage,
    })
    await app.page.waitForText('服务暂时不可用')
    expect(app.page.get('#health-error').text).not.toContain('网络连接失败')
  })

  it('shows a resident no service-status card', async () => {
    const app = await launch({ request: worker, storage: await signedInStorage(workerUrl, 'zhangsan') })
    await app.page.waitForText('大病保险最高支付限额')
    expect(app.page.find('#service-status')).toBeUndefined()
  })
})
