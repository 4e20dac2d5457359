import { KIND_INFO, reminderValues } from '@canbao/shared/reminders/kinds'
import { fitData } from '@canbao/shared/reminders/fields'
import { dueRelativeReminders, relativesLabel, type RelativeToRemind } from '@canbao/shared/reminders/relative-due'
import { isProvinceCode } from '@canbao/shared/policy/index'
import { yearOfDate } from '@canbao/shared/api/dates'
import type { Env } from '../env'
import { activeRelativesOfPayers, paidYears } from '../db/family'
import { relativeDueSubscriberPage, type NewDelivery } from '../db/reminders'
import { log } from '../lib/log'
import { registrySnapshot } from '../registry/snapshot'

/** Payers read per query; their bindings and paid years come in two more queries per page. */
const PAYER_PAGE = 500

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
    const payers = await relativeDueSubscriberPage(env.DB, after, PAYER_PAGE)
    if (payers.length === 0) return planned
    const bound = await activeRelativesOfPayers(env.DB, payers)
    const paidYearsOf = new Map<string, number[]>()
    for (const row of await paidYears(env.DB, [...new Set(bound.map((b) => b.idHash))], years)) {
      if (row.item !== 'resident-contribution') continue
      const list = paidYearsOf.get(row.idHash) ?? []
      list.push(row.year)
      paidYearsOf.set(row.idHash, list)
    }
    const relativesOf = new Map<string, RelativeToRemind[]>()
    for (const b of bound) {
      if (!isProvinceCode(b.province)) continue
      const list = relativesOf.get(b.payerUserId) ?? []
      list.push({ name: b.name, province: b.province, region: b.region, paidYears: paidYearsOf.get(b.idHash) ?? [] })
      relativesOf.set(b.payerUserId, list)
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
    after = payers.at(-1) as string
  }
}
