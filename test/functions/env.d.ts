import type { D1Migration } from '@cloudflare/vitest-plugin'
import type { Env as WorkerEnv } from '../../functions/src/env'

declare global {
  namespace Cloudflare {
    // The test pool's `env` is the Worker's own bindings plus the migrations the setup file applies.
    interface Env extends WorkerEnv {
      TEST_MIGRATIONS: D1Migration[]
    }
  }
}
