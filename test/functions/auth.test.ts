import { describe, expect, it } from 'vitest'
import { parseApiError } from '@canbao/shared'
import { call, fakeAdmin, freshIp, json, login } from './helpers'

async function loginWith(code: string, ip = freshIp()) {
  return call('POST', '/api/auth/login', { json: { code }, headers: { 'cf-connecting-ip': ip } })
}

describe('POST /api/auth/login', () => {
  it('signs a resident in with a dev code and returns a token that opens /api/me', async () => {
    const res = await loginWith('dev:auth-alice')
    expect(res.status).toBe(200)
    const body = await json(res)
    expect(body.user).toMatchObject({ role: 'resident', office: null, profile: null })
    expect(body.token.split('.')).toHaveLength(3)
    expect(Date.parse(body.expiresAt)).toBeGreaterThan(Date.now())
    const me = await call('GET', '/api/me', { token: body.token })
    expect(me.status).toBe(200)
    expect((await json(me)).user.id).toBe(body.user.id)
  })

  it('gives the same account for the same name every time (stable openid)', async () => {
    const a = await login('auth-bob')
    const b = await login('auth-bob')
    const c = await login('auth-carol')
    expect(a.user.id).toBe(b.user.id)
    expect(c.user.id).not.toBe(a.user.id)
  })

  it('never returns the session_key WeChat handed over', async () => {
    const res = await loginWith('dev:auth-dave')
    const text = await res.text()
    expect(text).not.toMatch(/session_?key/i)
    const payload = JSON.parse(
      atob((JSON.parse(text).token as string).split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')),
    )
    expect(Object.keys(payload).sort()).toEqual(['exp', 'iat', 'iss', 'role', 'sid', 'sub'])
  })

  it('accepts a one-time code once; the second use is WeChat 40163 → sign in again', async () => {
    const { code } = await fakeAdmin('POST', 'codes', { name: 'auth-once' })
    expect((await loginWith(code)).status).toBe(200)
    const again = await loginWith(code)
    expect(again.status).toBe(401)
    expect(parseApiError(await json(again))?.code).toBe('WECHAT_CODE_INVALID')
  })

  const wechatErrors: [number, number, string, RegExp][] = [
    [40029, 401, 'WECHAT_CODE_INVALID', /重新打开小程序/],
    [45011, 429, 'RATE_LIMITED', /太频繁/],
    [-1, 503, 'WECHAT_BUSY', /微信服务暂时繁忙/],
    [40226, 403, 'WECHAT_USER_BLOCKED', /安全风险/],
  ]
  for (const [errcode, status, code, message] of wechatErrors) {
    it(`maps WeChat errcode ${errcode} to ${status} ${code} with a Chinese message`, async () => {
      await fakeAdmin('POST', 'faults', { api: 'jscode2session', errcode, code: `dev:fault-${errcode}` })
      const res = await loginWith(`dev:fault-${errcode}`)
      expect(res.status).toBe(status)
      const error = parseApiError(await json(res))
      expect(error?.code).toBe(code)
      expect(error?.message).toMatch(message)
      // The fault fired once; the next attempt signs in.
      expect((await loginWith(`dev:fault-${errcode}`)).status).toBe(200)
    })
  }

  it('an unknown code is WeChat 40029', async () => {
    const res = await loginWith('0a1b2c3d4e5f')
    expect(res.status).toBe(401)
    expect(parseApiError(await json(res))?.code).toBe('WECHAT_CODE_INVALID')
  })

  it('says the WeChat service is unreachable when it answers HTTP 502 or garbage', async () => {
    await fakeAdmin('POST', 'faults', { api: 'jscode2session', httpStatus: 502, code: 'dev:auth-502' })
    const res = await loginWith('dev:auth-502')
    expect(res.status).toBe(502)
    expect(parseApiError(await json(res))?.code).toBe('UPSTREAM_UNAVAILABLE')
    await fakeAdmin('POST', 'faults', { api: 'jscode2session', rawBody: '<html>oops</html>', code: 'dev:auth-garbage' })
    const garbage = await loginWith('dev:auth-garbage')
    expect(garbage.status).toBe(502)
  })

  it('rate-limits sign-in attempts from one address', async () => {
    const ip = '203.0.113.77'
    const statuses: number[] = []
    for (let i = 0; i < 62; i++) statuses.push((await loginWith(`dev:rl-${i}`, ip)).status)
    expect(statuses.slice(0, 60).every((s) => s === 200)).toBe(true)
    expect(statuses.slice(60)).toEqual([429, 429])
    const blocked = await loginWith('dev:rl-x', ip)
    expect(parseApiError(await json(blocked))?.message).toMatch(/太频繁/)
  })

  it('rejects a missing, empty or non-JSON body with Chinese messages', async () => {
    const empty = await call('POST', '/api/auth/login', { json: { code: '' } })
    expect(empty.status).toBe(422)
    const body = await json(empty)
    expect(body.error.issues[0]).toMatchObject({ path: 'code', message: '缺少登录凭证 code' })
    const text = await call('POST', '/api/auth/login', {
      body: 'code=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(text.status).toBe(400)
    expect(parseApiError(await json(text))?.message).toMatch(/JSON/)
    const broken = await call('POST', '/api/auth/login', {
      body: '{"code":',
      headers: { 'content-type': 'application/json' },
    })
    expect(broken.status).toBe(400)
  })
})

describe('session tokens', () => {
  it('are required on /api/me and /api/office routes', async () => {
    for (const path of ['/api/me', '/api/me/history', '/api/me/entitlement', '/api/office/imports']) {
      const res = await call('GET', path)
      expect(res.status, path).toBe(401)
      expect(parseApiError(await json(res))?.code).toBe('UNAUTHENTICATED')
    }
  })

  it('are rejected when tampered with, signed with another key, or expired', async () => {
    const { token } = await login('auth-tamper')
    const [h, p, s] = token.split('.')
    const forged = JSON.parse(atob(p!.replace(/-/g, '+').replace(/_/g, '/')))
    forged.role = 'office'
    const forgedPart = btoa(JSON.stringify(forged)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')
    for (const bad of [`${h}.${forgedPart}.${s}`, `${h}.${p}.${s!.slice(0, -2)}AA`, 'not-a-token', `${token}x`]) {
      expect((await call('GET', '/api/me', { token: bad })).status).toBe(401)
    }
    const none = btoa(JSON.stringify({ alg: 'none', typ: 'JWT' })).replace(/=+$/, '')
    expect((await call('GET', '/api/me', { token: `${none}.${p}.` })).status).toBe(401)
  })

  it('expire', async () => {
    const { vi } = await import('vitest')
    const { token } = await login('auth-expiry')
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      vi.setSystemTime(Date.now() + 24 * 3600 * 1000 + 1000)
      const res = await call('GET', '/api/me', { token })
      expect(res.status).toBe(401)
      expect(parseApiError(await json(res))?.message).toMatch(/重新登录/)
    } finally {
      vi.useRealTimers()
    }
  })
})
