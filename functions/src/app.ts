import { Hono } from 'hono'
import type { AppEnv } from './env'
import { errorResponse, handleError } from './lib/errors'
import { authRoutes } from './routes/auth'
import { healthRoutes } from './routes/health'
import { meRoutes } from './routes/me'
import { officeRoutes } from './routes/office'
import { campaignRoutes } from './routes/campaigns'
import { reminderRoutes } from './routes/reminders'
import { openApiRoutes } from './routes/openapi'
import { familyRoutes } from './routes/family'
import { securityHeaders } from './lib/security-headers'
import { figureRoutes } from './routes/figures'

// Tokens are checked inside each sub-app (middleware/auth.ts); only health and login are public.
const api = new Hono<AppEnv>()
  .route('/health', healthRoutes)
  .route('/openapi.json', openApiRoutes)
  .route('/auth', authRoutes)
  .route('/me', meRoutes)
  .route('/office', officeRoutes)
  .route('/reminders', reminderRoutes)
  .route('/campaigns', campaignRoutes)
  .route('/family', familyRoutes)
  .route('/figures', figureRoutes)

export const app = new Hono<AppEnv>()
  .use(securityHeaders)
  .route('/api', api)
  .notFound((c) => errorResponse(c, 'NOT_FOUND'))
  // The one mapping of every thrown ApiError (an HTTPException) and anything unexpected to the error shape.
  .onError(handleError)

/** The request contract: the mini-program's client is typed from this. */
export type AppType = typeof app
