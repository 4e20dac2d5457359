import type { Env } from '../env'
import { DEV_ID_ENC_KEY, DEV_ID_HASH_KEY } from './dev-keys'
import { ApiError } from './errors'
import { log } from './log'

const DEFAULT_TOKEN_TTL_SECONDS = 24 * 60 * 60
const DEFAULT_IMPORT_CHUNK_ROWS = 5_000

export const isRealWeChat = (env: Env) => env.WECHAT_MODE !== 'fake'

/**
 * A configuration that must never serve residents, as stable codes (never a value): `/api/health` reports them
 * and the adapters refuse to run with them. A real-WeChat deployment is production, so nothing in it may be a
 * development stand-in.
 */
export type ConfigProblem =
  | 'JWT_SECRET_MISSING'
  | 'DEV_KEYS_IN_REAL_MODE'
  | 'FAKE_PLATFORM_IN_REAL_MODE'
  | 'WECHAT_SECRET_MISSING'
  | 'DEMO_STANDARDS_IN_REAL_MODE'

export function configProblems(env: Env): ConfigProblem[] {
  const problems: ConfigProblem[] = []
  if (!env.JWT_SECRET || env.JWT_SECRET.length < 32) problems.push('JWT_SECRET_MISSING')
  if (isRealWeChat(env)) {
    if (env.ID_ENC_KEY === DEV_ID_ENC_KEY || env.ID_HASH_KEY === DEV_ID_HASH_KEY) problems.push('DEV_KEYS_IN_REAL_MODE')
    // PLATFORM_MODE unset follows WECHAT_MODE; only an explicit `fake` next to real WeChat is wrong.
    if (env.PLATFORM_MODE === 'fake') problems.push('FAKE_PLATFORM_IN_REAL_MODE')
    if (!env.WECHAT_APPID || !env.WECHAT_SECRET) problems.push('WECHAT_SECRET_MISSING')
  }
  return problems
}

/**
 * Production safety checks done where secrets are used: a deployed Worker (real WeChat) must not run on the
 * published development keys, and every secret must be present.
 */
export function assertSecrets(env: Env): void {
  if (!env.JWT_SECRET || env.JWT_SECRET.length < 32) {
    log.error('config_missing_secret', { secret: 'JWT_SECRET' })
    throw new ApiError('INTERNAL')
  }
  if (isRealWeChat(env) && (env.ID_ENC_KEY === DEV_ID_ENC_KEY || env.ID_HASH_KEY === DEV_ID_HASH_KEY)) {
    log.error('config_dev_keys_in_production', {})
    throw new ApiError('INTERNAL')
  }
}

function positiveInt(value: string | undefined, fallback: number): number {
  const n = Number(value)
  return Number.isInteger(n) && n > 0 ? n : fallback
}

export const tokenTtlSeconds = (env: Env) => positiveInt(env.TOKEN_TTL_SECONDS, DEFAULT_TOKEN_TTL_SECONDS)
/**
 * At most 7,000 rows: an encrypted chunk (about 100 bytes a row after base64) must stay under D1's 1 MB value
 * limit.
 */
export const importChunkRows = (env: Env) =>
  Math.min(positiveInt(env.IMPORT_CHUNK_ROWS, DEFAULT_IMPORT_CHUNK_ROWS), 7_000)
