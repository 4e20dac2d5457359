import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { openApiDocument } from '../openapi/document'

let cached: { version: string; body: string } | null = null

/** Public, like any API reference: it describes shapes, never data. */
export const openApiRoutes = new Hono<AppEnv>().get('/', (c) => {
  if (!cached || cached.version !== c.env.BUILD_VERSION) {
    cached = { version: c.env.BUILD_VERSION, body: JSON.stringify(openApiDocument(c.env.BUILD_VERSION)) }
  }
  c.header('Content-Type', 'application/json; charset=utf-8')
  c.header('Cache-Control', 'public, max-age=300')
  return c.body(cached.body, 200)
})
