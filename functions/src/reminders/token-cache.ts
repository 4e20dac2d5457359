import type { Env } from '../env'
import { readCachedToken } from '../db/wechat-tokens'
import { nowMs } from '../lib/clock'
import { accessToken } from '../wechat'
import type { WeChatApi } from '../wechat/types'

/** Matches the D1 cache's own margin: the token is renewed before WeChat starts refusing it. */
const MARGIN_MS = 6 * 60 * 1000

/**
 * The access token in this isolate's memory, in front of the D1-shared cache (functions/src/wechat): a consumer
 * batch of a hundred sends reads D1 and decrypts the token once, not a hundred times. Nothing but the token and
 * its expiry is kept, and only until shortly before it expires.
 */
export class TokenCache {
  private token: string | null = null
  private validUntilMs = 0
  private pending: Promise<string> | null = null

  constructor(
    private readonly env: Env,
    private readonly api: WeChatApi,
  ) {}

  async get(): Promise<string> {
    if (this.token !== null && nowMs() < this.validUntilMs) return this.token
    // Concurrent sends wait for one fetch instead of each asking stable_token.
    this.pending ??= this.load({}).finally(() => {
      this.pending = null
    })
    return this.pending
  }

  /**
   * WeChat called `stale` invalid. Ask the shared cache for a newer one first (another isolate may have
   * renewed it); only when that hands back the same token, force stable_token to issue a new one.
   */
  async renew(stale: string): Promise<string> {
    if (this.token !== null && this.token !== stale && nowMs() < this.validUntilMs) return this.token
    this.token = null
    let fresh = await this.load({ stale })
    if (fresh === stale) fresh = await this.load({ force: true })
    return fresh
  }

  private async load(options: { force?: boolean; stale?: string }): Promise<string> {
    const token = await accessToken(this.env, this.api, options)
    const cached = await readCachedToken(this.env.DB, this.env.WECHAT_APPID)
    this.token = token
    this.validUntilMs = (cached?.expiresAtMs ?? nowMs()) - MARGIN_MS
    return token
  }
}
