import type { ExecutionContext, MessageBatch, ScheduledController } from '@cloudflare/workers-types/index'
import type { Env, ImportMessage } from './env'
import { app } from './app'
import { isoNow } from './lib/clock'
import { describeError, log } from './lib/log'
import { pruneRateLimits } from './lib/rate-limit'
import { pruneSessions } from './db/sessions'
import { IMPORT_FAILED_MESSAGE, failJob, processJob, sweepStalledImports } from './imports/pipeline'
import { cstDate } from '@canbao/shared/api/dates'
import { consumeDeadLetters, consumeReminders } from './reminders/consumer'
import { planDailyReminders } from './reminders/planner'
import { reconcilePayments } from './family/payments'
import { RECONCILE_CRON } from './lib/schedule'

export type { AppType } from './app'

/**
 * One chunk (5,000 rows) per consumer invocation, then a fresh message for the rest: progress shows between
 * chunks, no invocation runs long, and local workerd (which answers no request while a queue invocation
 * runs) stays responsive to the office polling it.
 */
const IMPORT_BUDGET_MS = 0
/** Matches max_retries of the imports consumer in wrangler.toml. */
const IMPORT_MAX_ATTEMPTS = 4

async function consumeImports(batch: MessageBatch<ImportMessage>, env: Env) {
  for (const message of batch.messages) {
    const jobId = message.body?.jobId
    if (typeof jobId !== 'string') {
      message.ack()
      continue
    }
    try {
      const outcome = await processJob(env, jobId, IMPORT_BUDGET_MS)
      if (outcome === 'more') await env.IMPORTS.send({ jobId })
      message.ack()
    } catch (err) {
      log.error('import_chunk_failed', { job: jobId, attempt: message.attempts, error: describeError(err) })
      if (message.attempts >= IMPORT_MAX_ATTEMPTS) {
        await failJob(env.DB, jobId, IMPORT_FAILED_MESSAGE, isoNow())
        message.ack()
      } else {
        message.retry({ delaySeconds: 2 * message.attempts })
      }
    }
  }
}

export default {
  fetch: app.fetch,
  async scheduled(controller: ScheduledController, env: Env, _ctx: ExecutionContext) {
    // Any trigger other than the frequent one does the daily work, so a manual run (wrangler's /__scheduled)
    // without a cron expression still plans the day.
    if (controller.cron !== RECONCILE_CRON) {
      await pruneRateLimits(env.DB)
      await pruneSessions(env.DB, isoNow())
      // The daily trigger fires at 01:00 UTC: its Beijing date is the day whose reminders are due.
      // A planning failure is logged, not thrown: reconciliation below still runs.
      await planDailyReminders(env, env.REMINDERS, cstDate(controller.scheduledTime)).catch((err: unknown) =>
        log.error('reminders_plan_failed', { error: describeError(err) }),
      )
    }
    // Imports whose worker died are resumed or failed here, not only when the office uploads again.
    await sweepStalledImports(env, controller.scheduledTime).catch((err: unknown) =>
      log.error('import_sweep_failed', { error: describeError(err) }),
    )
    // Family payments whose platform outcome was unknown are settled by asking the platform, never by paying again.
    await reconcilePayments(env)
  },
  async queue(batch: MessageBatch<unknown>, env: Env, _ctx: ExecutionContext) {
    if (batch.queue.startsWith('canbao-imports')) await consumeImports(batch as MessageBatch<ImportMessage>, env)
    else if (batch.queue === 'canbao-reminders') await consumeReminders(batch.messages, env)
    else if (batch.queue === 'canbao-reminders-dlq') await consumeDeadLetters(batch.messages, env)
    else batch.ackAll()
  },
} satisfies ExportedHandler<Env>
