import { createMiddleware } from 'hono/factory'
import { sign, verify } from 'hono/jwt'
import type { AppEnv, AuthUser, Env } from '../env'
import { nowMs } from './clock'
import { assertSecrets, tokenTtlSeconds } from './config'
import { ApiError } from './errors'

const ISSUER = 'canbao'
const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/

/** A signed, expiring session token (HS256). It names the user and nothing personal. */
export async function issueToken(env: Env, user: AuthUser): Promise<{ token: string; expiresAt: string }> {
  assertSecrets(env)
  const iat = Math.floor(nowMs() / 1000)
  const exp = iat + tokenTtlSeconds(env)
  const token = await sign({ sub: user.id, role: user.role, iss: ISSUER, iat, exp }, env.JWT_SECRET, 'HS256')
  return { token, expiresAt: new Date(exp * 1000).toISOString() }
}

async function readToken(env: Env, header: string | undefined): Promise<AuthUser> {
  const match = header ? BEARER.exec(header.trim()) : null
  if (!match) throw new ApiError('UNAUTHENTICATED', '请先登录。')
  assertSecrets(env)
  let claims: Record<string, unknown>
  try {
    claims = (await verify(match[1] as string, env.JWT_SECRET, { alg: 'HS256', iss: ISSUER })) as Record<string, unknown>
  } catch {
    throw new ApiError('UNAUTHENTICATED')
  }
  // Tokens without an expiry are not ours, whatever their signature says.
  if (typeof claims.exp !== 'number' || typeof claims.sub !== 'string') throw new ApiError('UNAUTHENTICATED')
  const role = claims.role === 'office' ? 'office' : 'resident'
  return { id: claims.sub, role }
}

/** Every /api route except login, health and the API description passes through this. */
export const requireUser = createMiddleware<AppEnv>(async (c, next) => {
  c.set('user', await readToken(c.env, c.req.header('authorization')))
  await next()
})
