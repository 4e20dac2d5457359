import type { Env } from '../env'
import { nowMs } from '../lib/clock'
import { aesKey, decryptText, encryptText } from '../lib/crypto'
import { ApiError } from '../lib/errors'
import { log } from '../lib/log'
import { isRealWeChat } from '../lib/config'
import { readCachedToken, storeCachedToken } from '../db/wechat-tokens'
import { WeChatHttpClient, type FetchLike } from './http-client'
import { WeChatError, type SubscribeMessage, type WeChatApi } from './types'

export { WeChatError } from './types'
export { certHash } from './http-client'
export type { WeChatApi, WeChatFaceApi, WeChatSession, SubscribeMessage } from './types'

export const WECHAT_API_ORIGIN = 'https://api.weixin.qq.com'
const FAKE_BINDING_ORIGIN = 'http://wechat.fake'

/**
 * The adapter this deployment uses. `WECHAT_MODE=real` (the wrangler.toml default) talks to WeChat with the
 * secret from `wrangler secret put WECHAT_SECRET`; `fake` talks to the local fake, in-process through the
 * `WECHAT_API` service binding (tests) or over HTTP at `WECHAT_API_BASE` (npm start, e2e).
 */
export function wechatFromEnv(env: Env): WeChatHttpClient {
  if (isRealWeChat(env)) {
    if (!env.WECHAT_APPID || !env.WECHAT_SECRET) {
      log.error('config_missing_secret', { secret: !env.WECHAT_APPID ? 'WECHAT_APPID' : 'WECHAT_SECRET' })
      throw new ApiError('INTERNAL')
    }
    return new WeChatHttpClient({
      baseUrl: WECHAT_API_ORIGIN,
      appid: env.WECHAT_APPID,
      secret: env.WECHAT_SECRET,
      fetch: (url, init) => fetch(url, init),
    })
  }
  const binding = env.WECHAT_API
  let transport: FetchLike
  let baseUrl: string
  if (binding) {
    transport = (url, init) => binding.fetch(url, init as never) as unknown as Promise<Response>
    baseUrl = FAKE_BINDING_ORIGIN
  } else if (env.WECHAT_API_BASE) {
    // A URL, not a string: `wrangler dev` wraps fetch with a check that builds a whole Request (body and all)
    // from a string just to read its URL, and a campaign makes a million of these calls.
    transport = (url, init) => fetch(new URL(url), init)
    baseUrl = env.WECHAT_API_BASE.replace(/\/+$/, '')
  } else {
    log.error('config_missing_fake_wechat', {})
    throw new ApiError('INTERNAL')
  }
  return new WeChatHttpClient({ baseUrl, appid: env.WECHAT_APPID, secret: env.WECHAT_SECRET ?? '', fetch: transport })
}

/** Refresh a little before WeChat does (it renews five minutes before expiry). */
const REFRESH_MARGIN_MS = 6 * 60 * 1000

/**
 * An access token shared by every Worker instance through D1 (encrypted: it is a credential), fetched from
 * stable_token only when missing or about to expire.
 */
export async function accessToken(
  env: Env,
  api: WeChatApi,
  options: { force?: boolean; stale?: string } = {},
): Promise<string> {
  const key = await aesKey(env.ID_ENC_KEY)
  if (!options.force) {
    const cached = await readCachedToken(env.DB, env.WECHAT_APPID)
    if (cached && cached.expiresAtMs - REFRESH_MARGIN_MS > nowMs()) {
      const token = await decryptText(key, cached.tokenEnc, 'wechat-token')
      if (token !== options.stale) return token
    }
  }
  const fresh = await api.getStableAccessToken(options.force === true)
  await storeCachedToken(
    env.DB,
    env.WECHAT_APPID,
    await encryptText(key, fresh.accessToken, 'wechat-token'),
    nowMs() + fresh.expiresIn * 1000,
  )
  return fresh.accessToken
}

/**
 * Sends one subscription message. A stale token is renewed once: first in normal mode (another instance
 * may already have a newer one), and only if WeChat hands back the same token, with force_refresh.
 */
export async function sendSubscribeMessage(
  env: Env,
  message: SubscribeMessage,
  api: WeChatApi = wechatFromEnv(env),
): Promise<void> {
  const token = await accessToken(env, api)
  try {
    await api.sendSubscribeMessage(token, message)
  } catch (err) {
    if (!(err instanceof WeChatError) || err.kind !== 'token-invalid') throw err
    let renewed = await accessToken(env, api, { stale: token })
    if (renewed === token) renewed = await accessToken(env, api, { force: true })
    await api.sendSubscribeMessage(renewed, message)
  }
}

/** One call that needs the access token, with the same one-renewal rule as subscription messages. */
export async function withAccessToken<T>(env: Env, api: WeChatApi, call: (token: string) => Promise<T>): Promise<T> {
  const token = await accessToken(env, api)
  try {
    return await call(token)
  } catch (err) {
    if (!(err instanceof WeChatError) || err.kind !== 'token-invalid') throw err
    let renewed = await accessToken(env, api, { stale: token })
    if (renewed === token) renewed = await accessToken(env, api, { force: true })
    return await call(renewed)
  }
}
