// The Worker's exported `queue` handler picks a consumer by queue name. Each queue is driven here through
// that handler with the runtime's own message batches, so a renamed queue or a dropped branch fails a test.
import { env } from 'cloudflare:workers'
import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import handler from '../../functions/src/index'
import { login } from './helpers'

async function deliver(queue: string, bodies: unknown[]) {
  const batch = createMessageBatch(
    queue,
    bodies.map((body, i) => ({ id: `${queue}-${i}`, timestamp: new Date(), attempts: 1, body })),
  )
  const ctx = createExecutionContext()
  await handler.queue(batch as never, env as never, ctx as never)
  return getQueueResult(batch, ctx)
}

async function queuedDelivery(key: string) {
  const { user } = await login(`queue-${key}`)
  const now = Date.now()
  await env.DB.prepare(
    `INSERT INTO reminder_deliveries (key, user_id, kind, year, offset, data_json, page, status, created_at_ms,
       updated_at_ms)
     VALUES (?1, ?2, 'deadline', 2027, '7', '{}', 'pages/index/index', 'queued', ?3, ?3)`,
  )
    .bind(key, user.id, now)
    .run()
}

const statusOf = async (key: string) =>
  await env.DB.prepare('SELECT status, last_error FROM reminder_deliveries WHERE key = ?1')
    .bind(key)
    .first<{ status: string; last_error: string | null }>()

describe('queue dispatch through the exported handler', () => {
  it('canbao-reminders: a body that is not a reminder message is acknowledged, not retried forever', async () => {
    const result = await deliver('canbao-reminders', [{ t: 'nonsense' }, 'text'])
    expect(result.explicitAcks.sort()).toEqual(['canbao-reminders-0', 'canbao-reminders-1'])
    expect(result.retryMessages).toEqual([])
  })

  it('canbao-reminders-dlq: a delivery whose message died is counted failed, the message acknowledged', async () => {
    await queuedDelivery('dlq-key-1')
    const result = await deliver('canbao-reminders-dlq', [{ t: 'sends', keys: ['dlq-key-1'] }])
    expect(result.explicitAcks).toEqual(['canbao-reminders-dlq-0'])
    expect(await statusOf('dlq-key-1')).toEqual({ status: 'failed', last_error: 'dead_letter' })
  })

  it('canbao-reminders and its dead-letter queue are separate consumers: the live one fails no delivery', async () => {
    await queuedDelivery('live-key-1')
    await deliver('canbao-reminders', [{ t: 'nonsense' }])
    expect((await statusOf('live-key-1'))?.status).toBe('queued')
  })

  it('canbao-imports: a message without a job id is acknowledged', async () => {
    const result = await deliver('canbao-imports', [{}])
    expect(result.explicitAcks).toEqual(['canbao-imports-0'])
  })

  it('a queue the Worker does not consume has its batch acknowledged as a whole', async () => {
    const result = await deliver('somebody-elses-queue', [{ t: 'sends', keys: ['x'] }])
    expect(result.ackAll).toBe(true)
  })
})
