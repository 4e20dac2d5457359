/**
 * Which reminders fall on a given Beijing date, from the region's enrollment period and the rules engine.
 * Pure: "today" is always a parameter, never the host's clock.
 */

import { addDays, yearOfDate } from '../api/dates'
import { evaluate, type PolicyInput, type PolicyTables, type ProvinceCode } from '../policy/index'
import { enrollmentWindow } from '../status/enrollment-window'
import { provinceRegionCode } from '../regions'

/** Days before the period's end; a region that publishes its own reminder rhythm is listed here. */
export const DEFAULT_DEADLINE_OFFSETS: readonly number[] = [30, 7, 1]
export const DEADLINE_OFFSETS_BY_REGION: Readonly<Record<string, readonly number[]>> = {}

export function deadlineOffsets(province: ProvinceCode, region: string | null): readonly number[] {
  return (
    (region !== null ? DEADLINE_OFFSETS_BY_REGION[region] : undefined) ??
    DEADLINE_OFFSETS_BY_REGION[provinceRegionCode(province)] ??
    DEFAULT_DEADLINE_OFFSETS
  )
}

export interface DuePeriodReminder {
  kind: 'period_open' | 'deadline'
  /** the coverage year the period enrolls for */
  year: number
  /** days before the end (deadline); 0 for the opening */
  offset: number
  start: string
  end: string
  daysLeft: number
}

/**
 * The period reminders due on `today` in a region. A period can run into the coverage year itself, so both
 * the current and the next coverage year are looked at.
 */
export function duePeriodReminders(
  province: ProvinceCode,
  region: string | null,
  today: string,
  tables?: PolicyTables,
): DuePeriodReminder[] {
  const due: DuePeriodReminder[] = []
  const thisYear = yearOfDate(today)
  for (const year of [thisYear, thisYear + 1]) {
    const w = enrollmentWindow(province, region ?? undefined, year, today, tables)
    if (w.start === today)
      due.push({ kind: 'period_open', year, offset: 0, start: w.start, end: w.end, daysLeft: w.daysLeft })
    for (const offset of deadlineOffsets(province, region)) {
      if (w.phase === 'open' && addDays(w.end, -offset) === today) {
        due.push({ kind: 'deadline', year, offset, start: w.start, end: w.end, daysLeft: w.daysLeft })
      }
    }
  }
  return due
}

/**
 * The coverage year whose benefits start on `today` for this resident, by the engine's waiting-period rules;
 * null when none does (or the engine cannot answer for the input).
 */
export function waitingEndsOn(input: Omit<PolicyInput, 'year'>, today: string, tables?: PolicyTables): number | null {
  const thisYear = yearOfDate(today)
  for (const year of [thisYear, thisYear + 1]) {
    const result = evaluate({ ...input, year } as PolicyInput, tables === undefined ? {} : { tables })
    if (result.ok && result.value.benefitStart === today) return year
  }
  return null
}
