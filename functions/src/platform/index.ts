import type { Env } from '../env'
import { ApiError } from '../lib/errors'
import { log } from '../lib/log'
import { isRealWeChat } from '../lib/config'
import { PlatformHttpClient } from './http-client'
import type { PlatformApi } from './types'

export type { PlatformApi, TransferOutcome, TransferStatus } from './types'
export { PlatformUnavailable } from './types'

const FAKE_ORIGIN = 'http://platform.fake'
const DEFAULT_TIMEOUT_MS = 8_000

export function platformTimeoutMs(env: Env): number {
  const n = Number(env.PLATFORM_TIMEOUT_MS)
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_TIMEOUT_MS
}

export function isFakePlatform(env: Env): boolean {
  return (env.PLATFORM_MODE ?? (env.WECHAT_MODE === 'fake' ? 'fake' : 'real')) === 'fake'
}

export function platformFromEnv(env: Env): PlatformApi {
  const timeoutMs = platformTimeoutMs(env)
  // Real WeChat is production: a fake platform there would "pay" without moving any money.
  if (isFakePlatform(env) && isRealWeChat(env)) {
    log.error('config_fake_platform_in_real_mode', {})
    throw new ApiError('CONFIG_INVALID')
  }
  if (!isFakePlatform(env)) {
    if (!env.PLATFORM_API_BASE || !env.PLATFORM_API_KEY) {
      log.error('config_missing_secret', { secret: !env.PLATFORM_API_BASE ? 'PLATFORM_API_BASE' : 'PLATFORM_API_KEY' })
      throw new ApiError('INTERNAL')
    }
    return new PlatformHttpClient({
      baseUrl: env.PLATFORM_API_BASE.replace(/\/+$/, ''),
      apiKey: env.PLATFORM_API_KEY,
      timeoutMs,
      fetch: (url, init) => fetch(url, init),
    })
  }
  const binding = env.PLATFORM_API
  if (!binding) {
    log.error('config_missing_binding', { binding: 'PLATFORM_API' })
    throw new ApiError('INTERNAL')
  }
  return new PlatformHttpClient({
    baseUrl: FAKE_ORIGIN,
    // the fake checks the key it was made with; its binder (tests, dev-worker.ts) puts that key here
    apiKey: env.PLATFORM_API_KEY ?? '',
    timeoutMs,
    fetch: (url, init) => binding.fetch(url, init as never) as unknown as Promise<Response>,
  })
}
