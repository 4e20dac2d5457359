import { Hono } from 'hono'
import * as v from 'valibot'
import { LoginRequestSchema, LoginResponseSchema, type LoginResponse } from '@canbao/shared/api/auth'
import type { AppEnv } from '../env'
import { getUserWithProfile, upsertUserByOpenid } from '../db/users'
import { issueToken } from '../lib/auth'
import { noStore, requireUser } from '../middleware'
import { describe } from '../openapi/describe'
import { revokeSession } from '../db/sessions'
import { isoNow } from '../lib/clock'
import { hmacHex, hmacKey } from '../lib/crypto'
import { ApiError } from '../lib/errors'
import { log } from '../lib/log'
import { enforce } from '../lib/rate-limit'
import { DEFAULT_JSON_LIMIT, jsonBody, limitBody } from '../lib/validate'
import { userView } from '../lib/views'
import { WeChatError, wechatFromEnv, type WeChatSession } from '../wechat'

/** Attempts per client address per minute: enough for a family behind one carrier NAT, not for a script. */
const LOGINS_PER_IP_PER_MINUTE = 60
/** Sign-ins per WeChat account per ten minutes. */
const LOGINS_PER_ACCOUNT_PER_10_MIN = 30

function mapWeChatError(err: WeChatError): ApiError {
  switch (err.kind) {
    case 'invalid-code':
      return new ApiError('WECHAT_CODE_INVALID')
    case 'blocked':
      return new ApiError('WECHAT_USER_BLOCKED')
    case 'rate-limited':
      return new ApiError('RATE_LIMITED', '登录太频繁，请一分钟后再试。')
    case 'busy':
      return new ApiError('WECHAT_BUSY')
    default:
      return new ApiError('UPSTREAM_UNAVAILABLE', '暂时无法连接微信登录服务，请稍后再试。')
  }
}

export const authRoutes = new Hono<AppEnv>()
  .use(noStore)
  /** 退出登录: the session ends on the server, so a copied token is of no use afterwards. */
  .post(
    '/logout',
    describe({
      summary: '退出登录',
      description: '结束本次会话：该令牌之后的任何请求都返回 401。',
      ok: { 200: { schema: v.object({ ok: v.literal(true) }), description: '已退出' } },
    }),
    requireUser,
    async (c) => {
      const sessionId = c.get('user').sessionId
      if (sessionId) await revokeSession(c.env.DB, sessionId, isoNow())
      return c.json({ ok: true as const }, 200)
    },
  )
  .post(
    '/login',
    describe({
      summary: '微信登录',
      description:
        '用 wx.login 得到的 code 换取会话令牌。本地开发时 code 可写成 dev:<名字>。session_key 不会离开服务端。',
      public: true,
      ok: { 200: { schema: LoginResponseSchema, description: '登录成功' } },
      errors: ['WECHAT_CODE_INVALID', 'WECHAT_USER_BLOCKED', 'WECHAT_BUSY', 'RATE_LIMITED', 'UPSTREAM_UNAVAILABLE'],
    }),
    limitBody(DEFAULT_JSON_LIMIT),
    jsonBody(LoginRequestSchema),
    async (c) => {
      const { code } = c.req.valid('json')
      // Client addresses are counted by keyed hash: the limit needs equality, not the address itself.
      const ip = c.req.header('cf-connecting-ip') ?? 'unknown'
      const ipKey = (await hmacHex(await hmacKey(c.env.ID_HASH_KEY), `ip:${ip}`)).slice(0, 32)
      await enforce(c.env.DB, {
        bucket: `login:ip:${ipKey}`,
        windowSeconds: 60,
        max: LOGINS_PER_IP_PER_MINUTE,
        message: '登录尝试太频繁，请一分钟后再试。',
      })

      let session: WeChatSession
      try {
        session = await wechatFromEnv(c.env).code2Session(code)
      } catch (err) {
        if (!(err instanceof WeChatError)) throw err
        log.warn('login_wechat_error', { kind: err.kind, errcode: err.errcode })
        throw mapWeChatError(err)
      }
      await enforce(c.env.DB, {
        bucket: `login:openid:${session.openid}`,
        windowSeconds: 600,
        max: LOGINS_PER_ACCOUNT_PER_10_MIN,
        message: '登录太频繁，请十分钟后再试。',
      })
      const user = await upsertUserByOpenid(c.env.DB, session.openid, session.unionid, isoNow())
      const full = await getUserWithProfile(c.env.DB, user.id)
      if (!full) throw new Error('user vanished after upsert')
      const view = userView(full)
      const { token, expiresAt } = await issueToken(c.env, { id: view.id, role: view.role })
      log.info('login', { user: view.id, role: view.role })
      const body: LoginResponse = { token, expiresAt, user: view }
      return c.json(body, 200)
    },
  )
