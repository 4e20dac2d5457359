import { Hono } from 'hono'
import type { HealthResponse } from '@canbao/shared'
import { HealthResponseSchema } from '@canbao/shared/api/health'
import type { AppEnv } from '../env'
import { hasDemoStandards, probeDatabase } from '../db/health'
import { configProblems, isRealWeChat } from '../lib/config'
import { noStore } from '../middleware'
import { describe } from '../openapi/describe'

// Health must never be cached: it is what people look at when something is wrong.
export const healthRoutes = new Hono<AppEnv>().get(
  '/',
  describe({
    summary: '服务与数据库状态',
    public: true,
    ok: { 200: { schema: HealthResponseSchema, description: '服务正常（503 时形状相同，status 为 degraded）' } },
  }),
  noStore,
  async (c) => {
    const db = await probeDatabase(c.env.DB)
    const problems = configProblems(c.env)
    if (db.ok && isRealWeChat(c.env) && (await hasDemoStandards(c.env.DB))) problems.push('DEMO_STANDARDS_IN_REAL_MODE')
    const ok = db.ok && problems.length === 0
    const body: HealthResponse = {
      status: ok ? 'ok' : 'degraded',
      version: c.env.BUILD_VERSION,
      db,
      // codes only: which setting is wrong, never its value
      config: { ok: problems.length === 0, problems },
      time: new Date().toISOString(),
    }
    return c.json(body, ok ? 200 : 503)
  },
)
