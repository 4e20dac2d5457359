import type { Fetcher } from '@cloudflare/workers-types/index'
import type { Env } from '../env'
import { ApiError } from '../lib/errors'
import { log } from '../lib/log'
import { isRealWeChat } from '../lib/config'
import { PlatformHttpClient } from './http-client'
import type { PlatformApi } from './types'

export type { PlatformApi, TransferOutcome, TransferStatus } from './types'
export { PlatformUnavailable } from './types'

/** Bindings of the platform adapter, read from the Worker's env (wrangler vars and secrets). */
export interface PlatformBindings {
  /** `real` or `fake`; unset follows WECHAT_MODE, so a local run never reaches a real platform */
  PLATFORM_MODE?: string
  /** real mode: the platform's API origin, and its key (secret: wrangler secret put PLATFORM_API_KEY) */
  PLATFORM_API_BASE?: string
  PLATFORM_API_KEY?: string
  /**
   * fake mode: the fake's fetch handler — a miniflare service binding in the Worker tests, the in-isolate fake
   * of functions/fakes/dev-worker.ts under `npm start`. The deployed Worker has none and carries no fake.
   */
  PLATFORM_API?: Fetcher
  /** a transfer unanswered after this long has an unknown outcome; default 8000 */
  PLATFORM_TIMEOUT_MS?: string
}

const FAKE_ORIGIN = 'http://platform.fake'
const DEFAULT_TIMEOUT_MS = 8_000

export const platformEnv = (env: Env) => env as Env & PlatformBindings

export function platformTimeoutMs(env: Env): number {
  const n = Number(platformEnv(env).PLATFORM_TIMEOUT_MS)
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_TIMEOUT_MS
}

export function isFakePlatform(env: Env): boolean {
  const e = platformEnv(env)
  return (e.PLATFORM_MODE ?? (env.WECHAT_MODE === 'fake' ? 'fake' : 'real')) === 'fake'
}

export function platformFromEnv(env: Env): PlatformApi {
  const e = platformEnv(env)
  const timeoutMs = platformTimeoutMs(env)
  // Real WeChat is production: a fake platform there would "pay" without moving any money.
  if (isFakePlatform(env) && isRealWeChat(env)) {
    log.error('config_fake_platform_in_real_mode', {})
    throw new ApiError('CONFIG_INVALID')
  }
  if (!isFakePlatform(env)) {
    if (!e.PLATFORM_API_BASE || !e.PLATFORM_API_KEY) {
      log.error('config_missing_secret', { secret: !e.PLATFORM_API_BASE ? 'PLATFORM_API_BASE' : 'PLATFORM_API_KEY' })
      throw new ApiError('INTERNAL')
    }
    return new PlatformHttpClient({
      baseUrl: e.PLATFORM_API_BASE.replace(/\/+$/, ''),
      apiKey: e.PLATFORM_API_KEY,
      timeoutMs,
      fetch: (url, init) => fetch(url, init),
    })
  }
  const binding = e.PLATFORM_API
  if (!binding) {
    log.error('config_missing_binding', { binding: 'PLATFORM_API' })
    throw new ApiError('INTERNAL')
  }
  return new PlatformHttpClient({
    baseUrl: FAKE_ORIGIN,
    // the fake checks the key it was made with; its binder (tests, dev-worker.ts) puts that key here
    apiKey: e.PLATFORM_API_KEY ?? '',
    timeoutMs,
    fetch: (url, init) => binding.fetch(url, init as never) as unknown as Promise<Response>,
  })
}
