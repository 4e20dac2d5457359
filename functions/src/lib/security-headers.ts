import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'

/**
 * The API's answers are JSON for our own pages: never to be rendered as a document, sniffed as another type or
 * framed. Static files get the same from miniapp/static-h5/_headers.
 */
export const securityHeaders = createMiddleware<AppEnv>(async (c, next) => {
  await next()
  c.header('X-Content-Type-Options', 'nosniff')
  c.header('X-Frame-Options', 'DENY')
  c.header('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'")
  c.header('Referrer-Policy', 'no-referrer')
})
