/**
 * Calendar dates as `YYYY-MM-DD` text in China Standard Time (UTC+8, no daylight saving). The API never
 * reads the host's time zone: "today" is derived from an instant by adding eight hours. The calendar itself
 * is the rules engine's (shared/policy/dates.ts); this file only adapts it to dates as text.
 */

import { addDays as addDaysToYmd, daysInMonth, formatDate, isDateString, isLeapYear, parseDate } from '../policy/dates'

export { daysInMonth, isLeapYear }

/** China Standard Time is UTC+8 all year (no daylight saving): the one declaration of the offset. */
export const CST_OFFSET_MS = 8 * 60 * 60 * 1000

/** Shape and calendar: `2027-02-30` has the shape of a date but is not one; nor has year 0000 existed. */
export function isCalendarDate(value: string): boolean {
  return isDateString(value) && !value.startsWith('0000')
}

/** The CST calendar date of an instant. */
export function cstDate(epochMs: number): string {
  return new Date(epochMs + CST_OFFSET_MS).toISOString().slice(0, 10)
}

/** `date` plus `days` calendar days (both CST dates). */
export function addDays(date: string, days: number): string {
  return formatDate(addDaysToYmd(parseDate(date), days))
}

export const yearOfDate = (date: string): number => Number(date.slice(0, 4))
