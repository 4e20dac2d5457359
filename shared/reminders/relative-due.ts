/**
 * "Your relative has not paid yet" for a payer in 家庭共济: on the days a relative's own region counts down to
 * its enrollment deadline (the same offsets as the resident's deadline reminder), every bound relative who has
 * not paid for that coverage year is named in one message per payer and day. Pure: "today" is a parameter.
 */

import type { PolicyTables, ProvinceCode } from '../policy/index'
import { FIELD_MAX_CHARS } from './fields'
import { duePeriodReminders } from './schedule'

export interface RelativeToRemind {
  name: string
  province: ProvinceCode
  region: string | null
  /** coverage years already paid or being paid, by anyone */
  paidYears: readonly number[]
}

export interface DueRelativeReminder {
  year: number
  /** days before the deadline; with the year, the payer's idempotency key for the day */
  offset: number
  /** the earliest deadline among the relatives named */
  end: string
  names: string[]
}

export function dueRelativeReminders(
  relatives: readonly RelativeToRemind[],
  today: string,
  tables?: PolicyTables,
): DueRelativeReminder[] {
  const byDay = new Map<string, DueRelativeReminder>()
  for (const relative of relatives) {
    for (const due of duePeriodReminders(relative.province, relative.region, today, tables)) {
      if (due.kind !== 'deadline' || relative.paidYears.includes(due.year)) continue
      const key = `${due.year}:${due.offset}`
      const found = byDay.get(key)
      if (!found) byDay.set(key, { year: due.year, offset: due.offset, end: due.end, names: [relative.name] })
      else {
        if (!found.names.includes(relative.name)) found.names.push(relative.name)
        if (due.end < found.end) found.end = due.end
      }
    }
  }
  return [...byDay.values()].sort((a, b) => a.year - b.year || b.offset - a.offset)
}

/**
 * Who the message names, within WeChat's ten characters for a name field: "刘秀英", "刘秀英等2人", or "2位家人"
 * when a name is too long to carry the count.
 */
export function relativesLabel(names: readonly string[]): string {
  const first = names[0] ?? ''
  const label = names.length === 1 ? first : `${first}等${names.length}人`
  return Array.from(label).length <= FIELD_MAX_CHARS.name ? label : `${names.length}位家人`
}
