import { createMiddleware } from 'hono/factory'
import { provinceRegionCode } from '@canbao/shared/regions'
import type { AppEnv } from '../env'
import { getUser } from '../db/users'
import type { OfficeScope } from '../imports/pipeline'
import { authenticate } from '../lib/auth'
import { ApiError } from '../lib/errors'
import { documented } from './documented'

/**
 * Every /api route except login and health passes through this: a request counts as signed in only while its
 * session row is live and its account exists.
 */
export const requireUser = documented(
  createMiddleware<AppEnv>(async (c, next) => {
    c.set('user', await authenticate(c.env, c.req.header('authorization')))
    await next()
  }),
  { security: [{ bearer: [] }], 'x-errors': ['UNAUTHENTICATED'] },
)

export type OfficeEnv = AppEnv & { Variables: { office: OfficeScope } }

/**
 * The office role is read from D1 on every request, not from the token: revoking it takes effect at once.
 * Nothing but that row (set by scripts/grant-office.ts) makes a user an office user. Runs after requireUser.
 */
export const requireOffice = documented(
  createMiddleware<OfficeEnv>(async (c, next) => {
    const user = await getUser(c.env.DB, c.get('user').id)
    if (user?.role !== 'office' || user.officeProvince === null) {
      throw new ApiError('FORBIDDEN', '仅医保经办机构工作人员可以使用此功能。')
    }
    c.set('office', {
      userId: user.id,
      province: user.officeProvince,
      region: user.officeRegion,
      scope: user.officeRegion ?? provinceRegionCode(user.officeProvince),
    })
    await next()
  }),
  { 'x-errors': ['FORBIDDEN'] },
)
