// Where today stands against a coverage year's enrollment period (集中参保期): the figure behind
// "还剩N天" on the status page and behind reminder scheduling, from the region's period data (D2 default).

import { formatDate, parseDate, toDayNumber } from '../policy/dates'
import { resolveParams, type PolicyTables } from '../policy/params'
import type { ProvinceCode } from '../policy/types'

export interface EnrollmentWindow {
  readonly year: number
  /** YYYY-MM-DD, CST */
  readonly start: string
  readonly end: string
  readonly phase: 'before' | 'open' | 'closed'
  /** days from today to the start (phase before), else 0 */
  readonly daysUntilStart: number
  /** days left including today (phase open), else 0 */
  readonly daysLeft: number
  /** the period is the D2 default because the region has published none */
  readonly isDefault: boolean
}

/** `tables`: the registry's figures where the caller has them (the Worker's snapshot, the phone's download). */
export function enrollmentWindow(
  province: ProvinceCode,
  region: string | undefined,
  year: number,
  today: string,
  tables?: PolicyTables,
): EnrollmentWindow {
  const params = resolveParams(province, region, year, tables === undefined ? {} : { tables })
  const day = toDayNumber(parseDate(today))
  const startDay = toDayNumber(params.periodStart)
  const endDay = toDayNumber(params.periodEnd)
  const phase = day < startDay ? 'before' : day > endDay ? 'closed' : 'open'
  return {
    year,
    start: formatDate(params.periodStart),
    end: formatDate(params.periodEnd),
    phase,
    daysUntilStart: phase === 'before' ? startDay - day : 0,
    daysLeft: phase === 'open' ? endDay - day + 1 : 0,
    isDefault: params.periodIsDefault,
  }
}
