/** What travels on the reminders queue. Bodies are tiny: everything else is read from D1 by key. */
export type ReminderMessage =
  /** send the delivery with this idempotency key */
  | { t: 'send'; key: string }
  /** plan the next page of this campaign's audience */
  | { t: 'plan'; campaignId: string }

export interface QueueLike {
  send(body: ReminderMessage, options?: { delaySeconds?: number }): Promise<unknown>
  sendBatch(messages: Iterable<{ body: ReminderMessage; delaySeconds?: number }>): Promise<unknown>
}

/** Queues take at most 100 messages per sendBatch call. */
export const ENQUEUE_BATCH = 100

export async function enqueueKeys(queue: QueueLike, keys: readonly string[], delaySeconds?: number): Promise<void> {
  for (let i = 0; i < keys.length; i += ENQUEUE_BATCH) {
    await queue.sendBatch(keys.slice(i, i + ENQUEUE_BATCH).map((key) => ({ body: { t: 'send', key }, ...(delaySeconds ? { delaySeconds } : {}) })))
  }
}

export function isReminderMessage(value: unknown): value is ReminderMessage {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return (v.t === 'send' && typeof v.key === 'string') || (v.t === 'plan' && typeof v.campaignId === 'string')
}
