import { describe, expect, it } from 'vitest'
import { app } from '../../functions/src/app'
import { OPERATIONS } from '../../functions/src/openapi/document'
import { ERROR_CODES } from '@canbao/shared'
import { call, json, login } from './helpers'

describe('GET /api/openapi.json', () => {
  it('needs a sign-in, like every route but login and health', async () => {
    const res = await call('GET', '/api/openapi.json')
    expect(res.status).toBe(401)
    expect((await json(res)).error.code).toBe('UNAUTHENTICATED')
  })

  it('is an OpenAPI 3.1 document generated from the shared schemas', async () => {
    const { token } = await login('openapi-reader')
    const res = await call('GET', '/api/openapi.json', { token })
    expect(res.status).toBe(200)
    const doc = await json(res)
    expect(doc.openapi).toBe('3.1.0')
    const profile = doc.paths['/api/me/profile'].put
    expect(profile.security).toEqual([{ bearer: [] }])
    const body = profile.requestBody.content['application/json'].schema
    expect(body.required).toEqual(['name', 'idNumber', 'province', 'sensitiveConsent'])
    expect(body.additionalProperties).toBe(false)
    expect(body.properties.province.enum).toEqual(['51', '14', '23', '52', '36'])
    expect(body.properties.name.maxLength).toBe(30)
    const history = doc.paths['/api/me/history'].put.requestBody.content['application/json'].schema
    expect(history.properties.history.maxItems).toBe(120)
    expect(history.properties.history.items.properties.year).toMatchObject({
      type: 'integer',
      minimum: 1900,
      maximum: 2100,
    })
    const query = doc.paths['/api/me/entitlement'].get.parameters
    expect(query.find((p: { name: string }) => p.name === 'year')).toMatchObject({
      in: 'query',
      required: false,
      schema: { type: 'string', pattern: '^\\d{1,10}$' },
    })
    expect(doc.paths['/api/auth/login'].post.security).toEqual([])
    expect(doc.paths['/api/auth/login'].post.responses['401'].description).toMatch(
      /WECHAT_CODE_INVALID：微信登录凭证无效/,
    )
    expect(doc.paths['/api/office/imports/{id}'].get.parameters[0]).toMatchObject({
      name: 'id',
      in: 'path',
      required: true,
    })
    expect(doc.components.schemas.Error.properties.error.properties.code.enum).toEqual([...ERROR_CODES])
  })

  it('describes exactly the routes the app serves', () => {
    const served = new Set(
      app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method.toLowerCase()} ${r.path.replace(/\/$/, '')}`),
    )
    const documented = new Set(OPERATIONS.map((op) => `${op.method} ${op.path}`))
    expect([...served].sort()).toEqual([...documented].sort())
  })
})
