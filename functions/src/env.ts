// Module-scoped binding types, so code that only imports the app type (the mini-program) type-checks
// without the Workers globals.
import type { D1Database, Fetcher, Queue } from '@cloudflare/workers-types/index'
import type { ReminderMessage } from './reminders/messages'

export type { D1Database }

/** A message on the imports queue: "continue this job". */
export interface ImportMessage {
  jobId: string
}

export interface Env {
  DB: D1Database
  ASSETS: Fetcher
  REMINDERS: Queue<ReminderMessage>
  IMPORTS: Queue<ImportMessage>
  BUILD_VERSION: string

  /** `real`: api.weixin.qq.com with WECHAT_SECRET; `fake`: the local fake (WECHAT_API binding or WECHAT_API_BASE) */
  WECHAT_MODE: string
  WECHAT_APPID: string
  /** secret (wrangler secret put WECHAT_SECRET) */
  WECHAT_SECRET?: string
  /** fake mode over HTTP: where the fake listens (npm start, e2e) */
  WECHAT_API_BASE?: string
  /** fake mode in-process: the fake's fetch handler (vitest) */
  WECHAT_API?: Fetcher

  /** secret: HS256 key of session tokens, at least 32 characters */
  JWT_SECRET: string
  /** secret: base64 of 32 random bytes, the AES-256-GCM key for resident ID numbers and staged import files */
  ID_ENC_KEY: string
  /** secret: base64 of at least 32 random bytes, the HMAC key of ID look-up hashes */
  ID_HASH_KEY: string

  /** optional tuning, seconds; default 86400 */
  TOKEN_TTL_SECONDS?: string
  /** optional tuning: rows per staged import chunk; default 5000 */
  IMPORT_CHUNK_ROWS?: string
  /** WeChat template ids of the reminder kinds, JSON `{ "deadline": "…" }` (fake mode falls back to dev ids) */
  REMINDER_TEMPLATE_IDS?: string
  /** `1` sends through quiet hours; honoured only with WECHAT_MODE=fake (the campaign benchmark runs at any hour) */
  REMINDERS_IGNORE_QUIET_HOURS?: string
}

export interface AuthUser {
  id: string
  role: 'resident' | 'office'
  /** the session row the token names (absent only while a token is being issued) */
  sessionId?: string
}

export type AppEnv = { Bindings: Env; Variables: { user: AuthUser } }
