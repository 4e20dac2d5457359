/// <reference path="../worker-configuration.d.ts" />
// The bindings come from wrangler.toml through `wrangler types` (functions/worker-configuration.d.ts, checked in;
// `npm run types:env` regenerates it and `npm test` fails when it is stale). What wrangler.toml cannot say is
// added here: the queues' message types, and the optional settings and local-only bindings a deployment may
// leave unset. Binding types are imported as modules, so code that only imports the app type (the
// mini-program) type-checks without the Workers globals.
import type { D1Database, Fetcher, Queue } from '@cloudflare/workers-types/index'
import type { ReminderMessage } from './reminders/messages'

export type { D1Database }

/** A message on the imports queue: "continue this job". */
export interface ImportMessage {
  jobId: string
}

/** The generated bindings, with the module-scoped binding types this code is written against. */
type Generated = Omit<GeneratedEnv, 'DB' | 'ASSETS' | 'REMINDERS' | 'IMPORTS' | 'WECHAT_SECRET'>

export interface Env extends Generated {
  DB: D1Database
  ASSETS: Fetcher
  REMINDERS: Queue<ReminderMessage>
  IMPORTS: Queue<ImportMessage>
  /** secret, needed in `real` mode only: fake mode runs without it (lib/config.ts fails closed on its absence) */
  WECHAT_SECRET?: string

  /** fake mode over HTTP: where the fake WeChat listens (npm start, e2e) */
  WECHAT_API_BASE?: string
  /** fake mode in-process: the fake WeChat's fetch handler (vitest) */
  WECHAT_API?: Fetcher

  /** `real` or `fake`; unset follows WECHAT_MODE, so a local run never reaches a real platform */
  PLATFORM_MODE?: string
  /** real mode: the insurance platform's API origin, and its key (secret: wrangler secret put PLATFORM_API_KEY) */
  PLATFORM_API_BASE?: string
  PLATFORM_API_KEY?: string
  /**
   * fake mode: the platform fake's fetch handler — a miniflare service binding in the Worker tests, the
   * in-isolate fake of functions/fakes/dev-worker.ts under `npm start`. The deployed Worker has none.
   */
  PLATFORM_API?: Fetcher
  /** a platform transfer unanswered after this long has an unknown outcome; default 8000 */
  PLATFORM_TIMEOUT_MS?: string

  /** optional tuning, seconds; default 86400 */
  TOKEN_TTL_SECONDS?: string
  /** optional tuning: rows per staged import chunk; default 5000 */
  IMPORT_CHUNK_ROWS?: string
  /** WeChat template ids of the reminder kinds, JSON `{ "deadline": "…" }` (fake mode falls back to dev ids) */
  REMINDER_TEMPLATE_IDS?: string
  /** optional tuning, milliseconds an isolate keeps the region figures before checking their version; default 5000 */
  REGISTRY_CHECK_MS?: string
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
