import { Hono } from 'hono'
import type { HealthResponse } from '@canbao/shared'
import type { AppEnv } from '../env'
import { probeDatabase } from '../db/health'

export const healthRoutes = new Hono<AppEnv>().get('/', async (c) => {
  const db = await probeDatabase(c.env.DB)
  const body: HealthResponse = {
    status: db.ok ? 'ok' : 'degraded',
    version: c.env.BUILD_VERSION,
    db,
    time: new Date().toISOString(),
  }
  // Health must never be cached: it is what people look at when something is wrong.
  c.header('Cache-Control', 'no-store')
  return c.json(body, db.ok ? 200 : 503)
})
