import type { ExecutionContext, MessageBatch, ScheduledController } from '@cloudflare/workers-types/index'
import type { Env, ImportMessage } from './env'
import { app } from './app'
import { isoNow } from './lib/clock'
import { describeError, log } from './lib/log'
import { pruneRateLimits } from './lib/rate-limit'
import { IMPORT_FAILED_MESSAGE, failJob, processJob } from './imports/pipeline'

export type { AppType } from './app'

/** One consumer invocation works on a job this long, then hands the rest to a fresh message. */
const IMPORT_BUDGET_MS = 20_000
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
  async scheduled(_controller: ScheduledController, env: Env, _ctx: ExecutionContext) {
    // Reminder planning arrives with its own issue; for now the daily run keeps the rate-limit table small.
    await pruneRateLimits(env.DB)
  },
  async queue(batch: MessageBatch<unknown>, env: Env, _ctx: ExecutionContext) {
    if (batch.queue.startsWith('canbao-imports')) await consumeImports(batch as MessageBatch<ImportMessage>, env)
    else batch.ackAll()
  },
} satisfies ExportedHandler<Env>
