import type { Env } from './env'
import { app } from './app'

export type { AppType } from './app'

export default {
  fetch: app.fetch,
  // Reminder planning arrives with its own issue; the trigger is wired so the schedule is real from day one.
  async scheduled(_controller, _env, _ctx) {},
  async queue(batch, _env, _ctx) {
    batch.ackAll()
  },
} satisfies ExportedHandler<Env>
