import { Hono } from 'hono'
import type { AppEnv } from './env'
import { errorResponse, handleError } from './lib/errors'
import { healthRoutes } from './routes/health'

const api = new Hono<AppEnv>().route('/health', healthRoutes)

export const app = new Hono<AppEnv>()
  .route('/api', api)
  .notFound((c) => errorResponse(c, 'NOT_FOUND'))
  .onError(handleError)

/** The request contract: the mini-program's client is typed from this. */
export type AppType = typeof app
