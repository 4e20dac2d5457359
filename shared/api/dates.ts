/**
 * Calendar dates as `YYYY-MM-DD` text in China Standard Time (UTC+8, no daylight saving). The API never
 * reads the host's time zone: "today" is derived from an instant by adding eight hours.
 */

const DATE_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/
const CST_OFFSET_MS = 8 * 60 * 60 * 1000
const DAY_MS = 24 * 60 * 60 * 1000

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31
}

/** Shape and calendar: `2027-02-30` has the shape of a date but is not one. */
export function isCalendarDate(value: string): boolean {
  const m = DATE_SHAPE.exec(value)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  return y >= 1 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo)
}

/** The CST calendar date of an instant. */
export function cstDate(epochMs: number): string {
  return new Date(epochMs + CST_OFFSET_MS).toISOString().slice(0, 10)
}

/** `date` plus `days` calendar days (both CST dates; UTC arithmetic is exact for whole days). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)
}

export const yearOfDate = (date: string): number => Number(date.slice(0, 4))
