import { describe, expect, inject, it } from 'vitest'
import { residentIdCheckChar } from '../../shared/api/resident-id'
import { launchPerTest, forwardTo, type RequestHandler } from './harness'

const worker = forwardTo(inject('weappWorkerUrl'))

const launch = launchPerTest()

const path = (url: string) => new URL(url).pathname

/**
 * The local Worker runs with the fake WeChat, which answers `faceCheck: 'simulated'`. A production Worker
 * answers `wechat`: this handler says so, so the build's real path — wx.requestFacialVerify, then the
 * server's queryverifyinfo — runs against the local Worker.
 */
const asProduction: RequestHandler = async (request) => {
  const outcome = await worker(request)
  if (path(request.url) === '/api/me/verification' && 'data' in outcome && typeof outcome.data === 'string') {
    return { ...outcome, data: outcome.data.replace('"faceCheck":"simulated"', '"faceCheck":"wechat"') }
  }
  return outcome
}

describe('real-name verification on the WeChat build', () => {
  it('calls wx.requestFacialVerify with the verifyId the server got, then asks the server for the result', async () => {
    const app = await launch({ path: 'pages/me/index', request: asProduction })
    app.wx.loginHandler = () => ({ code: 'dev:weapp-face' })
    await app.page.tap('#wechat-login')
    await app.page.waitForText('参保人信息')
    await app.page.input('#profile-name', '微信实名')
    await app.page.input('#profile-id', '51010419791010733' + residentIdCheckChar('51010419791010733'))
    await app.page.change('#profile-consent', ['agree'])
    await app.page.tap('#profile-save')
    await app.page.waitForText('未实名')
    await app.page.tap('#verify-start')
    await app.page.waitForText('实名认证成功')
    const face = app.wx.callsTo('requestFacialVerify')
    expect(face).toHaveLength(1)
    const start = app.wx.requests.find((r) => path(r.url) === '/api/me/verification')
    const verifyId = JSON.parse(start?.outcome && 'data' in start.outcome ? String(start.outcome.data) : '{}').verifyId
    expect((face[0]?.args[0] as { verifyId?: string } | undefined)?.verifyId).toBe(verifyId)
    const result = app.wx.requests.find((r) => path(r.url) === '/api/me/verification/result')
    expect(result?.body).toContain(verifyId)
    expect(app.page.get('#verification-badge').text).toBe('已实名')
    expect(app.problems()).toEqual([])
  })
})
