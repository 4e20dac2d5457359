// Calendar arithmetic on China Standard Time dates without the host's Date or time zone.
// A date travels as a "ymd" number (2027-03-15 → 20270315): ordered like the calendar and cheap to compare;
// only day offsets go through a day number.

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31
}

export function ymd(y: number, m: number, d: number): number {
  return y * 10000 + m * 100 + d
}

export const yearOf = (date: number): number => Math.floor(date / 10000)
export const monthOf = (date: number): number => Math.floor(date / 100) % 100
export const dayOf = (date: number): number => date % 100

/**
 * Shape (YYYY-MM-DD, ASCII digits) and calendar check: 2027-02-30 is not a date. Reads the characters instead
 * of running a regular expression: validation checks every date of every history entry on each request.
 */
export function isDateString(s: string): boolean {
  if (s.length !== 10 || s.charCodeAt(4) !== DASH || s.charCodeAt(7) !== DASH) return false
  for (const i of DIGIT_POSITIONS) {
    const c = s.charCodeAt(i)
    if (c < ZERO || c > NINE) return false
  }
  const date = parseDate(s)
  const m = monthOf(date)
  return m >= 1 && m <= 12 && dayOf(date) >= 1 && dayOf(date) <= daysInMonth(yearOf(date), m)
}

const DASH = 45
const ZERO = 48
const NINE = 57
const DIGIT_POSITIONS = [0, 1, 2, 3, 5, 6, 8, 9]

/** Assumes the YYYY-MM-DD shape (validated input); reads the digits without allocating. */
export function parseDate(s: string): number {
  return (
    s.charCodeAt(0) * 10000000 +
    s.charCodeAt(1) * 1000000 +
    s.charCodeAt(2) * 100000 +
    s.charCodeAt(3) * 10000 +
    s.charCodeAt(5) * 1000 +
    s.charCodeAt(6) * 100 +
    s.charCodeAt(8) * 10 +
    s.charCodeAt(9) -
    ZERO_CODES
  )
}

// '0' (48) in every digit position of a ymd number, subtracted once
const ZERO_CODES = 48 * 11111111

const TWO_DIGITS = Array.from({ length: 32 }, (_, n) => (n < 10 ? '0' : '') + n)

export function formatDate(date: number): string {
  return yearOf(date) + '-' + TWO_DIGITS[monthOf(date)] + '-' + TWO_DIGITS[dayOf(date)]
}

/** "+N months" keeps the day of month, clamped to the month's end (03-31 + 3 months = 06-30). */
export function addMonths(date: number, months: number): number {
  const index = yearOf(date) * 12 + monthOf(date) - 1 + months
  const y = Math.floor(index / 12)
  const m = (index % 12) + 1
  return ymd(y, m, Math.min(dayOf(date), daysInMonth(y, m)))
}

// Days since 1970-01-01 in the proleptic Gregorian calendar (era-based civil algorithm).
export function toDayNumber(date: number): number {
  const m = monthOf(date)
  const y = yearOf(date) - (m <= 2 ? 1 : 0)
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + dayOf(date) - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

export function fromDayNumber(n: number): number {
  const z = n + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1
  const m = mp < 10 ? mp + 3 : mp - 9
  return ymd(yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
}

export function addDays(date: number, days: number): number {
  return fromDayNumber(toDayNumber(date) + days)
}

export const firstDayOf = (year: number): number => ymd(year, 1, 1)
export const lastDayOf = (year: number): number => ymd(year, 12, 31)
