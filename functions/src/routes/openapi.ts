import { Hono } from 'hono'
import * as v from 'valibot'
import type { AppEnv } from '../env'
import { requireUser } from '../middleware'
import { describe } from '../openapi/describe'
import { openApiDocument } from '../openapi/spec'

let cached: { version: string; body: string } | null = null

/** Behind sign-in like every route but login and health; it describes shapes, never data. */
export const openApiRoutes = new Hono<AppEnv>().use(requireUser).get(
  '/',
  describe({
    summary: '本文档（由路由和共享的 valibot 模式生成）',
    ok: { 200: { schema: v.record(v.string(), v.unknown()), description: 'OpenAPI 3.1 文档' } },
  }),
  async (c) => {
    if (!cached || cached.version !== c.env.BUILD_VERSION) {
      // The document describes the whole app, which mounts this route: the app is taken at request time.
      const { app } = await import('../app')
      const document = await openApiDocument(app as never, c.env.BUILD_VERSION)
      cached = { version: c.env.BUILD_VERSION, body: JSON.stringify(document) }
    }
    c.header('Content-Type', 'application/json; charset=utf-8')
    c.header('Cache-Control', 'private, max-age=300')
    return c.body(cached.body, 200)
  },
)
