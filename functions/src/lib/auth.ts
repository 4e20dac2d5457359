import { sign, verify } from 'hono/jwt'
import type { AuthUser, Env } from '../env'
import { createSession, liveSession } from '../db/sessions'
import { nowMs } from './clock'
import { assertSecrets, tokenTtlSeconds } from './config'
import { ApiError } from './errors'
import { randomHex } from './ids'

const ISSUER = 'canbao'
const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/
/** The longest a session lives, whatever a token's `exp` (or a TOKEN_TTL_SECONDS setting) says. */
export const MAX_SESSION_SECONDS = 24 * 60 * 60
/** Clock difference between Worker locations that a fresh token's `iat` may show. */
const CLOCK_SKEW_SECONDS = 60

/**
 * A signed, expiring session token (HS256) naming the user and a session row. It carries nothing personal;
 * the session row is what sign-out and account deletion revoke.
 */
export async function issueToken(env: Env, user: AuthUser): Promise<{ token: string; expiresAt: string }> {
  assertSecrets(env)
  const iat = Math.floor(nowMs() / 1000)
  const exp = iat + Math.min(tokenTtlSeconds(env), MAX_SESSION_SECONDS)
  const sid = `s_${randomHex(16)}`
  const expiresAt = new Date(exp * 1000).toISOString()
  await createSession(env.DB, sid, user.id, new Date(iat * 1000).toISOString(), expiresAt)
  const token = await sign({ sub: user.id, sid, role: user.role, iss: ISSUER, iat, exp }, env.JWT_SECRET, 'HS256')
  return { token, expiresAt }
}

/** The signed-in user of a request's `Authorization` header, or UNAUTHENTICATED (middleware/auth.ts uses it). */
export async function authenticate(env: Env, header: string | undefined): Promise<AuthUser> {
  const match = header ? BEARER.exec(header.trim()) : null
  if (!match) throw new ApiError('UNAUTHENTICATED', '请先登录。')
  assertSecrets(env)
  let claims: Record<string, unknown>
  try {
    claims = (await verify(match[1] as string, env.JWT_SECRET, { alg: 'HS256', iss: ISSUER })) as Record<
      string,
      unknown
    >
  } catch {
    throw new ApiError('UNAUTHENTICATED')
  }
  const { exp, iat, sub, sid } = claims
  // Tokens without an expiry, issue time or session are not ours, whatever their signature says.
  if (typeof exp !== 'number' || typeof iat !== 'number' || typeof sub !== 'string' || typeof sid !== 'string')
    throw new ApiError('UNAUTHENTICATED')
  // The lifetime is counted from issue, on the server's clock: a token minted with a far `exp` still ends.
  const nowSeconds = nowMs() / 1000
  if (nowSeconds - iat > MAX_SESSION_SECONDS || iat - nowSeconds > CLOCK_SKEW_SECONDS)
    throw new ApiError('UNAUTHENTICATED')
  const session = await liveSession(env.DB, sid, sub, new Date(nowMs()).toISOString())
  if (!session) throw new ApiError('UNAUTHENTICATED')
  return { id: sub, role: session.role, sessionId: sid }
}
