import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { HTTPException } from 'hono/http-exception'
import { ApiError } from '../../functions/src/lib/errors'
import { call, json, login, officeUser } from './helpers'
import { documentedOperations } from './openapi-support'

const operations = await documentedOperations()
/** The areas whose answers are about a person or an office's residents. */
const PERSONAL = /^\/api\/(auth|me|office|family|campaigns|reminders)\b/

describe('middleware', () => {
  it('ApiError is Hono’s HTTPException, with the status of its code', () => {
    const err = new ApiError('FAMILY_INVITE_INVALID')
    expect(err).toBeInstanceOf(HTTPException)
    expect(err.status).toBe(404)
    expect(err.message).toMatch(/邀请码无效/)
  })

  it('no answer about a person may be cached, refusals included', async () => {
    const resident = (await login('middleware-resident')).token
    let refusals = 0
    for (const op of operations.filter((o) => PERSONAL.test(o.path))) {
      const path = op.path.replace(/:(\w+)/g, 'x')
      if (path === '/api/auth/logout' || (op.method === 'delete' && path === '/api/me')) continue
      for (const token of [undefined, resident]) {
        const res = await call(op.method.toUpperCase(), path, { token, json: op.method === 'get' ? undefined : {} })
        if (res.status >= 400) refusals++
        expect(res.headers.get('cache-control'), `${op.method} ${path} → ${res.status}`).toBe('no-store')
      }
    }
    expect(refusals).toBeGreaterThan(20)
  })

  it('one office check guards both office areas, and a role revoked in D1 ends at once', async () => {
    const resident = (await login('middleware-not-office')).token
    for (const path of ['/api/office/imports', '/api/campaigns']) {
      const res = await call('GET', path, { token: resident })
      expect(res.status).toBe(403)
      expect((await json(res)).error).toMatchObject({
        code: 'FORBIDDEN',
        message: '仅医保经办机构工作人员可以使用此功能。',
      })
    }
    const office = await officeUser('middleware-office', '51', '510100')
    expect((await call('GET', '/api/office/imports', { token: office.token })).status).toBe(200)
    expect((await call('GET', '/api/campaigns', { token: office.token })).status).toBe(200)
    await env.DB.prepare(`UPDATE users SET role = 'resident', office_province = NULL WHERE id = ?1`)
      .bind(office.user.id)
      .run()
    for (const path of ['/api/office/imports', '/api/campaigns'])
      expect((await call('GET', path, { token: office.token })).status).toBe(403)
  })
})
