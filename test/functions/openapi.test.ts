import { describe, expect, it } from 'vitest'
import { app } from '../../functions/src/app'
import { ERROR_CODES, ERROR_HTTP_STATUS, type ErrorCode } from '@canbao/shared'
import { call, json, login, officeUser } from './helpers'
import { documentedCodes, documentedOperations, generatedDocument } from './openapi-support'

const operations = await documentedOperations()
const find = (method: string, path: string) => {
  const op = operations.find((o) => o.method === method && o.path === path)
  if (!op) throw new Error(`${method} ${path} is not documented`)
  return op
}
const jsonSchema = (content: any) => content['application/json'].schema

describe('GET /api/openapi.json', () => {
  it('needs a sign-in, like every route but login and health', async () => {
    const res = await call('GET', '/api/openapi.json')
    expect(res.status).toBe(401)
    expect((await json(res)).error.code).toBe('UNAUTHENTICATED')
  })

  it('serves the document generated from the routes', async () => {
    const { token } = await login('openapi-reader')
    const res = await call('GET', '/api/openapi.json', { token })
    expect(res.status).toBe(200)
    const served = await json(res)
    expect(served.openapi).toBe('3.1.0')
    expect(served.info.title).toBe('参保助手 Canbao API')
    const generated = await generatedDocument()
    expect(Object.keys(served.paths).sort()).toEqual(Object.keys(generated.paths).sort())
    expect(served.paths['/api/me/profile']).toEqual(generated.paths['/api/me/profile'])
  })

  it('describes request bodies and parameters by the shared schemas', async () => {
    const doc = await generatedDocument()
    const profile = doc.paths['/api/me/profile'].put
    expect(profile.security).toEqual([{ bearer: [] }])
    const body = jsonSchema(profile.requestBody.content)
    expect(body.required).toEqual(['name', 'idNumber', 'province', 'sensitiveConsent'])
    expect(body.additionalProperties).toBe(false)
    expect(body.properties.province.enum).toEqual(['51', '14', '23', '52', '36'])
    expect(body.properties.name.maxLength).toBe(30)
    const history = jsonSchema(doc.paths['/api/me/history'].put.requestBody.content)
    expect(history.properties.history.maxItems).toBe(120)
    expect(history.properties.history.items.properties.year).toMatchObject({
      type: 'integer',
      minimum: 1900,
      maximum: 2100,
    })
    // A query number is text on the wire: described as the client writes it, not as the handler reads it.
    const query = doc.paths['/api/me/entitlement'].get.parameters
    expect(query.find((p: { name: string }) => p.name === 'year')).toMatchObject({
      in: 'query',
      schema: { type: 'string', pattern: '^\\d{1,10}$' },
    })
    expect(query.find((p: { name: string }) => p.name === 'year').required).toBeUndefined()
    expect(doc.paths['/api/office/imports/{id}'].get.parameters[0]).toMatchObject({
      name: 'id',
      in: 'path',
      required: true,
      schema: { pattern: '^imp_[0-9a-f]{32}$' },
    })
    expect(doc.paths['/api/family/payments'].post.parameters).toContainEqual(
      expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: true }),
    )
    const upload = doc.paths['/api/office/imports'].post.requestBody.content
    expect(Object.keys(upload).sort()).toEqual(['multipart/form-data', 'text/csv'])
  })

  it('describes response bodies by the shared schemas', async () => {
    const doc = await generatedDocument()
    const login = jsonSchema(doc.paths['/api/auth/login'].post.responses['200'].content)
    expect(login.required).toEqual(expect.arrayContaining(['token', 'expiresAt', 'user']))
    const history = jsonSchema(doc.paths['/api/me/history'].get.responses['200'].content)
    expect(history.properties.history.type).toBe('array')
    const imports = doc.paths['/api/office/imports'].post.responses
    expect(Object.keys(imports)).toEqual(expect.arrayContaining(['201', '202']))
    expect(jsonSchema(imports['202'].content).properties.job.properties.id.type).toBe('string')
    const proof = doc.paths['/api/office/household-reviews/{id}/proof'].get.responses['200'].content
    expect(Object.keys(proof).sort()).toEqual(['image/jpeg', 'image/png'])
    const account = jsonSchema(doc.paths['/api/family/account'].get.responses['200'].content)
    expect(account.properties.balanceFen.type).toBe('number')
  })

  it('documents the one error shape with the codes each route can answer, at their statuses', async () => {
    const doc = await generatedDocument()
    expect(doc.components.schemas.Error.properties.error.properties.code.enum).toEqual([...ERROR_CODES])
    expect(doc.components.schemas.Error.properties.error.required).toEqual(['code', 'message'])
    for (const op of operations) {
      for (const [status, response] of Object.entries<any>(op.spec.responses)) {
        if (Number(status) < 400) continue
        const codes: ErrorCode[] = response['x-error-codes']
        expect(codes.length, `${op.method} ${op.path} ${status}`).toBeGreaterThan(0)
        for (const code of codes)
          expect(ERROR_HTTP_STATUS[code], `${op.method} ${op.path} ${code}`).toBe(Number(status))
        expect(JSON.stringify(jsonSchema(response.content))).toContain('#/components/schemas/Error')
      }
      expect(documentedCodes(op, 500), `${op.method} ${op.path}`).toContain('INTERNAL')
      // Signed-in routes answer 401 from requireUser; the office area 403 from requireOffice.
      if (op.auth) expect(documentedCodes(op, 401), `${op.method} ${op.path}`).toContain('UNAUTHENTICATED')
      if (/^\/api\/(office|campaigns)/.test(op.path))
        expect(documentedCodes(op, 403), `${op.method} ${op.path}`).toContain('FORBIDDEN')
      if (op.spec.requestBody?.content['application/json']) {
        expect(documentedCodes(op, 400)).toContain('BAD_REQUEST')
        expect(documentedCodes(op, 422)).toContain('VALIDATION_FAILED')
        expect(documentedCodes(op, 413), `${op.method} ${op.path}`).toContain('PAYLOAD_TOO_LARGE')
      }
    }
    const login = find('post', '/api/auth/login')
    expect(login.auth).toBe(false)
    expect(login.spec.security).toEqual([])
    expect(documentedCodes(login, 401)).toEqual(['WECHAT_CODE_INVALID'])
    expect(login.spec.responses['401'].description).toMatch(/WECHAT_CODE_INVALID：微信登录凭证无效/)
    expect(find('get', '/api/health').auth).toBe(false)
    expect(documentedCodes(find('get', '/api/health'), 401)).toEqual([])
    expect(documentedCodes(find('post', '/api/family/payments'), 400)).toEqual(
      expect.arrayContaining(['IDEMPOTENCY_KEY_REQUIRED']),
    )
    expect(documentedCodes(find('post', '/api/family/payments'), 409)).toEqual(
      expect.arrayContaining(['FAMILY_ALREADY_PAID', 'FAMILY_BALANCE_TOO_LOW', 'FAMILY_NOT_BOUND']),
    )
    // A rejected import carries its line errors next to the error.
    const rejected = jsonSchema(find('post', '/api/office/imports').spec.responses['422'].content)
    expect(rejected.allOf[1].properties.errors.type).toBe('array')
  })

  it('documents the codes the routes really answer with', async () => {
    const resident = (await login('openapi-resident')).token
    const office = (await officeUser('openapi-office', '51', '510100')).token
    const seen: string[] = []
    for (const op of operations) {
      const path = op.path.replace(/:(\w+)/g, 'x')
      const callers = op.auth
        ? [undefined, resident, ...(/^\/api\/(office|campaigns)/.test(op.path) ? [office] : [])]
        : []
      for (const token of callers) {
        // Signing out and deleting the account would end the callers' sessions for the rest of the walk.
        if (token && (path === '/api/auth/logout' || (op.method === 'delete' && path === '/api/me'))) continue
        // An empty JSON object: a body route refuses it by its schema, the others ignore it.
        const res = await call(op.method.toUpperCase(), path, { token, json: op.method === 'get' ? undefined : {} })
        if (res.status < 400) continue
        const { error } = await json(res)
        expect(documentedCodes(op, res.status), `${op.method} ${path} answered ${error.code}`).toContain(error.code)
        seen.push(error.code)
      }
    }
    // The walk reached the sign-in check, the office check, the validators and a path naming nothing.
    expect([...new Set(seen)]).toEqual(
      expect.arrayContaining(['UNAUTHENTICATED', 'FORBIDDEN', 'VALIDATION_FAILED', 'NOT_FOUND']),
    )
  })

  it('describes exactly the routes the app serves', () => {
    const served = new Set(
      app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method.toLowerCase()} ${r.path.replace(/\/$/, '')}`),
    )
    const documented = new Set(operations.map((op) => `${op.method} ${op.path}`))
    expect([...served].sort()).toEqual([...documented].sort())
  })
})
