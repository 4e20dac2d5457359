import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addDays, cstDate, isCalendarDate, yearOfDate } from '../../../shared/api/dates'

const DAY_MS = 86_400_000
/** The reference: UTC midnight arithmetic on the host's Date, exact for whole days. */
const viaDate = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)
const someDate = fc
  .integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 11, 31) })
  .map((ms) => new Date(ms).toISOString().slice(0, 10))

describe('dates as text in China Standard Time', () => {
  it('adds days like the calendar does, across months, leap days and years', () => {
    fc.assert(
      fc.property(
        someDate,
        fc.integer({ min: -20_000, max: 20_000 }),
        (date, days) => addDays(date, days) === viaDate(date, days),
      ),
    )
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29')
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
  })

  it('accepts exactly the real calendar dates', () => {
    fc.assert(fc.property(someDate, (date) => isCalendarDate(date)))
    for (const bad of [
      '2027-02-29',
      '2027-13-01',
      '2027-04-31',
      '2027-1-01',
      '0000-01-01',
      '2027-00-10',
      ' 2027-01-01',
    ]) {
      expect(isCalendarDate(bad), bad).toBe(false)
    }
    expect(isCalendarDate('2028-02-29')).toBe(true)
  })

  it('takes the date of an instant in Beijing, not on the host', () => {
    expect(cstDate(Date.parse('2026-12-31T15:59:59Z'))).toBe('2026-12-31')
    expect(cstDate(Date.parse('2026-12-31T16:00:00Z'))).toBe('2027-01-01')
    expect(yearOfDate(cstDate(Date.parse('2026-12-31T16:00:00Z')))).toBe(2027)
  })
})
