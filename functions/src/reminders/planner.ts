import { KIND_INFO, reminderValues, type ReminderKind } from '@canbao/shared/reminders/kinds'
import { fitData } from '@canbao/shared/reminders/fields'
import { duePeriodReminders, waitingEndsOn } from '@canbao/shared/reminders/schedule'
import { isProvinceCode } from '@canbao/shared/policy/index'
import type { Env } from '../env'
import { advanceCampaign, audiencePage, getCampaign, insertCampaignDeliveries } from '../db/campaigns'
import { loadResidentData } from '../db/history'
import { policyInputFor } from '../domain/entitlement'
import {
  insertDeliveries,
  queuedKeys,
  regionsWithPeriodSubscribers,
  strandedKeys,
  subscriberPage,
  type NewDelivery,
} from '../db/reminders'
import { nowMs } from '../lib/clock'
import { log } from '../lib/log'
import { enqueueKeys, type QueueLike } from './messages'
import { planRelativeDue } from './relative-due'
import { registrySnapshot } from '../registry/snapshot'
import { yearOfDate } from '@canbao/shared/api/dates'

/**
 * Audience members planned per queue message: two D1 round trips and one sendBatch call. Each planning step
 * queues its page and then the next step's message, so one consumer batch (max_batch_size 50 in wrangler.toml)
 * holds a page (40 messages of 100 keys) and the next step, and plans while it sends.
 */
export const CAMPAIGN_PAGE = 4000
/** Subscribers read per query while planning the daily reminders. */
const DAILY_PAGE = 1000

/** The idempotency key: one message per user, kind, coverage year and offset (days, or a campaign id). */
export const deliveryKey = (userId: string, kind: ReminderKind, year: number, offset: string | number) =>
  `${userId}:${kind}:${year}:${offset}`

/**
 * Inserts the rows first (INSERT OR IGNORE on the key: a second run of the same plan adds nothing), then
 * queues every row of the page that is still waiting — also ones a crashed earlier run inserted but never
 * queued. A duplicate message is harmless; a missing one would lose a reminder.
 */
async function insertAndEnqueue(env: Env, queue: QueueLike, rows: NewDelivery[]): Promise<number> {
  await insertDeliveries(env.DB, rows, nowMs())
  const keys = await queuedKeys(
    env.DB,
    rows.filter((r) => r.status === 'queued').map((r) => r.key),
  )
  await enqueueKeys(queue, keys)
  return keys.length
}

/** One page of a campaign's audience; queues the next page's message until the walk is done. */
export async function planCampaignStep(env: Env, queue: QueueLike, campaignId: string): Promise<void> {
  const campaign = await getCampaign(env.DB, campaignId)
  if (campaign?.status !== 'planning') return
  const members = await audiencePage(env.DB, campaign, CAMPAIGN_PAGE)
  // Inserted before queued, as every reminder: a duplicate message is harmless, a missing one would lose a reminder.
  const keys = await insertCampaignDeliveries(
    env.DB,
    campaign,
    members.map((m) => ({
      key: deliveryKey(m.userId, 'campaign', campaign.year, campaign.id),
      userId: m.userId,
      allowed: m.allowed,
    })),
    `${KIND_INFO.campaign.page}?from=campaign`,
    nowMs(),
  )
  await enqueueKeys(queue, keys)
  const done = members.length < CAMPAIGN_PAGE
  const last = members.at(-1)?.userId ?? campaign.cursor
  const moved = await advanceCampaign(env.DB, campaign.id, campaign.cursor, last, members.length, done)
  if (moved && !done) await queue.send({ t: 'plan', campaignId: campaign.id })
}

/**
 * The Cron Trigger's work (01:00 UTC = 09:00 Beijing): the period reminders due today (Beijing date) in every
 * region that has subscribers, the waiting periods that end today, payers' relatives still unpaid on their
 * region's countdown days, and a sweep for rows the queue lost.
 */
export async function planDailyReminders(
  env: Env,
  queue: QueueLike,
  today: string,
): Promise<{ planned: number; requeued: number }> {
  const regions = await regionsWithPeriodSubscribers(env.DB)
  let planned = 0
  // The countdowns follow each region's published windows (the registry), else the built-in period.
  const tables = (await registrySnapshot(env)).tablesFor(yearOfDate(today))
  for (const { province, region } of regions) {
    if (!isProvinceCode(province)) continue
    for (const due of duePeriodReminders(province, region, today, tables)) {
      const values = reminderValues(due.kind, {
        year: due.year,
        start: due.start,
        end: due.end,
        daysLeft: due.daysLeft,
      })
      const fitted = fitData(values)
      if (!fitted.ok) {
        log.error('reminder_field_unfit', { kind: due.kind, key: fitted.key })
        continue
      }
      const dataJson = JSON.stringify(fitted.data)
      let after = ''
      for (;;) {
        const userIds = await subscriberPage(env.DB, due.kind, { province, region }, after, DAILY_PAGE)
        planned += await insertAndEnqueue(
          env,
          queue,
          userIds.map((userId) => ({
            key: deliveryKey(userId, due.kind, due.year, due.offset),
            userId,
            kind: due.kind,
            year: due.year,
            offset: String(due.offset),
            campaignId: null,
            dataJson,
            page: KIND_INFO[due.kind].page,
            status: 'queued',
          })),
        )
        if (userIds.length < DAILY_PAGE) break
        after = userIds.at(-1) as string
      }
    }
  }
  planned += await planWaitingEnds(env, queue, today)
  planned += await planRelativeDue(
    env,
    today,
    (userId, year, offset) => deliveryKey(userId, 'relative_due', year, offset),
    (rows) => insertAndEnqueue(env, queue, rows),
  )
  const stranded = await strandedKeys(env.DB, nowMs(), 10_000)
  await enqueueKeys(queue, stranded)
  log.info('reminders_planned', { today, planned, requeued: stranded.length })
  return { planned, requeued: stranded.length }
}

/** Residents evaluated at once: each is one D1 round trip and one engine evaluation per coverage year. */
const WAITING_CONCURRENCY = 10

/**
 * Whose benefits start today. Only residents who asked for this reminder are evaluated, by the rules engine
 * itself, from the same merged history their entitlement answer uses.
 */
async function planWaitingEnds(env: Env, queue: QueueLike, today: string): Promise<number> {
  let planned = 0
  const tables = (await registrySnapshot(env)).tablesFor(yearOfDate(today))
  let after = ''
  for (;;) {
    const results = await subscriberPage(env.DB, 'waiting_end', null, after, DAILY_PAGE)
    const due: NewDelivery[] = []
    for (let i = 0; i < results.length; i += WAITING_CONCURRENCY) {
      await Promise.all(
        results.slice(i, i + WAITING_CONCURRENCY).map(async (userId) => {
          const data = await loadResidentData(env.DB, userId)
          if (!data.profile) return
          const { year: _year, ...input } = policyInputFor(data, {}, today).input
          const year = waitingEndsOn(input, today, tables)
          if (year === null) return
          const fitted = fitData(reminderValues('waiting_end', { year, benefitStart: today }))
          if (!fitted.ok) return
          due.push({
            key: deliveryKey(userId, 'waiting_end', year, 0),
            userId,
            kind: 'waiting_end',
            year,
            offset: '0',
            campaignId: null,
            dataJson: JSON.stringify(fitted.data),
            page: KIND_INFO.waiting_end.page,
            status: 'queued',
          })
        }),
      )
    }
    planned += await insertAndEnqueue(env, queue, due)
    if (results.length < DAILY_PAGE) return planned
    after = results.at(-1) as string
  }
}
