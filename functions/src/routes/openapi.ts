import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { openApiDocument } from '../openapi/document'
import { requireUser } from '../lib/auth'

let cached: { version: string; body: string } | null = null

/** Behind sign-in like every route but login and health; it describes shapes, never data. */
export const openApiRoutes = new Hono<AppEnv>().use(requireUser).get('/', (c) => {
  if (!cached || cached.version !== c.env.BUILD_VERSION) {
    cached = { version: c.env.BUILD_VERSION, body: JSON.stringify(openApiDocument(c.env.BUILD_VERSION)) }
  }
  c.header('Content-Type', 'application/json; charset=utf-8')
  c.header('Cache-Control', 'private, max-age=300')
  return c.body(cached.body, 200)
})
