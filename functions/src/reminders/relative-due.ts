import { KIND_INFO, reminderValues } from '@canbao/shared/reminders/kinds'
import { fitData } from '@canbao/shared/reminders/fields'
import { dueRelativeReminders, relativesLabel, type RelativeToRemind } from '@canbao/shared/reminders/relative-due'
import { isProvinceCode } from '@canbao/shared/policy/index'
import { yearOfDate } from '@canbao/shared/api/dates'
import type { Env } from '../env'
import { paidYears } from '../db/family'
import type { NewDelivery } from '../db/reminders'
import { log } from '../lib/log'
import { registrySnapshot } from '../registry/snapshot'

/** Payers read per query; their bindings and paid years come in two more queries per page. */
const PAYER_PAGE = 500

interface BoundRelative {
  payer_user_id: string
  relative_id_hash: string
  relative_name: string
  relative_province: string
  relative_region: string | null
}

/**
 * Payers who asked to hear about their relatives, paged; for each, the relatives still unpaid on one of their
 * region's countdown days. `plan` records and queues the deliveries (the planner's idempotent insert), with
 * one key per payer, coverage year and countdown day however many relatives the message names.
 */
export async function planRelativeDue(
  env: Env,
  today: string,
  keyOf: (userId: string, year: number, offset: string) => string,
  plan: (rows: NewDelivery[]) => Promise<number>,
): Promise<number> {
  const years = [yearOfDate(today), yearOfDate(today) + 1]
  const tables = (await registrySnapshot(env)).tablesFor(yearOfDate(today))
  let planned = 0
  let after = ''
  for (;;) {
    const { results: payers } = await env.DB.prepare(
      `SELECT user_id FROM reminder_subscriptions WHERE kind = 'relative_due' AND allowance > 0 AND enabled = 1 AND user_id > ?1
       ORDER BY user_id LIMIT ?2`,
    )
      .bind(after, PAYER_PAGE)
      .all<{ user_id: string }>()
    if (payers.length === 0) return planned
    const { results: bound } = await env.DB.prepare(
      `SELECT payer_user_id, relative_id_hash, relative_name, relative_province, relative_region FROM family_bindings
       WHERE status = 'active' AND payer_user_id IN (SELECT value FROM json_each(?1))`,
    )
      .bind(JSON.stringify(payers.map((p) => p.user_id)))
      .all<BoundRelative>()
    const paidYearsOf = new Map<string, number[]>()
    for (const row of await paidYears(env.DB, [...new Set(bound.map((b) => b.relative_id_hash))], years)) {
      if (row.item !== 'resident-contribution') continue
      const list = paidYearsOf.get(row.id_hash) ?? []
      list.push(row.year)
      paidYearsOf.set(row.id_hash, list)
    }
    const relativesOf = new Map<string, RelativeToRemind[]>()
    for (const b of bound) {
      if (!isProvinceCode(b.relative_province)) continue
      const list = relativesOf.get(b.payer_user_id) ?? []
      list.push({
        name: b.relative_name,
        province: b.relative_province,
        region: b.relative_region,
        paidYears: paidYearsOf.get(b.relative_id_hash) ?? [],
      })
      relativesOf.set(b.payer_user_id, list)
    }
    const rows: NewDelivery[] = []
    for (const [payerId, relatives] of relativesOf) {
      for (const due of dueRelativeReminders(relatives, today, tables)) {
        const fitted = fitData(
          reminderValues('relative_due', { year: due.year, end: due.end, relativeName: relativesLabel(due.names) }),
        )
        if (!fitted.ok) {
          log.error('reminder_field_unfit', { kind: 'relative_due', key: fitted.key })
          continue
        }
        const offset = String(due.offset)
        rows.push({
          key: keyOf(payerId, due.year, offset),
          userId: payerId,
          kind: 'relative_due',
          year: due.year,
          offset,
          campaignId: null,
          dataJson: JSON.stringify(fitted.data),
          page: KIND_INFO.relative_due.page,
          status: 'queued',
        })
      }
    }
    planned += await plan(rows)
    if (payers.length < PAYER_PAGE) return planned
    after = payers.at(-1)!.user_id
  }
}
