import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { noStore, requireUser } from '../middleware'
import { familyMemberRoutes } from './family-members'
import { familyPaymentRoutes } from './family-payments'

/** 家庭共济: every answer is about the caller's relatives or money, so none is cached. */
export const familyRoutes = new Hono<AppEnv>()
  .use(noStore)
  .use(requireUser)
  .route('/', familyMemberRoutes)
  .route('/', familyPaymentRoutes)
