import type { Queue } from '@cloudflare/workers-types/index'
/** What travels on the reminders queue. Bodies carry keys only: everything else is read from D1 by key. */
export type ReminderMessage =
  /** send the deliveries with these idempotency keys (at most KEYS_PER_MESSAGE) */
  | { t: 'sends'; keys: string[] }
  /** one key: what producers queued before messages carried many; still accepted while such messages drain */
  | { t: 'send'; key: string }
  /** plan the next page of this campaign's audience */
  | { t: 'plan'; campaignId: string }

/** The reminders queue as the Workers runtime types it; tests drive the same interface with an in-memory double. */
export type QueueLike = Queue<ReminderMessage>

/**
 * Keys per queue message. Local queues hand a consumer one batch at a time, and a batch costs about the same
 * whether its messages carry one key or a hundred; a hundred keys (~7 KB) stay far below the 128 KB message limit.
 */
export const KEYS_PER_MESSAGE = 100
/** Queues take at most 100 messages per sendBatch call… */
export const ENQUEUE_BATCH = 100
/** …and at most 256 KB in all: a margin for the envelope of each message. */
const ENQUEUE_BATCH_BYTES = 200_000

/** Bodies of `keys` in messages of at most KEYS_PER_MESSAGE keys. */
export function keyMessages(keys: readonly string[]): ReminderMessage[] {
  const bodies: ReminderMessage[] = []
  for (let i = 0; i < keys.length; i += KEYS_PER_MESSAGE)
    bodies.push({ t: 'sends', keys: keys.slice(i, i + KEYS_PER_MESSAGE) })
  return bodies
}

/** Queues messages in as few sendBatch calls as the count and size limits allow. */
export async function enqueueMessages(
  queue: QueueLike,
  messages: readonly { body: ReminderMessage; delaySeconds?: number }[],
): Promise<void> {
  let batch: { body: ReminderMessage; delaySeconds?: number }[] = []
  let bytes = 0
  for (const message of messages) {
    const size = JSON.stringify(message.body).length + 100
    if (batch.length > 0 && (batch.length === ENQUEUE_BATCH || bytes + size > ENQUEUE_BATCH_BYTES)) {
      await queue.sendBatch(batch)
      batch = []
      bytes = 0
    }
    batch.push(
      message.delaySeconds ? { body: message.body, delaySeconds: message.delaySeconds } : { body: message.body },
    )
    bytes += size
  }
  if (batch.length > 0) await queue.sendBatch(batch)
}

export async function enqueueKeys(queue: QueueLike, keys: readonly string[], delaySeconds?: number): Promise<void> {
  await enqueueMessages(
    queue,
    keyMessages(keys).map((body) => ({ body, delaySeconds })),
  )
}

/** A message with more keys than this is not ours (or is damaged): it is dropped rather than half-trusted. */
const MAX_KEYS_ACCEPTED = 1000

export function isReminderMessage(value: unknown): value is ReminderMessage {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  if (v.t === 'sends')
    return Array.isArray(v.keys) && v.keys.length <= MAX_KEYS_ACCEPTED && v.keys.every((k) => typeof k === 'string')
  return (v.t === 'send' && typeof v.key === 'string') || (v.t === 'plan' && typeof v.campaignId === 'string')
}

/** The delivery keys a message asks to send (none for a planning message). */
export function keysOf(message: ReminderMessage): readonly string[] {
  if (message.t === 'sends') return message.keys
  if (message.t === 'send') return [message.key]
  return []
}
