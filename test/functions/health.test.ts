import { exports } from 'cloudflare:workers'
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { HealthResponseSchema, parseApiError } from '@canbao/shared'
import * as v from 'valibot'
import pkg from '../../package.json'

const worker = (exports as unknown as { default: { fetch: (req: Request) => Promise<Response> } }).default

describe('GET /api/health', () => {
  it('reports the build version and that D1 answered', async () => {
    const res = await worker.fetch(new Request('http://canbao.local/api/health'))
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const body = v.parse(HealthResponseSchema, await res.json())
    expect(body.status).toBe('ok')
    expect(body.version).toBe(pkg.version)
    expect(body.db.ok).toBe(true)
    expect(body.db.latencyMs).toBeGreaterThanOrEqual(0)
  })

  it('says degraded with 503 when the schema is missing', async () => {
    await env.DB.exec('DROP TABLE schema_info')
    const res = await worker.fetch(new Request('http://canbao.local/api/health'))
    expect(res.status).toBe(503)
    const body = v.parse(HealthResponseSchema, await res.json())
    expect(body).toMatchObject({ status: 'degraded', db: { ok: false, latencyMs: null } })
  })
})

describe('unknown API paths', () => {
  it('answer with the one error shape and a Chinese message', async () => {
    const res = await worker.fetch(new Request('http://canbao.local/api/no-such-thing'))
    expect(res.status).toBe(404)
    const error = parseApiError(await res.json())
    expect(error?.code).toBe('NOT_FOUND')
    expect(error?.message).toMatch(/没有找到/)
  })
})
