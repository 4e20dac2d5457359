// Module-scoped binding types, so code that only imports the app type (the mini-program) type-checks
// without the Workers globals.
import type { D1Database, Fetcher, Queue } from '@cloudflare/workers-types/index'

export type { D1Database }

export interface Env {
  DB: D1Database
  ASSETS: Fetcher
  REMINDERS: Queue<unknown>
  BUILD_VERSION: string
}

export type AppEnv = { Bindings: Env }
