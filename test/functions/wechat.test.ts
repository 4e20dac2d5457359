import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { WeChatHttpClient } from '../../functions/src/wechat/http-client'
import { WeChatError, accessToken, sendSubscribeMessage, wechatFromEnv } from '../../functions/src/wechat'
import { assertSecrets } from '../../functions/src/lib/config'
import { DEV_ID_ENC_KEY } from '../../functions/src/lib/dev-keys'
import { ApiError } from '../../functions/src/lib/errors'
import { fakeAdmin, login } from './helpers'

const workerEnv = env as unknown as Parameters<typeof wechatFromEnv>[0]

async function openidOf(name: string): Promise<string> {
  return (await fakeAdmin('GET', `openid?name=${encodeURIComponent(name)}`)).openid
}

describe('the real WeChat client', () => {
  it('calls api.weixin.qq.com exactly as documented', async () => {
    const seen: { url: string; init?: RequestInit }[] = []
    const client = new WeChatHttpClient({
      baseUrl: 'https://api.weixin.qq.com',
      appid: 'wx123',
      secret: 's3cret',
      fetch: async (url, init) => {
        seen.push({ url, init })
        if (url.includes('jscode2session')) return Response.json({ openid: 'oABC', session_key: 'k', unionid: 'uXYZ' })
        if (url.includes('stable_token')) return Response.json({ access_token: 'TOKEN', expires_in: 7200 })
        return Response.json({ errcode: 0, errmsg: 'ok' })
      },
    })
    expect(await client.code2Session('CODE')).toEqual({ openid: 'oABC', unionid: 'uXYZ' })
    expect(await client.getStableAccessToken()).toEqual({ accessToken: 'TOKEN', expiresIn: 7200 })
    await client.sendSubscribeMessage('TOKEN', {
      touser: 'oABC',
      templateId: 'T1',
      page: 'pages/index/index',
      data: { thing1: { value: '续保提醒' } },
      miniprogramState: 'formal',
      lang: 'zh_CN',
    })
    const login = new URL(seen[0]!.url)
    expect(`${login.origin}${login.pathname}`).toBe('https://api.weixin.qq.com/sns/jscode2session')
    expect(Object.fromEntries(login.searchParams)).toEqual({
      appid: 'wx123',
      secret: 's3cret',
      js_code: 'CODE',
      grant_type: 'authorization_code',
    })
    expect(seen[0]!.init?.method).toBe('GET')
    expect(seen[1]!.url).toBe('https://api.weixin.qq.com/cgi-bin/stable_token')
    expect(JSON.parse(seen[1]!.init?.body as string)).toEqual({
      grant_type: 'client_credential',
      appid: 'wx123',
      secret: 's3cret',
      force_refresh: false,
    })
    expect(seen[2]!.url).toBe('https://api.weixin.qq.com/cgi-bin/message/subscribe/send?access_token=TOKEN')
    expect(JSON.parse(seen[2]!.init?.body as string)).toEqual({
      touser: 'oABC',
      template_id: 'T1',
      page: 'pages/index/index',
      data: { thing1: { value: '续保提醒' } },
      miniprogram_state: 'formal',
      lang: 'zh_CN',
    })
  })

  it('is chosen by WECHAT_MODE=real and needs its secret; production refuses the published dev keys', () => {
    expect(() => wechatFromEnv({ ...workerEnv, WECHAT_MODE: 'real', WECHAT_SECRET: undefined })).toThrow(ApiError)
    expect(
      wechatFromEnv({ ...workerEnv, WECHAT_MODE: 'real', WECHAT_APPID: 'wx1', WECHAT_SECRET: 'x' }),
    ).toBeInstanceOf(WeChatHttpClient)
    expect(() => assertSecrets({ ...workerEnv, WECHAT_MODE: 'real', ID_ENC_KEY: DEV_ID_ENC_KEY })).toThrow(ApiError)
    expect(() => assertSecrets({ ...workerEnv, WECHAT_MODE: 'fake', ID_ENC_KEY: DEV_ID_ENC_KEY })).not.toThrow()
    expect(() => assertSecrets({ ...workerEnv, JWT_SECRET: 'short' })).toThrow(ApiError)
  })

  it('maps errcodes of stable_token: a wrong secret is a configuration error', async () => {
    const client = new WeChatHttpClient({
      baseUrl: 'http://wechat.fake',
      appid: workerEnv.WECHAT_APPID,
      secret: 'wrong',
      fetch: (url, init) => (workerEnv.WECHAT_API as any).fetch(url, init),
    })
    await expect(client.getStableAccessToken()).rejects.toMatchObject({ kind: 'bad-credentials', errcode: 40125 })
    await expect(client.code2Session('dev:x')).rejects.toMatchObject({ kind: 'unavailable', errcode: 40125 })
  })
})

describe('subscription messages through the fake', () => {
  it('sends with a cached access token, renews a stale one once, and reports a refusal', async () => {
    await login('msg-user')
    const openid = await openidOf('msg-user')
    const message = {
      touser: openid,
      templateId: 'TPL_RENEWAL',
      page: 'pages/status/index',
      data: { thing1: { value: '医保缴费期即将结束' } },
    }
    const before = (await fakeAdmin('GET', 'messages')).messages.length
    await sendSubscribeMessage(workerEnv, message)
    // The token is now in D1 (encrypted): a second send must not ask stable_token, which is set to fail.
    const row = await env.DB.prepare('SELECT token_enc FROM wechat_tokens').first<{ token_enc: string }>()
    expect(row?.token_enc).toMatch(/^v1\./)
    await fakeAdmin('POST', 'faults', { api: 'stable_token', errcode: -1 })
    await sendSubscribeMessage(workerEnv, message)
    await fakeAdmin('DELETE', 'faults')
    // WeChat says the token expired (42001): renewed once, then sent.
    await fakeAdmin('POST', 'expire-token')
    await sendSubscribeMessage(workerEnv, message)
    const sent = (await fakeAdmin('GET', 'messages')).messages.slice(before)
    expect(sent).toHaveLength(3)
    expect(sent[0]).toMatchObject({
      touser: openid,
      template_id: 'TPL_RENEWAL',
      data: { thing1: { value: '医保缴费期即将结束' } },
    })

    await fakeAdmin('POST', 'faults', { api: 'subscribe_send', errcode: 43101, code: openid })
    await expect(sendSubscribeMessage(workerEnv, message)).rejects.toMatchObject({ kind: 'refused', errcode: 43101 })
    await expect(sendSubscribeMessage(workerEnv, { ...message, touser: 'o-unknown' })).rejects.toBeInstanceOf(
      WeChatError,
    )
    await expect(
      sendSubscribeMessage(workerEnv, { ...message, data: { thing1: { value: '' } } }),
    ).rejects.toMatchObject({ kind: 'bad-request', errcode: 47003 })
  })

  it('gets a new token only when the cached one is close to expiry', async () => {
    const api = wechatFromEnv(workerEnv)
    const a = await accessToken(workerEnv, api)
    const b = await accessToken(workerEnv, api)
    expect(b).toBe(a)
    const forced = await accessToken(workerEnv, api, { force: true })
    expect(forced).not.toBe(a)
  })
})
