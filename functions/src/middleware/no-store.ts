import { createMiddleware } from 'hono/factory'

/**
 * Answers about a person (their profile, history, family, an office's residents) must not sit in any cache
 * between the Worker and the phone. Set before the handler runs, so every response built on the context has
 * it, errors included, without copying a finished response.
 */
export const noStore = createMiddleware(async (c, next) => {
  c.header('Cache-Control', 'no-store')
  await next()
})
